/// A user account. dualgate users have no login password: only application passwords authenticate.
public struct User: Sendable, Equatable, Hashable {
    public let id: Int64
    public let login: String
    public let email: String
    public let displayName: String
    /// WordPress's `user_nicename`, used as the REST `slug`.
    public let nicename: String
    public let role: Role
    /// Unix seconds, UTC.
    public let registered: Int64

    public init(id: Int64, login: String, email: String, displayName: String, nicename: String, role: Role, registered: Int64) {
        self.id = id
        self.login = login
        self.email = email
        self.displayName = displayName
        self.nicename = nicename
        self.role = role
        self.registered = registered
    }
}
