extension CredentialStore {
    /// Sets a user's account password (issue 16: for the pages only, never for an API) and ends
    /// that user's browser sessions. Hashed with yescrypt before the write transaction.
    public func setAccountPassword(_ password: String, forUserID id: Int64) throws(StoreError) {
        if password.isEmpty { throw .invalidAccountPassword("it is empty") }
        if password.utf8.count > AccountPasswordHash.maximumPasswordBytes {
            throw .invalidAccountPassword("longer than \(AccountPasswordHash.maximumPasswordBytes) bytes")
        }
        if password.utf8.contains(0) { throw .invalidAccountPassword("it contains a NUL character") }
        guard let hash = AccountPasswordHash.make(password) else {
            throw .invalidAccountPassword("the system's libcrypt (libcrypt.so.1) could not hash it")
        }
        try setAccountPasswordHash(hash, forUserID: id, reason: "set")
    }

    /// Stores a ready hash (a WordPress import's `user_pass`, or ours); ends the user's sessions.
    package func setAccountPasswordHash(_ hash: String, forUserID id: Int64, reason: String) throws(StoreError) {
        let accounts = AccountQueries(connection: connection)
        let sessions = SessionQueries(connection: connection)
        let user = try writing { () throws(StoreError) -> User in
            guard let user = try sqlite({ () throws(SQLiteError) in try users.find(id: id) }) else { throw .userNotFound }
            try sqlite { () throws(SQLiteError) in
                _ = try accounts.setHash(hash, ofUser: id)
                _ = try sessions.deleteAll(ofUser: id)
            }
            return user
        }
        audit(AuditEvent(.accountPassword, time: now(), userID: user.id, login: user.login, reason: reason))
    }

    /// Whether the user has an account password (can sign in to the pages).
    public func hasAccountPassword(userID id: Int64) throws(StoreError) -> Bool {
        let accounts = AccountQueries(connection: connection)
        return try sqlite { () throws(SQLiteError) in try accounts.hash(ofUser: id) }.map { !$0.isEmpty } ?? false
    }

    /// Checks a sign-in at `/wp-login.php` with the same lockout as the APIs (`LoginThrottle`,
    /// counted per account and per address), `require_https` (loopback exempt), and the audit
    /// trail (`sign_in`, `sign_in_failed`). An unknown login costs one yescrypt run like a known one.
    /// A WordPress hash that matched is replaced by yescrypt.
    public func signIn(login: String, password: String, from address: String, transport: Transport) throws(AuthFailure) -> User {
        refreshIfChanged()
        let settings = cachedSettings
        let time = now()
        var account = AccountLookup(login: login)
        do throws(AuthFailure) {
            if transport == .plainHTTP, settings.requireHTTPS { throw .insecureTransport }
            if let wait = try lockoutWait(&account, address: address, at: time) { throw .lockedOut(retryAfter: Int(wait)) }
            let user = try checkAccountPassword(&account, password: password)
            audit(AuditEvent(.signIn, time: time, userID: user.id, login: user.login, address: address))
            return user
        } catch {
            noteSignInFailure(error, account, address: address, time: time, settings)
            throw error
        }
    }

    private func checkAccountPassword(_ account: inout AccountLookup, password: String) throws(AuthFailure) -> User {
        let accounts = AccountQueries(connection: connection)
        let found: User?
        let stored: String
        do {
            found = try account.user(in: users)
            stored = try found.flatMap { user throws(SQLiteError) in try accounts.hash(ofUser: user.id) } ?? ""
        } catch { throw internalFailure(error) }
        // Always one hash check: against the dummy when there is no user or no password.
        let matched = AccountPasswordHash.verify(password, stored: stored.isEmpty ? AccountPasswordHash.dummy : stored)
        guard let user = found else { throw isEmailShaped(LoginRules.collapseSpaces(account.login)) ? .unknownEmail : .unknownUser }
        guard matched, !stored.isEmpty else { throw .incorrectPassword }
        if !AccountPasswordHash.isCurrent(stored), let upgraded = AccountPasswordHash.make(password) {
            do {
                _ = try connection.immediateTransaction { () throws(SQLiteError) in
                    try accounts.replaceHash(ofUser: user.id, from: stored, to: upgraded)
                }
            } catch {
                StoreLog.error("sign-in: cannot re-hash an imported account password: \(error)")
            }
        }
        return user
    }

    private func noteSignInFailure(_ failure: AuthFailure, _ account: AccountLookup, address: String, time: Int64, _ settings: SiteSettings) {
        let reason: String
        let counts: Bool
        switch failure {
        case .unknownUser: (reason, counts) = ("unknown_user", true)
        case .unknownEmail: (reason, counts) = ("unknown_email", true)
        case .incorrectPassword: (reason, counts) = ("incorrect_password", true)
        case .insecureTransport: (reason, counts) = ("insecure_transport", false)
        case .internalError: (reason, counts) = ("internal_error", false)
        case .storeUnavailable: (reason, counts) = ("store_unavailable", false)
        case .lockedOut, .notCheckedAfterEarlierFailure: return
        // Application-password outcomes: a sign-in never produces them.
        case .wrongAPIType, .expired, .pending, .disabled, .networkDenied, .applicationPasswordsUnavailable:
            (reason, counts) = ("unexpected", false)
        }
        let user = account.knownUser
        let shownLogin = user?.login ?? PasswordFormat.withheldIfPassword(account.login)
        audit(AuditEvent(.signInFailed, time: time, userID: user?.id, login: shownLogin, address: address, reason: reason))
        guard counts else { return }
        countFailure(account, shownLogin: shownLogin, api: nil, address: address, time: time, settings)
    }
}
