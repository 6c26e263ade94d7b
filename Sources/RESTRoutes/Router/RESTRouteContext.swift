import CredentialCore

/// Everything a handler may look at for one request: the request, its effective method, its
/// parameters (already validated against the endpoint's arguments), who is calling, and the store.
public struct RESTRouteContext {
    public let request: RESTRequest
    /// The effective method (`?_method=`, `X-HTTP-Method-Override` applied).
    public let method: String
    var parameters: Parameters
    /// Who authenticated this request (the API-type split, the controls and the lockout already
    /// passed); nil for an anonymous request.
    public let caller: Caller?
    /// This loop's own store connection.
    public let store: CredentialStore
    let links: Links
    /// This loop's answer caches.
    let caches: LoopCaches
    /// The answer will be reshaped (`_pretty`, `_envelope`): a handler must give the tree, not
    /// only written bytes.
    var needsTree = false
    /// Every registered route, for the index.
    let routes: [RESTRoute]
    /// Application passwords available site-wide for this request (§5).
    let isAvailable: Bool
    let policy: RESTPolicy

    var isLoggedIn: Bool { caller != nil }

    /// A parameter as WordPress's `get_param` finds it: JSON body, form body, query, then the URL;
    /// an absent declared argument reads as its default.
    public func value(_ name: String) -> JSON? { parameters.value(name) }

    public func string(_ name: String) -> String? { parameters.value(name)?.stringValue }

    /// A declared `integer` argument (numeric strings included), or a digits path parameter.
    public func integer(_ name: String) -> Int64? { parameters.value(name).flatMap { RESTArgument.typed($0, as: .integer)?.intValue } }

    /// A declared `boolean` argument (`"true"`, `"1"`, … included).
    public func bool(_ name: String) -> Bool? { parameters.value(name).flatMap { RESTArgument.typed($0, as: .boolean)?.boolValue } }

    /// A path parameter by its `(?P<name>…)` name.
    public func pathParameter(_ name: String) -> String? { parameters.url[name] }

    /// The site's URL as the client addressed it (`scheme://host[:port]`).
    public var siteURL: String { request.siteURL }

    /// The requested `context` (defaulted to `view` by the endpoint's declaration).
    var context: String { parameters.string("context") ?? "view" }

    /// Runs a store call, turning its refusal into WordPress's REST error.
    func store<T>(_ operation: (CredentialStore) throws(StoreError) -> T) throws(RESTError) -> T {
        do { return try operation(store) } catch { throw RESTError(error) }
    }
}

@available(*, unavailable) extension RESTRouteContext: Sendable {}

/// Builds absolute REST URLs (`rest_url`): the site URL, `/wp-json`, the route.
struct Links {
    let siteURL: String

    func rest(_ route: String) -> String { siteURL + "/wp-json" + route }

    func link(_ href: String) -> JSON { .array([.object([("href", .string(href))])]) }
}
