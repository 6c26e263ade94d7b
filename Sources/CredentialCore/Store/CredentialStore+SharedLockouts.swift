/// Shared lockouts (issue 15 item 3): on PostgreSQL a failure is also counted in the database, in
/// one window for every instance (`dualgate_record_failure`, PostgresSchema.extras). A lockout
/// started there is mirrored into this process's `LoginThrottle` at once and into every other
/// instance's through its notification (`PostgresChangeFeed`), so the lockout check itself stays
/// in memory: a request without failures runs no query.
extension CredentialStore {
    /// The lockouts running when this store opens (another instance started them before this
    /// process listened); later ones arrive as notifications.
    func mirrorRunningLockouts() {
        guard connection.dialect == .postgres else { return }
        do {
            try connection.forEachRow("""
                SELECT scope, key, locked_until FROM dualgate_lockouts WHERE locked_until > extract(epoch FROM now())::bigint
                """) { row in
                guard let scope = LoginThrottle.Lockout.Scope(rawValue: row.text(0)) else { return }
                services.throttle.mirrorLockout(scope, key: row.text(1), until: row.int64(2), now: now())
            }
        } catch {
            StoreLog.error("cannot read the shared lockouts: \(error)")
        }
    }

    /// Counts the failure in the shared tables (one round trip); returns the lockouts that started
    /// there, already mirrored here. Nothing on SQLite. A database failure is logged and the local
    /// count alone applies.
    func recordSharedFailure(login: LoginIdentity, address: String, at time: Int64, _ settings: SiteSettings) -> [LoginThrottle.Lockout] {
        guard connection.dialect == .postgres else { return [] }
        let window = Int64(settings.lockoutWindowSeconds), duration = Int64(settings.lockoutDurationSeconds)
        let addressKey = LoginThrottle.addressKey(address)
        let ends: (Int64, Int64)?
        do {
            ends = try connection.firstRow("""
                SELECT dualgate_record_failure('login', ?1, ?3, ?4, ?6, ?7), dualgate_record_failure('address', ?2, ?3, ?5, ?6, ?7)
                """, [.text(login.sharedKey), .text(addressKey), .integer(time), .integer(Int64(settings.lockoutLoginFailures)),
                      .integer(Int64(settings.lockoutAddressFailures)), .integer(window), .integer(duration)]) { ($0.int64(0), $0.int64(1)) }
        } catch {
            StoreLog.error("cannot count a failure in the shared lockout tables: \(error)")
            return []
        }
        guard let (loginEnd, addressEnd) = ends else { return [] }
        var started: [LoginThrottle.Lockout] = []
        if loginEnd > 0 {
            services.throttle.mirrorLockout(.login, key: login.sharedKey, until: loginEnd, now: time)
            started.append(LoginThrottle.Lockout(scope: .login, seconds: duration))
        }
        if addressEnd > 0 {
            services.throttle.mirrorLockout(.address, key: addressKey, until: addressEnd, now: time)
            started.append(LoginThrottle.Lockout(scope: .address, seconds: duration))
        }
        return started
    }
}
