import CredentialCore
import WireFormat
/// A REST request as the router sees it: already framed, route extracted from `/wp-json/…` or
/// `?rest_route=…`. Knows no sockets.
public struct RESTRequest {
    /// The HTTP method as sent (upper-case), before `_method` / `X-HTTP-Method-Override`.
    public var method: String
    /// The route, e.g. `/wp/v2/users/me` (percent-decoded, no query); `/` for the index.
    public var route: String
    /// Decoded query parameters, in order (`rest_route` itself removed).
    public var query: [(name: String, value: String)]
    /// Header fields in order, names as sent (`header(_:)` looks one up).
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    public var clientAddress: String
    /// `scheme://host[:port]` as the client addressed us.
    public var siteURL: String
    /// How the request came, for `require_https` (the server sets it; `.https` when unknown).
    public var transport: Transport = .https
    /// Query parameters whose text was not valid UTF-8 (`RESTTarget.invalidUTF8Query`): a route
    /// argument among them is refused with `rest_invalid_param` rather than stored altered.
    public var invalidUTF8Query: Set<String>?

    public init(method: String, route: String, query: [(name: String, value: String)], headers: [(name: String, value: String)],
                body: [UInt8], clientAddress: String, siteURL: String) {
        self.method = method
        self.route = route
        self.query = query
        self.headers = headers
        self.body = body
        self.clientAddress = clientAddress
        self.siteURL = siteURL
    }

    /// The first value of a header, its name compared case-insensitively (field names are
    /// ASCII tokens, RFC 9110 §5.1, so ASCII case folding is the whole rule).
    public func header(_ name: String) -> String? { ASCIICase.value(of: name, in: headers) }
}
