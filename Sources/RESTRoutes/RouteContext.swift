import CredentialCore

/// Everything a handler may look at for one request: the request, its effective method, its
/// parameters, who is calling, and the store.
struct RouteContext {
    let request: RESTRequest
    let method: String
    var parameters: Parameters
    /// nil for an anonymous request.
    let caller: Caller?
    let store: CredentialStore
    let links: Links
    /// Every registered route, for the index.
    let routes: [Route]
    /// Application passwords available site-wide for this request (§5).
    let isAvailable: Bool
    let policy: RESTPolicy

    var isLoggedIn: Bool { caller != nil }

    /// The requested `context` (defaulted to `view` by the endpoint's declaration).
    var context: String { parameters.string("context") ?? "view" }

    /// Runs a store call, turning its refusal into WordPress's REST error.
    func store<T>(_ operation: (CredentialStore) throws(StoreError) -> T) throws(RESTError) -> T {
        do { return try operation(store) } catch { throw RESTError(error) }
    }
}

@available(*, unavailable) extension RouteContext: Sendable {}

/// Builds absolute REST URLs (`rest_url`): the site URL, `/wp-json`, the route.
struct Links {
    let siteURL: String

    func rest(_ route: String) -> String { siteURL + "/wp-json" + route }

    func link(_ href: String) -> JSON { .array([.object([("href", .string(href))])]) }
}
