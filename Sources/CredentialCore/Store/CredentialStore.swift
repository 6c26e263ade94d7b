#if canImport(Glibc)
import Glibc
#endif

/// The credential core's API: users, application passwords and authentication, on one SQLite
/// file. One instance per thread (each event loop opens its own); instances on the same file see
/// each other's committed writes at once (WAL).
public final class CredentialStore {
    public let path: String
    private let connection: Connection
    private let users: UserQueries
    private let passwords: PasswordQueries
    private let now: () -> Int64

    /// Opens (creating with mode 0600 if needed) and migrates the database at `path`.
    public convenience init(path: String) throws(StoreError) {
        try self.init(path: path, clock: { Int64(time(nil)) })
    }

    /// As `init(path:)`, with the source of "now" (Unix seconds) for `created`, `registered` and
    /// `last_used`; tests pass a controllable clock.
    public init(path: String, clock: @escaping () -> Int64) throws(StoreError) {
        self.path = path
        self.now = clock
        let setup = SetupLock(forDatabaseAt: path)
        defer { setup.release() }
        do {
            connection = try Connection(path: path)
            try connection.applyCredentialSettings()
            try Schema.migrate(connection)
        } catch {
            StoreLog.error("cannot open the store: \(error)")
            throw StoreError(error)
        }
        users = UserQueries(connection: connection)
        passwords = PasswordQueries(connection: connection)
    }

    // MARK: users

    public func userCount() throws(StoreError) -> Int { try sqlite { () throws(SQLiteError) in try users.count() } }

    /// Adds a user; `email` defaults to empty, `displayName` to the login.
    public func addUser(login: String, email: String = "", displayName: String? = nil, role: Role = .subscriber) throws(StoreError) -> User {
        let login = try LoginRules.normalise(login)
        let email = LoginRules.collapseSpaces(email)
        if !email.isEmpty, !isEmailShaped(email) { throw .invalidEmail }
        let displayName = displayName.map(LoginRules.collapseSpaces).flatMap { $0.isEmpty ? nil : $0 } ?? login
        let registered = now()
        return try writing { () throws(StoreError) -> User in
            if try sqlite({ () throws(SQLiteError) in try users.find(login: login) }) != nil { throw .duplicateLogin }
            if try sqlite({ () throws(SQLiteError) in try users.find(email: email) }) != nil { throw .duplicateEmail }
            return try sqlite { () throws(SQLiteError) -> User in
                let nicename = try uniqueNicename(for: login)
                let id = try users.insert(login: login, email: email, displayName: displayName, nicename: nicename, role: role, registered: registered)
                return User(id: id, login: login, email: email, displayName: displayName, nicename: nicename, role: role, registered: registered)
            }
        }
    }

    /// All users, by id.
    public func listUsers() throws(StoreError) -> [User] { try sqlite { () throws(SQLiteError) in try users.all() } }

    public func user(id: Int64) throws(StoreError) -> User? { try sqlite { () throws(SQLiteError) in try users.find(id: id) } }

    /// Looks a user up by login, then (when the text is email-shaped) by email, as WordPress does.
    public func user(loginOrEmail: String) throws(StoreError) -> User? {
        try sqlite { () throws(SQLiteError) in try users.find(loginOrEmail: loginOrEmail) }
    }

    /// WordPress keeps nicenames unique by appending `-2`, `-3`, … (`wp_insert_user`).
    private func uniqueNicename(for login: String) throws(SQLiteError) -> String {
        let base = LoginRules.nicename(for: login)
        var candidate = base
        var suffix = 2
        while try users.isNicenameTaken(candidate) {
            candidate = "\(base)-\(suffix)"
            suffix += 1
        }
        return candidate
    }

    // MARK: application passwords

    /// Generates, hashes and stores a new password. The name is sanitised as WordPress's
    /// `sanitize_text_field` does; an empty result throws `.emptyName`.
    public func createPassword(_ request: PasswordRequest, for userID: Int64) throws(StoreError) -> NewPassword {
        let name = NameSanitizer.sanitize(request.name)
        guard !name.isEmpty else { throw .emptyName }
        guard request.appID.isEmpty || UUIDFormat.isValid(request.appID) else { throw .invalidAppID }
        guard !request.enabledFor.isEmpty else { throw .noAPIType }
        let plain = PasswordGenerator.generate()
        let record = ApplicationPassword(uuid: UUIDFormat.generateV4(), userID: userID, appID: request.appID, name: name, created: now(),
                                         lastUsed: nil, lastIP: nil, enabledFor: request.enabledFor,
                                         restAPIPermission: request.restAPIPermission, xmlRPCPermission: request.xmlRPCPermission)
        let hash = FastHash.hash(plain.raw)
        try writing { () throws(StoreError) in
            guard try sqlite({ () throws(SQLiteError) in try users.find(id: userID) }) != nil else { throw .userNotFound }
            try sqlite { () throws(SQLiteError) in try passwords.insert(record, hash: hash) }
        }
        return NewPassword(record: record, plain: plain)
    }

