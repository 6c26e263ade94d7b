import CredentialCore

/// Gateway mode: what becomes of a REST request. dualgate answers its own routes (the application
/// passwords); everything else is the upstream's, once the caller passed the same checks as here.
public enum RESTDecision {
    case answer(RESTResponse)
    /// Forward, as `caller` (nil: anonymously, the client sent no credential).
    case forward(Caller?)
}

extension RESTRoute {
    /// The routes dualgate itself answers in front of an upstream: the application-password routes.
    /// The index, `/wp/v2` and `users/me` are the upstream's.
    public static var gatewayOwned: [RESTRoute] { ApplicationPasswordRoutes.routes }

    /// `routes` without the ones an upstream answers in gateway mode (the index, `/wp/v2`, `users/me`):
    /// an embedder's own routes stay.
    public static func forGateway(_ routes: [RESTRoute]) -> [RESTRoute] {
        let upstreams: Set<String> = [IndexRoute.route.pattern.text, NamespaceRoute.route.pattern.text, UsersMeRoute.route.pattern.text]
        return routes.filter { !upstreams.contains($0.pattern.text) }
    }
}

extension RESTApplication {
    /// Routes the request: one of this application's routes is answered here; any other path is judged
    /// as WordPress would judge a route it serves (a failed credential refuses; a read-only password may
    /// only read; `rest_anonymous` = `refuse` is Solid Security's "Restricted Access": no anonymous REST) and
    /// then forwarded.
    /// Whether the request's path is one of this application's routes (answered here, never forwarded).
    public func serves(_ request: RESTRequest) -> Bool {
        router.hasRoute(for: Router.normalise(request.route))
    }

    public func decide(_ request: RESTRequest) -> RESTDecision {
        let path = Router.normalise(request.route)
        let method = EffectiveMethod.of(request)
        if router.match(path, method: method) != nil { return .answer(handle(request)) }
        if router.hasRoute(for: path) { return .answer(handle(request)) }   // ours, wrong method: ours to refuse
        let shaping = Shaping(request.query)
        let caller: Caller?
        switch authenticate(request, isAvailable: policy.isAvailable()) {
        case .success(let authenticated): caller = authenticated
        case .failure(let error): return .answer(finish(error.reply, request, shaping: shaping, isLoggedIn: false))
        }
        if let caller, caller.isReadOnly(on: .rest), !EffectiveMethod.isReading(method) {
            return .answer(finish(RESTError.readOnly.reply, request, shaping: shaping, isLoggedIn: true))
        }
        // `authenticate` has just read the settings (`policy.isAvailable()`).
        if caller == nil && !store.lastReadSettings.restAnonymousAllowed {
            return .answer(finish(RESTError.notLoggedIn.reply, request, shaping: shaping, isLoggedIn: false))
        }
        return .forward(caller)
    }

    /// Whether application passwords are on site-wide (the index's `authentication` member says so).
    public var passwordsAvailable: Bool { policy.isAvailable() }

    /// A gateway-made REST error (no upstream credential, upstream down or slow), written like any other.
    public func answer(_ error: RESTError, to request: RESTRequest, isLoggedIn: Bool) -> RESTResponse {
        finish(error.reply, request, shaping: Shaping(request.query), isLoggedIn: isLoggedIn)
    }
}

extension RESTError {
    /// The caller is authenticated here but holds no credential for the upstream (`dualgate upstream set`).
    public static let noUpstreamCredential = RESTError(403, "dualgate_no_upstream_credential",
                                                       "dualgate holds no upstream credential for this user; an administrator can add one with 'dualgate upstream set' or 'dualgate upstream enroll'.")
    public static let upstreamUnavailable = RESTError(502, "upstream_unavailable", "The site behind this gateway did not answer; try again later.")
    public static let upstreamTimeout = RESTError(504, "upstream_timeout", "The site behind this gateway did not answer in time; try again later.")
}

/// The REST index from the upstream, with dualgate's `authentication` member (where applications are
/// authorised is the gateway's business, since its passwords are the ones clients use).
public enum GatewayIndex {
    /// nil when the upstream's body is not a JSON object (then it goes to the client unchanged).
    public static func rewrite(_ body: [UInt8], siteURL: String, passwordsAvailable: Bool) -> [UInt8]? {
        guard let tree = try? JSONReader.parse(body), case .object(var members) = tree else { return nil }
        let authentication = IndexRoute.authentication(site: siteURL, available: passwordsAvailable)
        if let index = members.firstIndex(where: { $0.key == "authentication" }) {
            members[index].value = authentication
        } else {
            members.append(("authentication", authentication))
        }
        return JSONWriter.bytes(.object(members))
    }
}
