/// A dualgate user's credential *of the upstream* WordPress (issue 13 item 2): the upstream login
/// and an application password of the upstream. Stored sealed; the password never appears in a
/// description, a debug description or a mirror.
public struct UpstreamCredential: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public let login: String
    public let password: String

    public init(login: String, password: String) {
        self.login = login
        self.password = password
    }

    public var description: String { "UpstreamCredential(login: \(login), password: <redacted>)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["login": login], displayStyle: .struct) }
}

/// One stored upstream credential as `dualgate upstream list` shows it: never the secret.
public struct UpstreamCredentialListing: Sendable, Equatable {
    public let userID: Int64
    public let userLogin: String
    public let upstreamLogin: String
    /// Unix seconds.
    public let created: Int64
    public let updated: Int64

    public init(userID: Int64, userLogin: String, upstreamLogin: String, created: Int64, updated: Int64) {
        self.userID = userID
        self.userLogin = userLogin
        self.upstreamLogin = upstreamLogin
        self.created = created
        self.updated = updated
    }
}
