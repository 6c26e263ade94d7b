extension CredentialStore {
    /// Generates, hashes and stores a new password, under the site settings: refused when
    /// application passwords are off or the user's role is not allowed; `unique_names`;
    /// `max_per_user` with `max_policy`; `require_approval` makes it `pending`; the lifetime
    /// settings give or cap `expires`. The name is sanitised as WordPress's
    /// `sanitize_text_field` does; an empty result throws `.emptyName`.
    public func createPassword(_ request: PasswordRequest, for userID: Int64) throws(StoreError) -> NewPassword {
        let name = NameSanitizer.sanitize(request.name)
        guard !name.isEmpty else { throw .emptyName }
        guard request.appID.isEmpty || UUIDFormat.isValid(request.appID) else { throw .invalidAppID }
        guard !request.enabledFor.isEmpty else { throw .noAPIType }
        let settings = self.settings
        guard settings.applicationPasswordsEnabled else { throw .applicationPasswordsDisabled }
        let time = now()
        let expires = try Self.expiry(requested: request.expires, now: time, settings)
        let plain = PasswordGenerator.generate()
        let record = ApplicationPassword(uuid: UUIDFormat.generateV4(), userID: userID, appID: request.appID, name: name, created: time,
                                         lastUsed: nil, lastIP: nil, enabledFor: request.enabledFor,
                                         restAPIPermission: request.restAPIPermission, xmlRPCPermission: request.xmlRPCPermission,
                                         expires: expires, status: settings.requireApproval ? .pending : .active,
                                         allowedNetworks: request.allowedNetworks)
        let hash = FastHash.hash(plain.raw)
        let (user, removed) = try writing { () throws(StoreError) -> (User, [ApplicationPassword]) in
            guard let user = try sqlite({ () throws(SQLiteError) in try users.find(id: userID) }) else { throw .userNotFound }
            guard settings.allows(user.role) else { throw .notAllowedForRole(user.role) }
            // Reading the user's list costs O(their passwords); only these two settings need it.
            let existing = settings.uniqueNames || settings.maxPerUser > 0
                ? try sqlite { () throws(SQLiteError) in try passwords.all(of: userID) } : []
            if settings.uniqueNames, existing.contains(where: { Self.sameName($0.name, name) }) { throw .duplicateName }
            var removed: [ApplicationPassword] = []
            if settings.maxPerUser > 0, existing.count >= settings.maxPerUser {
                guard settings.maxPolicy == .deleteOldest else { throw .tooManyPasswords(limit: settings.maxPerUser) }
                removed = Array(existing.prefix(existing.count - settings.maxPerUser + 1))   // creation order: oldest first
                for old in removed { _ = try sqlite { () throws(SQLiteError) in try passwords.delete(uuid: old.uuid, of: userID) } }
            }
            try sqlite { () throws(SQLiteError) in try passwords.insert(record, hash: hash) }
            return (user, removed)
        }
        for old in removed { audit(event(.delete, old, user, time: time, reason: "max_per_user")) }
        audit(event(.create, record, user, time: time, detail: record.status == .pending ? "pending approval" : nil))
        return NewPassword(record: record, plain: plain)
    }

    /// A user's passwords in creation order.
    public func passwords(of userID: Int64) throws(StoreError) -> [ApplicationPassword] {
        let pending = pendingUses()
        return try sqlite { () throws(SQLiteError) in try passwords.all(of: userID) }.map { Self.withPendingUse($0, pending) }
    }

    public func password(uuid: String, of userID: Int64) throws(StoreError) -> ApplicationPassword? {
        let pending = pendingUses()
        return try sqlite { () throws(SQLiteError) in try passwords.find(uuid: uuid, of: userID) }.map { Self.withPendingUse($0, pending) }
    }

    /// Taken before the rows are read: the writer forgets a use once committed, so a use committed
    /// after the read but before a later look at its queue showed in neither (a flaky
    /// `RESTItemTests.itemShapeAndDates`). Taken first, a use is either in this snapshot or
    /// committed before the read began.
    private func pendingUses() -> [String: (time: Int64, address: String)] {
        services.usage?.pendingUses() ?? [:]
    }

    /// The record as it is once the usage writer has caught up.
    private static func withPendingUse(_ record: ApplicationPassword, _ pending: [String: (time: Int64, address: String)]) -> ApplicationPassword {
        guard let use = pending[record.uuid] else { return record }
        return record.used(at: use.time, from: use.address)
    }

    /// Applies `changes`; nil when no such password. A name that sanitises to empty is ignored (WordPress).
    /// `app_id`, the hash and the timestamps never change. An empty `enabledFor` throws `.noAPIType`;
    /// a new `expires` must be in the future (and within `max_lifetime_seconds` of now).
    public func updatePassword(uuid: String, of userID: Int64, _ changes: PasswordChanges) throws(StoreError) -> ApplicationPassword? {
        if let types = changes.enabledFor, types.isEmpty { throw .noAPIType }
        let name = changes.name.map(NameSanitizer.sanitize).flatMap { $0.isEmpty ? nil : $0 }
        let settings = self.settings
        let time = now()
        var changes = changes
        if case .some(let wanted) = changes.expires {
            changes.expires = .some(try Self.expiry(requested: wanted, now: time, settings, keepNever: true))
        }
        let result = try writing { () throws(StoreError) -> (ApplicationPassword, ApplicationPassword)? in
            guard let old = try sqlite({ () throws(SQLiteError) in try passwords.find(uuid: uuid, of: userID) }) else { return nil }
            if settings.uniqueNames, let name, name != old.name {            // a case-only rename must not collide with another password either
                let others = try sqlite { () throws(SQLiteError) in try passwords.all(of: userID) }
                if others.contains(where: { $0.uuid != uuid && Self.sameName($0.name, name) }) { throw .duplicateName }
            }
            let new = old.updated(name: name, changes)
            if new != old { try sqlite { () throws(SQLiteError) in try passwords.update(new) } }
            return (old, new)
        }
        guard let (old, new) = result else { return nil }
        let user = try? self.user(id: userID)
        if old.status == .pending, new.status == .active {
            audit(event(.approve, new, user, time: time))
        } else {
            audit(event(.update, new, user, time: time))
        }
        return new
    }

    /// `dualgate app-password approve|enable|disable`: sets the status; nil when no such password.
    /// Returns the record as it was before and as it is now.
    public func setStatus(_ status: PasswordStatus, uuid: String, of userID: Int64) throws(StoreError) -> (before: ApplicationPassword, after: ApplicationPassword)? {
        let time = now()
        let result = try writing { () throws(StoreError) -> (ApplicationPassword, ApplicationPassword)? in
            guard let old = try sqlite({ () throws(SQLiteError) in try passwords.find(uuid: uuid, of: userID) }) else { return nil }
            let new = old.with(status: status)
            if new != old { try sqlite { () throws(SQLiteError) in try passwords.update(new) } }
            return (old, new)
        }
        guard let (old, new) = result else { return nil }
        if old.status != new.status {
            let kind: AuditEvent.Kind = switch status {
            case .active: old.status == .pending ? .approve : .enable
            case .disabled: .disable
            case .pending: .update
            }
            audit(event(kind, new, try? user(id: userID), time: time))
        }
        return (old, new)
    }

    /// Deletes one password and returns it as it was; nil when no such password.
    public func revokePassword(uuid: String, of userID: Int64) throws(StoreError) -> ApplicationPassword? {
        let removed = try writing { () throws(StoreError) -> ApplicationPassword? in
            try sqlite { () throws(SQLiteError) -> ApplicationPassword? in
                guard let old = try passwords.find(uuid: uuid, of: userID) else { return nil }
                _ = try passwords.delete(uuid: uuid, of: userID)
                return old
            }
        }
        if let removed { audit(event(.delete, removed, try? user(id: userID), time: now())) }
        return removed
    }

    /// Deletes all of a user's passwords; returns how many there were. One audit event per
    /// password, as WordPress fires its delete action once per item.
    public func revokeAllPasswords(of userID: Int64) throws(StoreError) -> Int {
        let removed = try writing { () throws(StoreError) -> [ApplicationPassword] in
            try sqlite { () throws(SQLiteError) -> [ApplicationPassword] in
                let all = try passwords.all(of: userID)
                _ = try passwords.deleteAll(of: userID)
                return all
            }
        }
        let user = try? self.user(id: userID), time = now()
        for old in removed { audit(event(.delete, old, user, time: time, reason: "delete_all")) }
        return removed.count
    }

    // MARK: helpers

    /// The `expires` a password gets: the request's (which must be in the future), else
    /// `default_lifetime_seconds` from now; capped by `max_lifetime_seconds`.
    static func expiry(requested: Int64?, now: Int64, _ settings: SiteSettings, keepNever: Bool = false) throws(StoreError) -> Int64? {
        var expires = requested
        if expires == nil, !keepNever, settings.defaultLifetimeSeconds > 0 { expires = now + Int64(settings.defaultLifetimeSeconds) }
        if let expires, expires <= now { throw .invalidExpiry(.notInFuture) }
        guard settings.maxLifetimeSeconds > 0 else { return expires }
        let limit = now + Int64(settings.maxLifetimeSeconds)
        guard let expires else { return limit }
        if expires > limit { throw .invalidExpiry(.beyondMaximumLifetime(seconds: settings.maxLifetimeSeconds)) }
        return expires
    }

    /// PHP `strtolower` equality (ASCII only), as `application_name_exists_for_user`.
    static func sameName(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && zip(a.utf8, b.utf8).allSatisfy { lower($0) == lower($1) }
    }

    private static func lower(_ byte: UInt8) -> UInt8 { byte >= 65 && byte <= 90 ? byte | 0x20 : byte }

    func event(_ kind: AuditEvent.Kind, _ record: ApplicationPassword, _ user: User?, time: Int64, reason: String? = nil, detail: String? = nil) -> AuditEvent {
        AuditEvent(kind, time: time, userID: record.userID, login: user?.login, uuid: record.uuid, name: record.name, reason: reason, detail: detail)
    }
}