    /// A user's passwords in creation order.
    public func passwords(of userID: Int64) throws(StoreError) -> [ApplicationPassword] {
        try sqlite { () throws(SQLiteError) in try passwords.all(of: userID) }
    }

    public func password(uuid: String, of userID: Int64) throws(StoreError) -> ApplicationPassword? {
        try sqlite { () throws(SQLiteError) in try passwords.find(uuid: uuid, of: userID) }
    }

    /// Applies `changes`; nil when no such password. A name that sanitises to empty is ignored (WordPress).
    /// `app_id`, the hash and the timestamps never change. An empty `enabledFor` throws `.noAPIType`.
    public func updatePassword(uuid: String, of userID: Int64, _ changes: PasswordChanges) throws(StoreError) -> ApplicationPassword? {
        if let types = changes.enabledFor, types.isEmpty { throw .noAPIType }
        let name = changes.name.map(NameSanitizer.sanitize).flatMap { $0.isEmpty ? nil : $0 }
        return try writing { () throws(StoreError) -> ApplicationPassword? in
            guard let old = try sqlite({ () throws(SQLiteError) in try passwords.find(uuid: uuid, of: userID) }) else { return nil }
            let new = old.updated(name: name, changes)
            if new != old { try sqlite { () throws(SQLiteError) in try passwords.update(new) } }
            return new
        }
    }

    /// Deletes one password and returns it as it was; nil when no such password.
    public func revokePassword(uuid: String, of userID: Int64) throws(StoreError) -> ApplicationPassword? {
        try writing { () throws(StoreError) -> ApplicationPassword? in
            try sqlite { () throws(SQLiteError) -> ApplicationPassword? in
                guard let old = try passwords.find(uuid: uuid, of: userID) else { return nil }
                _ = try passwords.delete(uuid: uuid, of: userID)
                return old
            }
        }
    }

    /// Deletes all of a user's passwords; returns how many there were.
    public func revokeAllPasswords(of userID: Int64) throws(StoreError) -> Int {
        try writing { () throws(StoreError) -> Int in try sqlite { () throws(SQLiteError) in try passwords.deleteAll(of: userID) } }
    }

    // MARK: authentication

    /// Checks `password` (normalised as WordPress does) against the user's application passwords
    /// in constant time, then the API-type flag. On success records usage at most once a day.
    public func verify(login: String, password: String, for api: APIType, from address: String) throws(AuthFailure) -> Caller {
        // Hash first, whoever the login is: an unknown login then costs what a known one does.
        let candidate = Array(FastHash.hash(PasswordFormat.normalise(password)).utf8)
        let found: User?
        do { found = try users.find(loginOrEmail: login) } catch { throw internalFailure(error) }
        guard let user = found else {
            throw isEmailShaped(LoginRules.collapseSpaces(login)) ? .unknownEmail : .unknownUser
        }
        let stored: [(record: ApplicationPassword, hash: String)]
        do { stored = try passwords.allWithHashes(of: user.id) } catch { throw internalFailure(error) }
        // Compare against every stored hash, without stopping at a match. Legacy (non-`$generic$`)
        // hashes never match for now.
        var matched: ApplicationPassword?
        for entry in stored {
            let isMatch = FastHash.isFastHash(entry.hash) && ConstantTime.equals(candidate, entry.hash.utf8)
            if isMatch, matched == nil { matched = entry.record }
        }
        guard let record = matched else { throw .incorrectPassword }
        guard record.isEnabled(for: api) else { throw .wrongAPIType }   // no usage recorded
        return Caller(user: user, password: recordUsage(of: record, from: address))
    }

    /// Records the use when due (§4.5) and returns the record as it now is. A failed write is
    /// logged but does not refuse an otherwise valid authentication.
    private func recordUsage(of record: ApplicationPassword, from address: String) -> ApplicationPassword {
        let time = now()
        guard UsagePolicy.isDue(lastUsed: record.lastUsed, now: time) else { return record }
        do {
            let changed = try connection.immediateTransaction { () throws(SQLiteError) in
                try passwords.recordUsage(uuid: record.uuid, at: time, from: address)
            }
            guard changed > 0 else { return record }
        } catch {
            StoreLog.error("verify: cannot record usage: \(error)")
            return record
        }
        return record.used(at: time, from: address)
    }

    // MARK: plumbing

    private func internalFailure(_ error: SQLiteError) -> AuthFailure {
        StoreLog.error("verify: cannot read the store: \(error)")
        return .internalError
    }

    /// Runs `body` in a `BEGIN IMMEDIATE` transaction.
    private func writing<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        try connection.immediateTransaction(wrap: { (error: SQLiteError) -> StoreError in
            StoreLog.error("write failed: \(error)")
            return StoreError(error)
        }, body)
    }

    /// Runs SQLite work; a failure is logged and becomes `StoreError.database`.
    private func sqlite<T>(_ body: () throws(SQLiteError) -> T) throws(StoreError) -> T {
        do { return try body() } catch {
            StoreLog.error("database operation failed: \(error)")
            throw StoreError(error)
        }
    }
}

@available(*, unavailable) extension CredentialStore: Sendable {}
