import CredentialCore

/// WordPress's `wp/v2` subset that dualgate serves: authenticates (Basic), routes, answers.
/// One per loop thread.
///
/// Order, as `WP_REST_Server::serve_request` and iThemes do it: authentication (a failed Basic
/// header refuses every route), the read-only check on the effective method, routing (OPTIONS
/// answered from the route table), JSON body validity, argument validation, the permission
/// check, the handler, then `_fields` and the `Allow` header.
public final class RESTApplication {
    static let contentTypeHeader = (name: "Content-Type", value: "application/json; charset=UTF-8")

    private let store: CredentialStore
    private let policy: RESTPolicy
    private let router: Router

    /// Obeys the store's site settings, changed live (`RESTPolicy.live`).
    public convenience init(store: CredentialStore) {
        self.init(store: store, policy: .live(store))
    }

    public init(store: CredentialStore, policy: RESTPolicy) {
        self.store = store
        self.policy = policy
        router = Router(routes: [IndexRoute.route, NamespaceRoute.route, UsersMeRoute.route] + ApplicationPasswordRoutes.routes)
    }

    public func handle(_ request: RESTRequest) -> RESTResponse {
        var isLoggedIn = false
        var response = respond(to: request, isLoggedIn: &isLoggedIn)
        if request.query.contains(where: { $0.name == "_envelope" }) { response = Envelope.wrap(response) }
        // `_pretty` (read from the query only): JSON_PRETTY_PRINT.
        if request.query.contains(where: { $0.name == "_pretty" }), let body = try? JSONReader.parse(response.body) {
            response.body = JSONWriter.bytes(body, pretty: true)
        }
        // `WP_REST_Server::serve_request` sends these on every REST answer, errors included.
        response.headers.append(("X-Robots-Tag", "noindex"))
        response.headers.append(("Link", link(request.siteURL)))
        response.headers.append(("X-Content-Type-Options", "nosniff"))
        CORSHeaders.add(to: &response.headers, origin: request.header("Origin"), method: request.method,
                        isLoggedIn: isLoggedIn, allowed: policy.allowedOrigins)
        return response
    }

    /// The `Link` header of the last site URL seen (nearly always the same one).
    private var lastLink: (siteURL: String, value: String) = ("", "")

    private func link(_ siteURL: String) -> String {
        if lastLink.siteURL != siteURL || lastLink.value.isEmpty {
            lastLink = (siteURL, "<\(siteURL)/wp-json/>; rel=\"https://api.w.org/\"")
        }
        return lastLink.value
    }

    /// `isLoggedIn`: whether a Basic header authenticated (WordPress's `is_user_logged_in()`).
    private func respond(to request: RESTRequest, isLoggedIn: inout Bool) -> RESTResponse {
        let method = EffectiveMethod.of(request)
        let caller: Caller?
        let isAvailable = policy.isAvailable()
        switch authenticate(request, isAvailable: isAvailable) {
        case .success(let authenticated): caller = authenticated
        case .failure(let error): return error.response
        }
        isLoggedIn = caller != nil
        if let caller, caller.isReadOnly(on: .rest), !EffectiveMethod.isReading(method) {
            return RESTError.readOnly.response
        }
        var context = RouteContext(request: request, method: method, parameters: Parameters(request: request), caller: caller,
                                   store: store, links: Links(siteURL: request.siteURL), routes: router.routes,
                                   isAvailable: isAvailable, policy: policy)
        let path = Router.normalise(request.route)
        if method == "OPTIONS" { return options(path, &context) }
        guard case .endpoint(let route, let endpoint, let urlParameters) = router.match(path, method: method) else {
            return RESTError.noRoute.response
        }
        context.parameters.url = urlParameters
        let allow = allowHeader(route, context)
        do throws(RESTError) {
            if let jsonError = context.parameters.jsonError { throw RESTError.invalidJSON(jsonError) }
            try Argument.validate(endpoint.arguments, context.parameters)
            try endpoint.permission?(context)
            let reply = try endpoint.handler(context)
            let bytes: [UInt8]
            if let fields = FieldsFilter(context.parameters.value("_fields")) {
                bytes = JSONWriter.bytes(fields.apply(reply.body))
            } else {
                bytes = reply.rendered ?? JSONWriter.bytes(reply.body)
            }
            // Room for `handle`'s three as well: one array per answer, not one per concatenation.
            var headers: [(name: String, value: String)] = []
            headers.reserveCapacity(reply.headers.count + 5)
            headers.append(Self.contentTypeHeader)
            headers.append(contentsOf: reply.headers)
            headers.append(allow)
            return RESTResponse(status: reply.status, headers: headers, body: bytes)
        } catch {
            var response = error.response
            response.headers.append(allow)
            return response
        }
    }

    /// No usable Basic header, or application passwords unavailable site-wide → anonymous (nil,
    /// §6.2: no attempt). A Basic header that fails → the mapped 401.
    private func authenticate(_ request: RESTRequest, isAvailable: Bool) -> Result<Caller?, RESTError> {
        guard isAvailable, let header = request.header("Authorization"), let credentials = BasicCredentials(authorizationHeader: header) else {
            return .success(nil)
        }
        // WordPress attempts even an empty login (it then fails as an unknown username).
        let gate = AuthGate(store: store, api: .rest, clientAddress: request.clientAddress)
        do {
            let caller = try gate.authenticate(login: credentials.login, password: credentials.password)
            guard policy.isAvailableForUser(caller.user) else { return .failure(.passwordsDisabledForUser(status: 401)) }
            return .success(caller)
        } catch {
            return .failure(RESTError(error))
        }
    }

    /// `rest_handle_options_request`: the first route whose pattern matches, described with its
    /// schema; no matching route → 200 with `[]`, as WordPress answers.
    private func options(_ path: String, _ context: inout RouteContext) -> RESTResponse {
        guard let (route, urlParameters) = router.route(for: path) else {
            return RESTResponse(status: 200, headers: [Self.contentTypeHeader], body: JSONWriter.bytes(.array([])))
        }
        context.parameters.url = urlParameters
        let body = RouteDescription.describe(route, links: context.links, withSchema: true)
        return RESTResponse(status: 200, headers: [Self.contentTypeHeader, allowHeader(route, context)], body: JSONWriter.bytes(body))
    }

    /// `rest_send_allow_header`: the route's methods whose permission check passes for this caller.
    private func allowHeader(_ route: Route, _ context: RouteContext) -> (name: String, value: String) {
        ("Allow", route.publicAllow ?? Route.allow(route.endpoints.lazy.filter { $0.permits(context) }))
    }
}

@available(*, unavailable) extension RESTApplication: Sendable {}
