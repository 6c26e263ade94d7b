import CredentialCore

/// One registered route: a pattern and its endpoints in registration order (`register_rest_route`).
struct Route {
    let pattern: RoutePattern
    let namespace: String
    let endpoints: [Endpoint]
    /// The item schema shown by OPTIONS, if the route has one.
    let schema: JSON?
    /// The `Allow` value when no endpoint has a permission check, so it is the same for every
    /// caller and is written once, not per request.
    let publicAllow: String?

    init(_ pattern: String, namespace: String, schema: JSON? = nil, _ endpoints: [Endpoint]) {
        self.pattern = RoutePattern(pattern)
        self.namespace = namespace
        self.endpoints = endpoints
        self.schema = schema
        publicAllow = endpoints.allSatisfy { $0.permission == nil } ? Self.allow(endpoints) : nil
    }

    /// The methods of `endpoints` in order, each once, as `rest_send_allow_header` lists them.
    static func allow(_ endpoints: some Sequence<Endpoint>) -> String {
        var methods: [String] = []
        for endpoint in endpoints {
            for method in endpoint.methods where !methods.contains(method) { methods.append(method) }
        }
        return methods.joined(separator: ", ")
    }
}

/// One handler of a route, with the methods it serves (WordPress's `WP_REST_Server::READABLE` etc.).
struct Endpoint {
    typealias Permission = (RouteContext) throws(RESTError) -> Void
    typealias Handler = (RouteContext) throws(RESTError) -> Reply

    static let readable = ["GET"]
    static let creatable = ["POST"]
    static let editable = ["POST", "PUT", "PATCH"]
    static let deletable = ["DELETE"]

    let methods: [String]
    let arguments: [Argument]
    /// Throws the refusal; nil means public (`__return_true`).
    let permission: Permission?
    let handler: Handler

    init(_ methods: [String], arguments: [Argument] = [], permission: Permission? = nil, handler: @escaping Handler) {
        self.methods = methods
        self.arguments = arguments
        self.permission = permission
        self.handler = handler
    }

    /// HEAD is served by GET handlers.
    func serves(_ method: String) -> Bool {
        methods.contains(method) || (method == "HEAD" && methods.contains("GET"))
    }

    func permits(_ context: RouteContext) -> Bool {
        guard let permission else { return true }
        do { try permission(context); return true } catch { return false }
    }
}

/// What a handler answers before `_fields` filtering and serialisation.
struct Reply {
    var status: Int = 200
    var headers: [(name: String, value: String)] = []
    var body: JSON
    /// `body` already written by `JSONWriter`, when the handler kept it from an earlier request;
    /// used as is unless `_fields` filters the body.
    var rendered: [UInt8]?

    init(status: Int = 200, headers: [(name: String, value: String)] = [], _ body: JSON) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    init(rendered: [UInt8], of body: JSON) {
        self.body = body
        self.rendered = rendered
    }
}
