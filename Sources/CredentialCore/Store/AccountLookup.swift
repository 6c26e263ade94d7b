/// The account a typed login reaches, looked up at most once per verification: the lockout check
/// may need it before the cache, the uncached check after it, and the failure count after both.
struct AccountLookup {
    /// As the client typed it.
    let login: String
    /// nil until looked up; then the account, or nil inside for a login that reaches none.
    private var result: User??

    init(login: String) { self.login = login }

    /// The account, looking it up the first time (WordPress's order: login, then e-mail).
    mutating func user(in users: UserQueries) throws(SQLiteError) -> User? {
        if let result { return result }
        let user = try users.find(loginOrEmail: login)
        result = .some(user)
        return user
    }

    /// Whom failures count against: the account, or the normalised text of an unknown login.
    mutating func identity(in users: UserQueries) throws(SQLiteError) -> LoginIdentity {
        if let user = try user(in: users) { return .account(user.id) }
        return .unknownLogin(login)
    }

    /// A cache hit names the account without a query.
    mutating func found(_ user: User) { result = .some(user) }

    /// The account when it was looked up and exists.
    var knownUser: User? { result ?? nil }
}
