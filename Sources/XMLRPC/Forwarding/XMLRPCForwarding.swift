import CredentialCore

/// How one HTTP request's XML-RPC calls are forwarded upstream; the Gateway builds it per request
/// from its flags and the site settings and hands it to `XMLRPCEndpoint.route(body:context:forwarding:)`.
public struct XMLRPCForwarding {
    /// Where each method carries its credentials and whether it writes.
    public var catalogue: XMLRPCCatalogue
    /// `--xmlrpc-unknown forward`: a method missing from the catalogue goes upstream unchanged,
    /// its params as typed (we cannot know where its credentials sit, so none are checked or
    /// swapped). Without it such a call is refused with -32601: fail closed.
    public var forwardUnknown: Bool
    /// The site setting `xmlrpc_pingbacks`: `pingback.*` is refused unless it is on.
    public var pingbacksAllowed: Bool
    public var credentials: UpstreamCredentialSource

    public init(catalogue: XMLRPCCatalogue = .wordpress, forwardUnknown: Bool = false, pingbacksAllowed: Bool = false,
                credentials: UpstreamCredentialSource) {
        self.catalogue = catalogue
        self.forwardUnknown = forwardUnknown
        self.pingbacksAllowed = pingbacksAllowed
        self.credentials = credentials
    }
}

/// What takes the place of the client's credentials in a forwarded call.
public enum UpstreamCredentialSource {
    /// Credential translation: the caller's upstream (login, password), or nil when the user has
    /// none (→ fault 403). Called once per authenticated call, on the request's thread.
    case translate((Caller) -> (login: String, password: String)?)
    /// `--upstream-auth headers`: no credential goes upstream (the login and password params become
    /// empty strings); the gateway sends signed identity headers for `UpstreamCall.caller` instead.
    /// One request then speaks for one caller: a multicall entry that authenticates as another
    /// user or password than the first is refused (fault 403).
    case identityHeaders
}
