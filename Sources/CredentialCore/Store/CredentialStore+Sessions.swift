/// A signed-in browser (issue 16): who, and the form token that proves a POST came from our pages.
public struct WebSession: Sendable {
    public let user: User
    public let created: Int64
    /// HMAC of the session token: the same for every form of the session, unknowable without the
    /// cookie, and never stored.
    public let csrfToken: String
}

/// How long a session lives: ended after `idleSeconds` without a request, and `absoluteSeconds`
/// after sign-in whatever happens.
public enum WebSessionPolicy {
    public static let idleSeconds: Int64 = 30 * 60
    public static let absoluteSeconds: Int64 = 12 * 60 * 60
    /// `last_seen` is written at most this often (one write per page view would serialise readers).
    static let touchEverySeconds: Int64 = 60
}

extension CredentialStore {
    /// Starts a session for `user` and returns its token (256 random bits, base64url). Only the
    /// token's SHA-256 is stored. Stale sessions of everyone are swept here.
    public func startSession(for user: User) throws(StoreError) -> String {
        let token = Base64URL.encode(SecureRandom.bytes(32))
        let sessions = SessionQueries(connection: connection)
        let time = now()
        try writing { () throws(StoreError) in
            try sqlite { () throws(SQLiteError) in
                _ = try sessions.deleteStale(idleBefore: time - WebSessionPolicy.idleSeconds, createdBefore: time - WebSessionPolicy.absoluteSeconds)
                try sessions.insert(tokenHash: Self.sessionHash(token), userID: user.id, at: time)
            }
        }
        return token
    }

    /// The live session of `token`, or nil (unknown, idle too long, too old: then it is deleted).
    public func session(token: String) throws(StoreError) -> WebSession? {
        guard token.utf8.count == 43 else { return nil }                     // 32 bytes in base64url
        let sessions = SessionQueries(connection: connection)
        let hash = Self.sessionHash(token)
        let time = now()
        guard let found = try sqlite({ () throws(SQLiteError) in try sessions.find(tokenHash: hash) }) else { return nil }
        if found.lastSeen + WebSessionPolicy.idleSeconds < time || found.created + WebSessionPolicy.absoluteSeconds < time {
            try writing { () throws(StoreError) in _ = try sqlite { () throws(SQLiteError) in try sessions.delete(tokenHash: hash) } }
            return nil
        }
        guard let user = try user(id: found.userID) else { return nil }
        if time - found.lastSeen >= WebSessionPolicy.touchEverySeconds {
            try writing { () throws(StoreError) in try sqlite { () throws(SQLiteError) in try sessions.touch(tokenHash: hash, at: time) } }
        }
        return WebSession(user: user, created: found.created, csrfToken: Self.csrfToken(forSession: token))
    }

    /// Ends the session (sign-out); audited when there was one.
    public func endSession(token: String, from address: String) throws(StoreError) {
        guard let session = try session(token: token) else { return }
        let sessions = SessionQueries(connection: connection)
        try writing { () throws(StoreError) in _ = try sqlite { () throws(SQLiteError) in try sessions.delete(tokenHash: Self.sessionHash(token)) } }
        audit(AuditEvent(.signOut, time: now(), userID: session.user.id, login: session.user.login, address: address))
    }

    static func sessionHash(_ token: String) -> String { SHA256.hex(Array(token.utf8)) }

    /// Bound to the session: a form token from another session (or none) is refused.
    static func csrfToken(forSession token: String) -> String {
        HMACSHA256.hex(key: Array(token.utf8), message: Array("dualgate web form v1".utf8))
    }
}
