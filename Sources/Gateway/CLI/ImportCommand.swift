import CredentialCore
import Foundation

/// `dualgate import wordpress FILE` (README "Migrating from WordPress").
enum ImportCommand {
    static let wordpress = Command(
        path: ["import", "wordpress"],
        usage: "dualgate import wordpress FILE [--db PATH]",
        summary: "Import WordPress users and their application passwords (from WP-CLI output; see the README).",
        details: """
            FILE is {"users": <wp user list --format=json>, "application_passwords": {"<ID>":
            <wp user meta get <ID> _application_passwords --format=json>, ...}} ('-' reads stdin).
            Users keep their ids, logins, emails and roles; passwords keep their hashes ($generic$,
            or phpass $P$, re-hashed on first use), uuids, names, app ids and timestamps, so no one
            has to re-issue a password. Importing the same file again changes nothing. A malformed
            or conflicting file is refused whole, naming the field at fault; nothing is written then.
            """,
        spec: .init(valued: ["db"]),
        run: { arguments, env in
            let file = try arguments.positionals(named: "FILE")[0]
            let data: Data
            if file == "-" {
                data = FileHandle.standardInput.readDataToEndOfFile()
            } else {
                guard let contents = FileManager.default.contents(atPath: file) else { throw RefusalError("cannot read \(file)") }
                data = contents
            }
            let export: WordPressExport
            do { export = try WordPressExport.parse(data) } catch { throw RefusalError("refused \(file), nothing imported: \(error)") }
            let summary = try env.withAuditedStore(arguments) { store throws -> CredentialStore.ImportSummary in
                do { return try store.importWordPress(export) } catch { throw RefusalError("refused \(file), nothing imported: \(error)") }
            }
            env.output.line("Imported \(summary.usersAdded) user\(summary.usersAdded == 1 ? "" : "s") (\(summary.usersAlreadyPresent) already present) and "
                            + "\(summary.passwordsAdded) application password\(summary.passwordsAdded == 1 ? "" : "s") (\(summary.passwordsAlreadyPresent) already present).")
            return 0
        })
}
