/// One per HTTP request: after one failed authentication every later attempt in the same request
/// fails without being checked (WordPress's multicall amplification defence, since 4.4).
public final class AuthGate {
    private let store: CredentialStore
    private let api: APIType
    private let clientAddress: String
    private var hasFailed = false

    public init(store: CredentialStore, api: APIType, clientAddress: String) {
        self.store = store
        self.api = api
        self.clientAddress = clientAddress
    }

    public func authenticate(login: String, password: String) throws(AuthFailure) -> Caller {
        if hasFailed { throw .notCheckedAfterEarlierFailure }
        do {
            return try store.verify(login: login, password: password, for: api, from: clientAddress)
        } catch {
            hasFailed = true
            throw error
        }
    }

    /// True once an attempt in this request has failed.
    public var hasFailedBefore: Bool { hasFailed }
}

@available(*, unavailable) extension AuthGate: Sendable {}
