import CredentialCore

/// One registered route: a pattern and its endpoints in registration order
/// (`register_rest_route`). The built-in routes are made with this API like anyone else's.
///
/// The pattern is written as WordPress registers it, with typed path parameters:
/// `(?P<name>\d+)` (digits, read with `RESTRouteContext.urlInteger`), `(?P<name>[\w-]+)` (a
/// word: ASCII letters, digits, `_`, `-`) and `(?P<name>(?:[\d]+|me))` (a user id or `me`).
/// Literal segments match case-insensitively, as WordPress's `@^route$@i`.
public struct RESTRoute: Sendable {
    let pattern: RoutePattern
    public let namespace: String
    public let endpoints: [RESTEndpoint]
    /// The item schema shown by OPTIONS, if the route has one.
    public let schema: JSON?
    /// The `Allow` value when no endpoint has a permission check, so it is the same for every
    /// caller and is written once, not per request.
    let publicAllow: String?

    /// - Throws: when a path parameter is not one of the three shapes above.
    public init(_ pattern: String, namespace: String, schema: JSON? = nil, _ endpoints: [RESTEndpoint]) throws(RoutePatternError) {
        self.init(checked: try RoutePattern(validating: pattern), namespace: namespace, schema: schema, endpoints)
    }

    /// The built-in routes' patterns are known good.
    init(_ pattern: String, namespace: String, schema: JSON? = nil, builtIn endpoints: [RESTEndpoint]) {
        self.init(checked: RoutePattern(pattern), namespace: namespace, schema: schema, endpoints)
    }

    private init(checked pattern: RoutePattern, namespace: String, schema: JSON?, _ endpoints: [RESTEndpoint]) {
        self.pattern = pattern
        self.namespace = namespace
        self.endpoints = endpoints
        self.schema = schema
        publicAllow = endpoints.allSatisfy { $0.permission == nil } ? Self.allow(endpoints) : nil
    }

    /// The pattern as registered (the key in the index and in OPTIONS answers).
    public var path: String { pattern.text }

    /// dualgate's own routes, in WordPress's registration order: the index, `wp/v2`, `users/me`
    /// and the application-password routes.
    public static var standard: [RESTRoute] {
        [IndexRoute.route, NamespaceRoute.route, UsersMeRoute.route] + ApplicationPasswordRoutes.routes
    }

    /// The methods of `endpoints` in order, each once, as `rest_send_allow_header` lists them.
    static func allow(_ endpoints: some Sequence<RESTEndpoint>) -> String {
        var methods: [String] = []
        for endpoint in endpoints {
            for method in endpoint.methods where !methods.contains(method) { methods.append(method) }
        }
        return methods.joined(separator: ", ")
    }
}

/// One handler of a route, with the methods it serves (WordPress's `WP_REST_Server::READABLE` etc.).
public struct RESTEndpoint: Sendable {
    /// Throws the refusal (`RESTError.forbidden` and the like); nil means public (`__return_true`).
    public typealias Permission = @Sendable (RESTRouteContext) throws(RESTError) -> Void
    public typealias Handler = @Sendable (RESTRouteContext) throws(RESTError) -> RESTReply

    public static let readable = ["GET"]
    public static let creatable = ["POST"]
    public static let editable = ["POST", "PUT", "PATCH"]
    public static let deletable = ["DELETE"]

    public let methods: [String]
    public let arguments: [RESTArgument]
    let permission: Permission?
    let handler: Handler
    /// Whether the endpoint changes anything, so that a read-only password is refused (`403
    /// unsupported_http_method`). nil: decided by the HTTP method (GET, HEAD, OPTIONS read).
    public let writes: Bool?

    /// The arguments' defaults, nil when none has one (the built-ins: no dictionary per request).
    let defaults: [String: JSON]?

    public init(_ methods: [String], arguments: [RESTArgument] = [], writes: Bool? = nil, permission: Permission? = nil,
                handler: @escaping Handler) {
        self.methods = methods
        self.arguments = arguments
        self.writes = writes
        self.permission = permission
        self.handler = handler
        let defaults = arguments.compactMap { argument in argument.defaultValue.map { (argument.name, $0) } }
        self.defaults = defaults.isEmpty ? nil : Dictionary(defaults, uniquingKeysWith: { first, _ in first })
    }

    /// HEAD is served by GET handlers.
    func serves(_ method: String) -> Bool {
        methods.contains(method) || (method == "HEAD" && methods.contains("GET"))
    }

    /// Whether serving `method` here writes.
    func isWriting(_ method: String) -> Bool { writes ?? !EffectiveMethod.isReading(method) }

    func permits(_ context: RESTRouteContext) -> Bool {
        guard let permission else { return true }
        do { try permission(context); return true } catch { return false }
    }
}

/// What a handler answers: a status, extra headers and a JSON body, before `_fields` filtering
/// and serialisation. Errors are thrown as `RESTError` (WordPress's `{code, message, data}`).
public struct RESTReply: Sendable {
    public var status: Int = 200
    public var headers: [(name: String, value: String)] = []
    public var body: JSON
    /// `body` already written by `JSONWriter`, when the handler kept it from an earlier request;
    /// used as is unless `_fields` filters the body.
    var rendered: [UInt8]?

    public init(status: Int = 200, headers: [(name: String, value: String)] = [], _ body: JSON) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    init(rendered: [UInt8], of body: JSON) {
        self.body = body
        self.rendered = rendered
    }
}
