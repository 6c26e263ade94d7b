import CredentialCore
import RESTRoutes

/// What `dualgate import wordpress` prints: one line per change, then notes and a summary; or
/// with `--json` the same as one object. Names and logins come from the export; a uuid or name
/// shaped like an application password is withheld, as everywhere the CLI echoes text.
enum ImportReportText {
    static func lines(_ report: ImportReport) -> [String] {
        var out: [String] = report.isDryRun ? ["Dry run: nothing was written; a real run would make these changes."] : []
        for change in report.changes {
            switch change {
            case .userAdded(let id, let login, let role):
                out.append("user added: \(user(login, id)), role \(role.rawValue)")
            case .userUpdated(let id, let login, let field, let old, let new):
                out.append("user updated: \(user(login, id)) \(field) \(quoted(old)) → \(quoted(new))")
            case .passwordAdded(let userID, let login, let uuid, let name, let format):
                out.append("password added: \(password(name, uuid)) of \(user(login, userID)) (\(format))")
            case .passwordRevoked(let userID, let login, let uuid, let name):
                out.append("password revoked (no longer in the WordPress export): \(password(name, uuid)) of \(user(login, userID))")
            case .passwordSkipped(let userID, let login, let uuid, let name):
                out.append("password skipped (revoked in dualgate, never re-created): \(password(name, uuid)) of \(user(login, userID))")
            case .accountPasswordImported(let userID, let login, let format):
                out.append("account password imported: \(user(login, userID)) (\(format), web sign-in only)")
            }
        }
        for kept in report.usersNotInExport {
            out.append("note: \(user(kept.login, kept.id)) is not in the export: kept as it is (its imported passwords, if any, are revoked above)")
        }
        let verb = report.isDryRun ? "Would import" : "Imported"
        out.append("\(verb): users \(report.usersAdded) added, \(report.usersUpdated) updated, \(report.usersUnchanged) unchanged; "
                   + "application passwords \(report.passwordsAdded) added, \(report.passwordsRevoked) revoked, "
                   + "\(report.passwordsSkipped) skipped (revoked in dualgate), \(report.passwordsUnchanged) unchanged.")
        return out
    }

    static func json(_ report: ImportReport) -> String {
        let changes: [JSON] = report.changes.map { change in
            switch change {
            case .userAdded(let id, let login, let role):
                .object([("change", .string("user_added")), ("user_id", .int(id)), ("login", .string(login)), ("role", .string(role.rawValue))])
            case .userUpdated(let id, let login, let field, let old, let new):
                .object([("change", .string("user_updated")), ("user_id", .int(id)), ("login", .string(login)), ("field", .string(field)),
                         ("old", .string(old)), ("new", .string(new))])
            case .passwordAdded(let userID, let login, let uuid, let name, let format):
                passwordJSON("password_added", userID, login, uuid, name, extra: [("hash", .string(format))])
            case .passwordRevoked(let userID, let login, let uuid, let name):
                passwordJSON("password_revoked", userID, login, uuid, name, extra: [("reason", .string("absent_from_wordpress_export"))])
            case .passwordSkipped(let userID, let login, let uuid, let name):
                passwordJSON("password_skipped", userID, login, uuid, name, extra: [("reason", .string("revoked_in_dualgate"))])
            case .accountPasswordImported(let userID, let login, let format):
                .object([("change", .string("account_password_imported")), ("user_id", .int(userID)), ("login", .string(login)), ("hash", .string(format))])
            }
        }
        let notInExport: [JSON] = report.usersNotInExport.map { .object([("user_id", .int($0.id)), ("login", .string($0.login))]) }
        let summary: JSON = .object([
            ("users_added", .int(Int64(report.usersAdded))), ("users_updated", .int(Int64(report.usersUpdated))),
            ("users_unchanged", .int(Int64(report.usersUnchanged))), ("passwords_added", .int(Int64(report.passwordsAdded))),
            ("passwords_revoked", .int(Int64(report.passwordsRevoked))), ("passwords_skipped", .int(Int64(report.passwordsSkipped))),
            ("passwords_unchanged", .int(Int64(report.passwordsUnchanged))),
        ])
        return JSON.object([("dry_run", .bool(report.isDryRun)), ("changes", .array(changes)), ("users_not_in_export", .array(notInExport)),
                            ("summary", summary)]).text
    }

    private static func passwordJSON(_ kind: String, _ userID: Int64, _ login: String, _ uuid: String, _ name: String,
                                     extra: [(key: String, value: JSON)]) -> JSON {
        .object([("change", .string(kind)), ("user_id", .int(userID)), ("login", .string(login)), ("uuid", .string(uuid)),
                 ("name", .string(name))] + extra)
    }

    private static func user(_ login: String, _ id: Int64) -> String { "'\(Echo.argument(login))' (ID \(id))" }

    private static func password(_ name: String, _ uuid: String) -> String { "'\(Echo.argument(name))' \(uuid)" }

    private static func quoted(_ text: String) -> String { "'\(Echo.argument(text))'" }
}
