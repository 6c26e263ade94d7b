/// The credential core's API: users, application passwords and authentication, on one SQLite
/// file. One instance per thread (each event loop opens its own); instances on the same file see
/// each other's committed writes at once (WAL).
public final class CredentialStore {
    public let path: String

    /// Opens (creating with mode 0600 if needed) and migrates the database at `path`.
    public init(path: String) throws(StoreError) {
        self.path = path
        fatalError("CredentialStore: not implemented yet")
    }

    // MARK: users

    public func userCount() throws(StoreError) -> Int { fatalError("not implemented") }

    /// Adds a user; `email` defaults to empty, `displayName` to the login.
    public func addUser(login: String, email: String = "", displayName: String? = nil, role: Role = .subscriber) throws(StoreError) -> User {
        fatalError("not implemented")
    }

    /// All users, by id.
    public func listUsers() throws(StoreError) -> [User] { fatalError("not implemented") }

    public func user(id: Int64) throws(StoreError) -> User? { fatalError("not implemented") }

    /// Looks a user up by login, then (when the text is email-shaped) by email, as WordPress does.
    public func user(loginOrEmail: String) throws(StoreError) -> User? { fatalError("not implemented") }

    // MARK: application passwords

    /// Generates, hashes and stores a new password. The name is sanitised as WordPress's
    /// `sanitize_text_field` does; an empty result throws `.emptyName`.
    public func createPassword(_ request: PasswordRequest, for userID: Int64) throws(StoreError) -> NewPassword {
        fatalError("not implemented")
    }

    /// A user's passwords in creation order.
    public func passwords(of userID: Int64) throws(StoreError) -> [ApplicationPassword] { fatalError("not implemented") }

    public func password(uuid: String, of userID: Int64) throws(StoreError) -> ApplicationPassword? { fatalError("not implemented") }

    /// Applies `changes`; nil when no such password. A name that sanitises to empty is ignored (WordPress).
    public func updatePassword(uuid: String, of userID: Int64, _ changes: PasswordChanges) throws(StoreError) -> ApplicationPassword? {
        fatalError("not implemented")
    }

    /// Deletes one password and returns it as it was; nil when no such password.
    public func revokePassword(uuid: String, of userID: Int64) throws(StoreError) -> ApplicationPassword? { fatalError("not implemented") }

    /// Deletes all of a user's passwords; returns how many there were.
    public func revokeAllPasswords(of userID: Int64) throws(StoreError) -> Int { fatalError("not implemented") }

    // MARK: authentication

    /// Checks `password` (normalised as WordPress does) against the user's application passwords
    /// in constant time, then the API-type flag. On success records usage at most once a day.
    public func verify(login: String, password: String, for api: APIType, from address: String) throws(AuthFailure) -> Caller {
        fatalError("not implemented")
    }
}

@available(*, unavailable) extension CredentialStore: Sendable {}
