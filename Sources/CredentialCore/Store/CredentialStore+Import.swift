extension CredentialStore {
    /// What an import did.
    public struct ImportSummary: Sendable, Equatable {
        public var usersAdded = 0
        public var usersAlreadyPresent = 0
        public var passwordsAdded = 0
        public var passwordsAlreadyPresent = 0
    }

    /// Imports a parsed WordPress export in one transaction: users keep their ids, logins,
    /// emails and roles; passwords their hashes, uuids, names, app ids and timestamps. A user or
    /// password already present (same id and login, same uuid for the same user) is left as it
    /// is, so importing twice changes nothing; a conflict (an id or login or email or uuid that
    /// belongs to someone else) refuses the whole import and writes nothing. Site settings such
    /// as `max_per_user` do not apply: the passwords already exist.
    public func importWordPress(_ export: WordPressExport) throws(StoreError) -> ImportSummary {
        var summary = ImportSummary()
        var added: [(WordPressExport.ImportedUser, [WordPressExport.ImportedPassword], Bool)] = []
        try writing { () throws(StoreError) in
            for (index, imported) in export.users.enumerated() {
                let path = "users[\(index)]"
                let byID = try sqlite { () throws(SQLiteError) in try users.find(id: imported.id) }
                let byLogin = try sqlite { () throws(SQLiteError) in try users.find(login: imported.login) }
                var isNew = false
                if let byID {
                    guard byID.login.lowercased() == imported.login.lowercased() else {
                        throw .importConflict(field: "\(path).ID", message: "user ID \(imported.id) is already '\(byID.login)' here, not '\(imported.login)'")
                    }
                    summary.usersAlreadyPresent += 1
                } else {
                    if let byLogin {
                        throw .importConflict(field: "\(path).user_login", message: "login '\(imported.login)' already belongs to user ID \(byLogin.id) here")
                    }
                    if let owner = try sqlite({ () throws(SQLiteError) in try users.find(email: imported.email) }) {
                        throw .importConflict(field: "\(path).user_email", message: "this email already belongs to '\(owner.login)' here")
                    }
                    try sqlite { () throws(SQLiteError) in
                        try users.insert(id: imported.id, login: imported.login, email: imported.email, displayName: imported.displayName,
                                         nicename: try uniqueNicename(for: imported.login), role: imported.role, registered: imported.registered)
                    }
                    summary.usersAdded += 1
                    isNew = true
                }
                var newPasswords: [WordPressExport.ImportedPassword] = []
                for (offset, item) in imported.passwords.enumerated() {
                    if let owner = try sqlite({ () throws(SQLiteError) in try passwords.exists(uuid: item.uuid) }) {
                        guard owner == imported.id else {
                            throw .importConflict(field: "application_passwords[\"\(imported.id)\"][\(offset)].uuid",
                                                  message: "uuid \(item.uuid) already belongs to user ID \(owner) here")
                        }
                        summary.passwordsAlreadyPresent += 1
                        continue
                    }
                    let record = ApplicationPassword(uuid: item.uuid, userID: imported.id, appID: item.appID, name: item.name, created: item.created,
                                                     lastUsed: item.lastUsed, lastIP: item.lastIP, enabledFor: item.enabledFor,
                                                     restAPIPermission: item.restAPIPermission, xmlRPCPermission: .write)
                    try sqlite { () throws(SQLiteError) in try passwords.insert(record, hash: item.hash) }
                    summary.passwordsAdded += 1
                    newPasswords.append(item)
                }
                added.append((imported, newPasswords, isNew))
            }
        }
        let time = now()
        for (user, items, isNew) in added {
            if isNew { audit(AuditEvent(.importUser, time: time, userID: user.id, login: user.login, detail: user.role.rawValue)) }
            for item in items {
                audit(AuditEvent(.importPassword, time: time, userID: user.id, login: user.login, uuid: item.uuid, name: item.name,
                                 detail: FastHash.isFastHash(item.hash) ? "$generic$" : "phpass"))
            }
        }
        return summary
    }
}
