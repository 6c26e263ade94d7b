extension CredentialStore {
    /// The steps of a WordPress sync, run inside the caller's transaction. Checks come first for
    /// each user, so a conflict throws before that user is written; the caller rolls everything back.
    func syncWordPress(_ export: WordPressExport) throws(StoreError) -> ImportReport {
        var report = ImportReport()
        let existing = try checkUsers(export)
        try applyUsers(export, existing, into: &report)
        try importAccountPasswords(export, into: &report)
        let exported = try applyPasswords(export, into: &report)
        try revokeImported(notIn: exported, export, into: &report)
        return report
    }

    /// Matches each exported user to the one here (by id, whose login must agree) and refuses
    /// the document when an id, login or e-mail belongs to someone else.
    private func checkUsers(_ export: WordPressExport) throws(StoreError) -> [Int64: User] {
        // E-mails compare case-insensitively, as the `users.email` column (COLLATE NOCASE) does.
        var emailInExport: [Int64: String] = [:]
        var firstWithEmail: [String: Int] = [:]
        var existing: [Int64: User] = [:]
        for (index, imported) in export.users.enumerated() {
            let path = "users[\(index)]"
            let email = imported.email.lowercased()
            emailInExport[imported.id] = email
            if !email.isEmpty, let first = firstWithEmail.updateValue(index, forKey: email) {
                throw .importConflict(field: "\(path).user_email", message: "the same email as users[\(first)]")
            }
        }
        for (index, imported) in export.users.enumerated() {
            let path = "users[\(index)]"
            if let byID = try sqlite({ () throws(SQLiteError) in try users.find(id: imported.id) }) {
                guard byID.login.lowercased() == imported.login.lowercased() else {
                    throw .importConflict(field: "\(path).ID", message: "user ID \(imported.id) is already '\(byID.login)' here, not '\(imported.login)'")
                }
                existing[imported.id] = byID
            } else if let byLogin = try sqlite({ () throws(SQLiteError) in try users.find(login: imported.login) }) {
                throw .importConflict(field: "\(path).user_login", message: "login '\(imported.login)' already belongs to user ID \(byLogin.id) here")
            }
            guard let owner = try sqlite({ () throws(SQLiteError) in try users.find(email: imported.email) }), owner.id != imported.id else { continue }
            // Allowed only when the owner gives the address up in this same export (moved
            // between two users in WordPress); a user the export does not hold keeps it.
            if let ownersNext = emailInExport[owner.id], ownersNext != imported.email.lowercased() { continue }
            throw .importConflict(field: "\(path).user_email", message: "this email already belongs to '\(owner.login)' here")
        }
        return existing
    }

    private func applyUsers(_ export: WordPressExport, _ existing: [Int64: User], into report: inout ImportReport) throws(StoreError) {
        // Free every address that changes hands first: the unique e-mail index would otherwise
        // refuse a move between two users whichever of them came first.
        for user in existing.values where user.email != "" {
            guard let imported = export.users.first(where: { $0.id == user.id }), imported.email != user.email else { continue }
            try sqlite { () throws(SQLiteError) in
                try users.updateProfile(id: user.id, email: "", displayName: user.displayName, role: user.role, registered: user.registered)
            }
        }
        for imported in export.users {
            guard let old = existing[imported.id] else {
                try sqlite { () throws(SQLiteError) in
                    try users.insert(id: imported.id, login: imported.login, email: imported.email, displayName: imported.displayName,
                                     nicename: try uniqueNicename(for: imported.login), role: imported.role, registered: imported.registered)
                }
                report.changes.append(.userAdded(id: imported.id, login: imported.login, role: imported.role))
                continue
            }
            // A document without `user_registered` (0) keeps the date known here.
            let registered = imported.registered == 0 ? old.registered : imported.registered
            var updates: [ImportReport.Change] = []
            func compare(_ field: String, _ before: String, _ after: String) {
                if before != after { updates.append(.userUpdated(id: old.id, login: old.login, field: field, old: before, new: after)) }
            }
            compare("user_email", old.email, imported.email)
            compare("role", old.role.rawValue, imported.role.rawValue)
            compare("display_name", old.displayName, imported.displayName)
            compare("user_registered", ISOTime.utc(old.registered), ISOTime.utc(registered))
            if updates.isEmpty { report.usersUnchanged += 1; continue }
            try sqlite { () throws(SQLiteError) in
                try users.updateProfile(id: old.id, email: imported.email, displayName: imported.displayName, role: imported.role, registered: registered)
            }
            report.changes += updates
        }
    }

    /// Adds the export's passwords that are new here; returns every uuid the export holds.
    private func applyPasswords(_ export: WordPressExport, into report: inout ImportReport) throws(StoreError) -> Set<String> {
        var exported = Set<String>()
        for imported in export.users {
            for (offset, item) in imported.passwords.enumerated() {
                exported.insert(item.uuid)
                if let owner = try sqlite({ () throws(SQLiteError) in try passwords.exists(uuid: item.uuid) }) {
                    guard owner == imported.id else {
                        throw .importConflict(field: "application_passwords[\"\(imported.id)\"][\(offset)].uuid",
                                              message: "uuid \(item.uuid) already belongs to user ID \(owner) here")
                    }
                    // Imported by a build older than migration 5: now known to come from WordPress.
                    try sqlite { () throws(SQLiteError) in try passwords.markImported(uuid: item.uuid) }
                    report.passwordsUnchanged += 1
                    continue
                }
                if try sqlite({ () throws(SQLiteError) in try passwords.wasRevoked(uuid: item.uuid) }) {
                    report.changes.append(.passwordSkipped(userID: imported.id, login: imported.login, uuid: item.uuid, name: item.name))
                    continue
                }
                let record = ApplicationPassword(uuid: item.uuid, userID: imported.id, appID: item.appID, name: item.name, created: item.created,
                                                 lastUsed: item.lastUsed, lastIP: item.lastIP, enabledFor: item.enabledFor,
                                                 restAPIPermission: item.restAPIPermission, xmlRPCPermission: .write)
                try sqlite { () throws(SQLiteError) in try passwords.insert(record, hash: item.hash, origin: .wordpress) }
                report.changes.append(.passwordAdded(userID: imported.id, login: imported.login, uuid: item.uuid, name: item.name,
                                                     hashFormat: FastHash.isFastHash(item.hash) ? "$generic$" : "phpass"))
            }
        }
        return exported
    }

    /// Revokes every imported password the export no longer holds (revoked in WordPress, or its
    /// user deleted there); passwords created in dualgate are never touched.
    private func revokeImported(notIn exported: Set<String>, _ export: WordPressExport, into report: inout ImportReport) throws(StoreError) {
        let all = try sqlite { () throws(SQLiteError) in try users.all() }
        var login: [Int64: String] = [:]
        for user in all { login[user.id] = user.login }
        let inExport = Set(export.users.map(\.id))
        report.usersNotInExport = all.filter { !inExport.contains($0.id) }.map { ImportReport.UserRef(id: $0.id, login: $0.login) }
        for record in try sqlite({ () throws(SQLiteError) in try passwords.allImported() }) where !exported.contains(record.uuid) {
            _ = try sqlite { () throws(SQLiteError) in try passwords.delete(uuid: record.uuid, of: record.userID) }
            report.changes.append(.passwordRevoked(userID: record.userID, login: login[record.userID] ?? "", uuid: record.uuid, name: record.name))
        }
    }

    /// An account password from `user_pass`, only for a user without one here: a password set in
    /// dualgate (or a WordPress hash already re-hashed at a sign-in) is never replaced by a re-import.
    private func importAccountPasswords(_ export: WordPressExport, into report: inout ImportReport) throws(StoreError) {
        let accounts = AccountQueries(connection: connection)
        for imported in export.users {
            guard let hash = imported.accountPasswordHash, let format = AccountPasswordHash.importedFormat(hash) else { continue }
            let changed = try sqlite { () throws(SQLiteError) -> Int in
                guard try accounts.hash(ofUser: imported.id) == "" else { return 0 }
                return try accounts.setHash(hash, ofUser: imported.id)
            }
            if changed == 1 { report.changes.append(.accountPasswordImported(userID: imported.id, login: imported.login, hashFormat: format)) }
        }
    }
}
