extension CredentialStore {
    /// Authenticates `login` + `password` (normalised as WordPress does) for `api` from the
    /// client `address`:
    /// 1. a locked account (whatever spelling of its login reached it) or address is refused at
    ///    once, its password not checked;
    /// 2. a recently verified pair is answered from the cache (no hash, no query);
    /// 3. otherwise the password's fast hash is looked up among the user's stored `$generic$`
    ///    hashes (an index, so thousands of passwords cost what one does) and checked against each
    ///    legacy phpass `$P$` hash (re-hashed to `$generic$` on its first success), in constant
    ///    time, without stopping at a match; an unknown login does the same work against a dummy;
    /// 4. only after a match: role allowed, status, expiry, network, API type.
    /// Failures of the password itself, of the API type and of the network count towards the
    /// lockout thresholds and go to the audit trail. On success usage is recorded at most once a day.
    ///
    /// `settingsAreFresh`: the caller has just read `settings` for this request (REST asks whether
    /// application passwords are available first), so the change check is not run twice.
    ///
    /// `transport`: with `require_https` on, credentials over plain HTTP from a client that is not
    /// on loopback are refused before anything else is looked at (audited, not counted).
    public func verify(login: String, password: String, for api: APIType, from address: String, transport: Transport = .https,
                       settingsAreFresh: Bool = false) throws(AuthFailure) -> Caller {
        if !settingsAreFresh { refreshIfChanged() }
        let settings = cachedSettings
        guard settings.applicationPasswordsEnabled else { throw .applicationPasswordsUnavailable }
        let time = now()
        var account = AccountLookup(login: login)
        var cacheHit: Bool?
        do throws(AuthFailure) {
            if transport == .plainHTTP, settings.requireHTTPS { throw .insecureTransport }
            if let wait = try lockoutWait(&account, address: address, at: time) { throw .lockedOut(retryAfter: Int(wait)) }
            let caller = try check(&account, password: password, for: api, from: address, at: time, settings, cacheHit: &cacheHit)
            observer?.verified(api: api, login: login, failure: nil, cacheHit: cacheHit)
            return caller
        } catch {
            observer?.verified(api: api, login: login, failure: error, cacheHit: cacheHit)
            note(error, account, api: api, address: address, time: time, settings)
            throw error
        }
    }

    /// Seconds until the address or the account may try again (the later of the two), or nil.
    /// The account is looked up only while some login has failures on record: in the normal
    /// state this costs two atomic loads.
    /// Also the web sign-in's (`signIn`): one lockout for both.
    func lockoutWait(_ account: inout AccountLookup, address: String, at time: Int64) throws(AuthFailure) -> Int64? {
        let byAddress = services.throttle.retryAfter(address: address, now: time)
        guard services.throttle.remembersLogins else { return byAddress }
        let identity: LoginIdentity
        do { identity = try account.identity(in: users) } catch { throw internalFailure(error) }
        let byLogin = services.throttle.retryAfter(login: identity, now: time)
        return [byAddress, byLogin].compactMap { $0 }.max()
    }

    private func check(_ account: inout AccountLookup, password: String, for api: APIType, from address: String, at time: Int64,
                       _ settings: SiteSettings, cacheHit: inout Bool?) throws(AuthFailure) -> Caller {
        let key = cache.key(login: account.login, supplied: password)
        let cached = cache.lookup(key)
        cacheHit = cached != nil
        if let hit = cached {
            account.found(hit.user)
            return try admit(hit, for: api, from: address, at: time, settings, cacheKey: key, cached: true)
        }
        let normalised = PasswordFormat.normalise(password)
        // Hash first, whoever the login is: an unknown login then costs what a known one does.
        let candidateHash = FastHash.hash(normalised)
        let candidate = Array(candidateHash.utf8)
        let found: User?
        do { found = try account.user(in: users) } catch { throw internalFailure(error) }
        let stored: [(uuid: String, hash: String)]
        do { stored = try passwords.candidates(of: found?.id ?? -1, fastHash: candidateHash) } catch { throw internalFailure(error) }
        guard let user = found else {
            _ = ConstantTime.equals(candidate, Self.dummyHash)             // the comparison a known login would make
            throw isEmailShaped(LoginRules.collapseSpaces(account.login)) ? .unknownEmail : .unknownUser
        }
        // Compare against every candidate (the index found them by equality; the comparison stays
        // constant-time and does not stop at a match, so legacy hashes cost the same either way).
        var matchedEntry: (uuid: String, hash: String)?
        for entry in stored {
            let isMatch: Bool
            if FastHash.isFastHash(entry.hash) {
                isMatch = ConstantTime.equals(candidate, entry.hash)
            } else if Phpass.isPhpassHash(entry.hash) {
                isMatch = Phpass.verify(normalised, stored: entry.hash)
            } else {
                isMatch = false                                              // `$H$`, bcrypt…: never (as WordPress for `$H$`)
            }
            if isMatch, matchedEntry == nil { matchedEntry = entry }
        }
        guard let (uuid, hash) = matchedEntry else { throw .incorrectPassword }
        // Deleted since the scan: as if it had been deleted a moment earlier.
        let matched: ApplicationPassword?
        do { matched = try passwords.find(uuid: uuid, of: user.id) } catch { throw internalFailure(error) }
        guard let record = matched else { throw .incorrectPassword }
        if !FastHash.isFastHash(hash) { rehash(record, from: hash, to: String(decoding: candidate, as: UTF8.self)) }
        return try admit(Caller(user: user, password: record), for: api, from: address, at: time, settings, cacheKey: key, cached: false)
    }

