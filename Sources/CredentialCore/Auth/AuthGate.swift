/// One per HTTP request: after one failed authentication every later attempt in the same request
/// fails without being checked (WordPress's multicall amplification defence, since 4.4).
public final class AuthGate {
    private let store: CredentialStore
    private let api: APIType
    private let clientAddress: String
    private let settingsAreFresh: Bool
    private let transport: Transport
    private var hasFailed = false

    /// `settingsAreFresh`: the request has just read the store's settings (see `verify`).
    /// `transport`: how the request came (`require_https`); a caller that does not know says `.https`.
    public init(store: CredentialStore, api: APIType, clientAddress: String, transport: Transport = .https, settingsAreFresh: Bool = false) {
        self.store = store
        self.api = api
        self.clientAddress = clientAddress
        self.transport = transport
        self.settingsAreFresh = settingsAreFresh
    }

    public func authenticate(login: String, password: String) throws(AuthFailure) -> Caller {
        if hasFailed { throw .notCheckedAfterEarlierFailure }
        do {
            return try store.verify(login: login, password: password, for: api, from: clientAddress, transport: transport,
                                    settingsAreFresh: settingsAreFresh)
        } catch {
            hasFailed = true
            throw error
        }
    }
}

@available(*, unavailable) extension AuthGate: Sendable {}
