import CredentialCore

/// What the XML-RPC endpoint needs to know about the HTTP request that carried a call.
public struct CallContext {
    /// The loop thread's own store.
    public let store: CredentialStore
    /// Parsed HTTP Basic credentials, when the request carried a well-formed header.
    public let basicCredentials: BasicCredentials?
    /// The socket peer's address, as text.
    public let clientAddress: String
    /// `scheme://host[:port]` as the client addressed us (for `url` / `xmlrpc` members).
    public let siteURL: String

    public init(store: CredentialStore, basicCredentials: BasicCredentials?, clientAddress: String, siteURL: String) {
        self.store = store
        self.basicCredentials = basicCredentials
        self.clientAddress = clientAddress
        self.siteURL = siteURL
    }
}

/// Body bytes in, `methodResponse` bytes out (always sent with HTTP 200). Knows no sockets.
public final class Endpoint {
    public init(registry: MethodRegistry) { fatalError("not implemented") }

    public func handle(body: [UInt8], context: CallContext) -> [UInt8] { fatalError("not implemented") }
}

@available(*, unavailable) extension Endpoint: Sendable {}