    /// The checks after a hash matched (iThemes: `wp_authenticate_application_password_errors`);
    /// a success is cached and its use recorded.
    private func admit(_ caller: Caller, for api: APIType, from address: String, at time: Int64,
                       _ settings: SiteSettings, cacheKey: VerificationCache.Key, cached: Bool) throws(AuthFailure) -> Caller {
        guard settings.allows(caller.user.role) else { throw .applicationPasswordsUnavailable }
        switch caller.password.status {
        case .disabled: throw .disabled
        case .pending: throw .pending
        case .active: break
        }
        if caller.password.isExpired(at: time) { throw .expired }
        guard caller.password.allowsClient(address) else { throw .networkDenied }
        guard caller.password.isEnabled(for: api) else { throw .wrongAPIType }        // no usage recorded
        // Usage is recorded at most once a day; when it is, the record and so the caller change.
        let admitted = UsagePolicy.isDue(lastUsed: caller.password.lastUsed, now: time)
            ? Caller(user: caller.user, password: recordUsage(of: caller.password, from: address, at: time))
            : caller
        if !cached || admitted !== caller { cache.store(admitted, for: cacheKey) }
        return admitted
    }

    /// Counts a failure towards the lockouts (when it is one that guessing produces) and audits it.
    private func note(_ failure: AuthFailure, _ account: AccountLookup, api: APIType, address: String, time: Int64, _ settings: SiteSettings) {
        let reason: String
        let counts: Bool
        switch failure {
        case .unknownUser: (reason, counts) = ("unknown_user", true)
        case .unknownEmail: (reason, counts) = ("unknown_email", true)
        case .incorrectPassword: (reason, counts) = ("incorrect_password", true)
        case .wrongAPIType: (reason, counts) = ("wrong_api_type", true)
        case .networkDenied: (reason, counts) = ("network_denied", true)
        // The secret was right: the client needs an administrator, not more attempts.
        case .expired: (reason, counts) = ("expired", false)
        case .pending: (reason, counts) = ("pending", false)
        case .disabled: (reason, counts) = ("disabled", false)
        case .applicationPasswordsUnavailable: (reason, counts) = ("unavailable_for_role", false)
        // The client's configuration, not a guess: nothing to count.
        case .insecureTransport: (reason, counts) = ("insecure_transport", false)
        case .lockedOut, .notCheckedAfterEarlierFailure: return
        case .internalError: (reason, counts) = ("internal_error", false)
        case .storeUnavailable: (reason, counts) = ("store_unavailable", false)
        }
        // A known account is written under its own login and id, whatever spelling reached it (so
        // the trail of one account is not split by how it was typed); the spelling goes to the
        // detail. A client that swaps login and password sends the password as the login: an
        // unknown login shaped like a password is not written to the trail.
        let user = account.knownUser
        let shownLogin = user?.login ?? PasswordFormat.withheldIfPassword(account.login)
        let typed = user.flatMap { $0.login == account.login ? nil : "as typed: \(PasswordFormat.withheldIfPassword(account.login))" }
        audit(AuditEvent(.authenticationFailed, time: time, userID: user?.id, login: shownLogin, api: api, address: address,
                         reason: reason, detail: typed))
        guard counts else { return }
        countFailure(account, shownLogin: shownLogin, api: api, address: address, time: time, settings)
    }

    /// Counts a guess towards the lockouts, here and (PostgreSQL) for every instance, and reports and
    /// audits each lockout it starts. For API verifications and web sign-ins alike (`api` nil).
    func countFailure(_ account: AccountLookup, shownLogin: String, api: APIType?, address: String, time: Int64, _ settings: SiteSettings) {
        let user = account.knownUser
        // The same identity the lockout check used: the account when the login reached one.
        let identity = user.map { LoginIdentity.account($0.id) } ?? .unknownLogin(account.login)
        var lockouts = services.throttle.recordFailure(login: identity, address: address, now: time, settings: settings)
        for shared in recordSharedFailure(login: identity, address: address, at: time, settings) where !lockouts.contains(where: { $0.scope == shared.scope }) {
            lockouts.append(shared)
        }
        for lockout in lockouts {
            observer?.lockoutStarted(login: lockout.scope == .login)
            audit(AuditEvent(.lockout, time: time, userID: lockout.scope == .login ? user?.id : nil,
                             login: lockout.scope == .login ? shownLogin : nil, api: api, address: address,
                             reason: lockout.scope.rawValue, detail: "\(lockout.seconds) seconds"))
        }
    }

    /// A `$generic$` hash of nothing anyone can send: what an unknown login is compared against.
    static let dummyHash = FastHash.hash("dualgate-dummy-hash-for-unknown-logins")

    /// Replaces a legacy hash by the fast hash after its first success (issue 3); a failure
    /// only delays the upgrade to the next success.
    private func rehash(_ record: ApplicationPassword, from old: String, to new: String) {
        do {
            _ = try connection.immediateTransaction { () throws(SQLiteError) in try passwords.replaceHash(uuid: record.uuid, from: old, to: new) }
        } catch {
            StoreLog.error("verify: cannot re-hash a legacy password: \(error)")
        }
    }

    /// Records the use when due (§4.5) and returns the record as it now is. A failed write is
    /// logged but does not refuse an otherwise valid authentication.
    private func recordUsage(of record: ApplicationPassword, from address: String, at time: Int64) -> ApplicationPassword {
        guard UsagePolicy.isDue(lastUsed: record.lastUsed, now: time) else { return record }
        if let recorder = services.usage {
            recorder.record(uuid: record.uuid, at: time, from: address)
            return record.used(at: time, from: address)
        }
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
}
