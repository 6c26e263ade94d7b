import CredentialCore

/// What the XML-RPC endpoint needs to know about the HTTP request that carried a call.
public struct CallContext {
    /// The loop thread's own store.
    public let store: CredentialStore
    /// Parsed HTTP Basic credentials, when the request carried a well-formed header.
    public let basicCredentials: BasicCredentials?
    /// The client's address, as text (behind a trusted proxy, the one it reported).
    public let clientAddress: String
    /// `scheme://host[:port]` as the client addressed us (for `url` / `xmlrpc` members).
    public let siteURL: String
    /// How the request came, for `require_https`.
    public let transport: Transport

    public init(store: CredentialStore, basicCredentials: BasicCredentials?, clientAddress: String, siteURL: String,
                transport: Transport = .https) {
        self.store = store
        self.basicCredentials = basicCredentials
        self.clientAddress = clientAddress
        self.siteURL = siteURL
        self.transport = transport
    }
}

/// Body bytes in, `methodResponse` bytes out (always sent with HTTP 200). Knows no sockets.
public final class XMLRPCEndpoint {
    let registry: MethodRegistry
    let memo = LoopMemo()

    public init(registry: MethodRegistry) { self.registry = registry }

    /// Decodes, dispatches and encodes one request. Never throws: every problem is a fault
    /// document. `parse()` is synchronous; the caller decides which thread pays for it.
    public func handle(body: [UInt8], context: CallContext) -> [UInt8] {
        let call: MethodCall
        do throws(Fault) {
            call = try ValueDecoder.methodCall(from: body)
        } catch {
            return ValueEncoder.fault(error)
        }
        let session = RequestSession(registry: registry, context: context, memo: memo)
        return answer(session.dispatch(call.methodName, call.params))
    }

    /// One call's outcome as a `methodResponse` document.
    func answer(_ result: Result<Value, Fault>) -> [UInt8] {
        switch result {
        case .success(let value):
            do throws(Fault) {
                return try ValueEncoder.response(value)
            } catch {
                return ValueEncoder.fault(error)
            }
        case .failure(let fault):
            return ValueEncoder.fault(fault)
        }
    }
}

@available(*, unavailable) extension XMLRPCEndpoint: Sendable {}
