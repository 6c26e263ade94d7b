/// Upstream credentials (issue 13 item 2): each dualgate user may hold the login and an
/// application password of the upstream WordPress, sealed with the site's `SecretKey`.
extension CredentialStore {
    /// Stores (or replaces) the user's upstream credential, sealed under `key`; audited.
    public func setUpstreamCredential(userID: Int64, _ credential: UpstreamCredential, key: SecretKey) throws(StoreError) {
        guard !credential.login.isEmpty else { throw .invalidUpstreamCredential("the upstream login is empty") }
        guard !credential.password.isEmpty else { throw .invalidUpstreamCredential("the upstream password is empty") }
        let time = now()
        let sealed = SealedCredential.seal(credential.password, userID: userID, upstreamLogin: credential.login, key: key)
        let user = try writing { () throws(StoreError) -> User in
            guard let user = try sqlite({ () throws(SQLiteError) in try users.find(id: userID) }) else { throw .userNotFound }
            _ = try sqlite { () throws(SQLiteError) in
                try connection.run("""
                    INSERT INTO upstream_credentials (user_id, upstream_login, sealed, created, updated) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (user_id) DO UPDATE SET upstream_login = excluded.upstream_login, sealed = excluded.sealed,
                    updated = excluded.updated
                    """, [.integer(userID), .text(credential.login), .blob(sealed), .integer(time), .integer(time)])
            }
            return user
        }
        audit(AuditEvent(.upstreamSet, time: time, userID: userID, login: user.login, detail: credential.login))
    }

    /// Removes the user's upstream credential; false when there was none. Audited when removed.
    public func removeUpstreamCredential(userID: Int64) throws(StoreError) -> Bool {
        let (user, removed) = try writing { () throws(StoreError) -> (User?, Bool) in
            try sqlite { () throws(SQLiteError) -> (User?, Bool) in
                let user = try users.find(id: userID)
                return (user, try connection.run("DELETE FROM upstream_credentials WHERE user_id = ?", [.integer(userID)]) > 0)
            }
        }
        if removed { audit(AuditEvent(.upstreamUnset, time: now(), userID: userID, login: user?.login)) }
        return removed
    }

    /// Every stored upstream credential without its secret, by user id.
    public func upstreamCredentialListings() throws(StoreError) -> [UpstreamCredentialListing] {
        try sqlite { () throws(SQLiteError) in
            try connection.rows("""
                SELECT u.id, u.login, c.upstream_login, c.created, c.updated
                FROM upstream_credentials c JOIN users u ON u.id = c.user_id ORDER BY u.id
                """) { row in
                UpstreamCredentialListing(userID: row.int64(0), userLogin: row.text(1), upstreamLogin: row.text(2),
                                          created: row.int64(3), updated: row.int64(4))
            }
        }
    }

    /// Hot path (called for every forwarded authenticated request): fast. The opened credential
    /// is cached per store and forgotten on any change to the file, like verified passwords.
    /// nil: the user has none. Throws `.secretKeyMismatch` when the stored blob does not open
    /// with `key` (another key file, or a row changed behind dualgate's back).
    public func upstreamCredential(forUserID userID: Int64, key: SecretKey) throws(StoreError) -> UpstreamCredential? {
        refreshIfChanged()
        switch upstreamCache.lookup(userID, key: key) {
        case .present(let credential): return credential
        case .absent: return nil
        case nil: break
        }
        let row = try sqlite { () throws(SQLiteError) in
            try connection.firstRow("SELECT upstream_login, sealed FROM upstream_credentials WHERE user_id = ?", [.integer(userID)]) {
                ($0.text(0), $0.blob(1))
            }
        }
        guard let (login, sealed) = row else {
            upstreamCache.store(.absent, for: userID)
            return nil
        }
        guard let password = SealedCredential.open(sealed, userID: userID, upstreamLogin: login, key: key) else {
            StoreLog.error("the upstream credential of user \(userID) does not open with this secret key")
            throw .secretKeyMismatch
        }
        let credential = UpstreamCredential(login: login, password: password)
        upstreamCache.store(.present(credential), for: userID)
        return credential
    }
}
