import CredentialCore

/// WordPress's `wp/v2` subset that dualgate serves: authenticates (Basic), routes, answers.
/// One per loop thread.
///
/// Order, as `WP_REST_Server::serve_request` and iThemes do it: authentication (a failed Basic
/// header refuses every route), routing (OPTIONS answered from the route table), the read-only
/// check (the endpoint's `writes`, else the effective method; a route that does not match is
/// judged by the method), JSON body validity, argument validation, the permission check, the
/// handler, then `_fields` and the `Allow` header.
public final class RESTApplication {
    let store: CredentialStore
    let policy: RESTPolicy
    let router: Router
    private let caches = LoopCaches()

    /// Obeys the store's site settings, changed live (`RESTPolicy.live`). `routes` are matched in
    /// order, the first match winning (`RESTRoute.standard` plus an embedder's own, usually).
    public convenience init(store: CredentialStore, routes: [RESTRoute] = RESTRoute.standard) {
        self.init(store: store, policy: .live(store), routes: routes)
    }

    public init(store: CredentialStore, policy: RESTPolicy, routes: [RESTRoute] = RESTRoute.standard) {
        self.store = store
        self.policy = policy
        router = Router(routes: routes)
    }

    public func handle(_ request: RESTRequest) -> RESTResponse {
        var isLoggedIn = false
        let shaping = Shaping(request.query)
        let reply = respond(to: request, shaping: shaping, isLoggedIn: &isLoggedIn)
        return finish(reply, request, shaping: shaping, isLoggedIn: isLoggedIn)
    }

    /// Writes a reply as every REST answer is written: envelope, pretty print, WordPress's headers, CORS.
    func finish(_ reply: RESTReply, _ request: RESTRequest, shaping: Shaping, isLoggedIn: Bool) -> RESTResponse {
        var reply = reply
        if shaping.envelope { reply = Envelope.wrap(reply) }
        // Written once: `_pretty` (read from the query only) is JSON_PRETTY_PRINT from the tree.
        let body = shaping.pretty ? JSONWriter.bytes(reply.body, pretty: true) : reply.rendered ?? JSONWriter.bytes(reply.body)
        var headers = reply.headers
        // `WP_REST_Server::serve_request` sends these on every REST answer, errors included.
        headers.append(("X-Robots-Tag", "noindex"))
        headers.append(("Link", link(request.siteURL)))
        headers.append(("X-Content-Type-Options", "nosniff"))
        CORSHeaders.add(to: &headers, origin: request.header("Origin"), method: request.method,
                        isLoggedIn: isLoggedIn, allowed: policy.allowedOrigins)
        return RESTResponse(status: reply.status, headers: headers, body: body)
    }

    /// The query's answer-shaping switches (`_envelope`, `_pretty`); either needs the answer as a
    /// tree, which handlers that keep written bytes (`users/me`) then build.
    struct Shaping {
        let envelope: Bool
        let pretty: Bool

        init(_ query: [(name: String, value: String)]) {
            var envelope = false, pretty = false
            for pair in query {
                if pair.name == "_envelope" { envelope = true } else if pair.name == "_pretty" { pretty = true }
            }
            self.envelope = envelope
            self.pretty = pretty
        }

        var needsTree: Bool { envelope || pretty }
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
    private func respond(to request: RESTRequest, shaping: Shaping, isLoggedIn: inout Bool) -> RESTReply {
        let method = EffectiveMethod.of(request)
        let caller: Caller?
        let isAvailable = policy.isAvailable()
        switch authenticate(request, isAvailable: isAvailable) {
        case .success(let authenticated): caller = authenticated
        case .failure(let error): return error.reply
        }
        isLoggedIn = caller != nil
        let isReadOnly = caller?.isReadOnly(on: .rest) ?? false
        var context = RESTRouteContext(request: request, method: method, parameters: Parameters(request: request), caller: caller,
                                   store: store, links: Links(siteURL: request.siteURL), caches: caches, routes: router.routes,
                                   isAvailable: isAvailable, policy: policy)
        context.needsTree = shaping.needsTree
        let path = Router.normalise(request.route)
        if method == "OPTIONS" { return options(path, &context) }
        // Used through the match, not bound to locals: each binding would copy a route or an endpoint.
        guard let match = router.match(path, method: method) else {
            return isReadOnly && !EffectiveMethod.isReading(method) ? RESTError.readOnly.reply : RESTError.noRoute.reply
        }
        if isReadOnly, match.endpoint.isWriting(method) { return RESTError.readOnly.reply }
        context.parameters.url = match.parameters
        if let defaults = match.endpoint.defaults { context.parameters.defaults = defaults }
        let allow = allowHeader(match.route, context)
        do throws(RESTError) {
            if let jsonError = context.parameters.jsonError { throw RESTError.invalidJSON(jsonError) }
            try RESTArgument.validate(match.endpoint.arguments, context.parameters)
            try match.endpoint.permission?(context)
            var reply = try match.endpoint.handler(context)
            if let fields = FieldsFilter(context.parameters.value("_fields")) {
                reply.body = fields.apply(reply.body)
                reply.rendered = nil
            }
            // Room for `handle`'s three as well: one array per answer, not one per concatenation.
            var headers: [(name: String, value: String)] = []
            headers.reserveCapacity(reply.headers.count + 5)
            headers.append(contentsOf: reply.headers)
            headers.append(allow)
            reply.headers = headers
            return reply
        } catch {
            var reply = error.reply
            reply.headers.append(allow)
            return reply
        }
    }

    /// No usable Basic header, or application passwords unavailable site-wide → anonymous (nil,
    /// §6.2: no attempt). A Basic header that fails → the mapped 401. One decision by the core:
    /// `verify` also refuses a role that may not use application passwords
    /// (`.applicationPasswordsUnavailable`, 401), and `isAvailable` has just read the settings.
    func authenticate(_ request: RESTRequest, isAvailable: Bool) -> Result<Caller?, RESTError> {
        guard isAvailable, let header = request.header("Authorization"), let credentials = BasicCredentials(authorizationHeader: header) else {
            return .success(nil)
        }
        // WordPress attempts even an empty login (it then fails as an unknown username).
        let gate = AuthGate(store: store, api: .rest, clientAddress: request.clientAddress, transport: request.transport,
                            settingsAreFresh: policy.readsSettingsWhenAskedIfAvailable)
        do {
            return .success(try gate.authenticate(login: credentials.login, password: credentials.password))
        } catch {
            return .failure(RESTError(error))
        }
    }

    /// `rest_handle_options_request`: the first route whose pattern matches, described with its
    /// schema; no matching route → 200 with `[]`, as WordPress answers.
    private func options(_ path: String, _ context: inout RESTRouteContext) -> RESTReply {
        guard let (route, urlParameters) = router.route(for: path) else { return RESTReply(.array([])) }
        context.parameters.url = urlParameters
        return RESTReply(headers: [allowHeader(route, context)], RouteDescription.describe(route, links: context.links, withSchema: true))
    }

    /// `rest_send_allow_header`: the route's methods whose permission check passes for this caller.
    private func allowHeader(_ route: RESTRoute, _ context: RESTRouteContext) -> (name: String, value: String) {
        ("Allow", route.publicAllow ?? RESTRoute.allow(route.endpoints.lazy.filter { $0.permits(context) }))
    }
}

@available(*, unavailable) extension RESTApplication: Sendable {}
