import CredentialCore
import Foundation

/// `dualgate import wordpress FILE` (README "Migrating from WordPress").
enum ImportCommand {
    static let wordpress = Command(
        path: ["import", "wordpress"],
        usage: "dualgate import wordpress FILE [--dry-run] [--json] [--db PATH]",
        summary: "Import or re-sync WordPress users and their application passwords (from WP-CLI output; see the README).",
        details: """
            FILE is {"users": <wp user list --format=json>, "application_passwords": {"<ID>":
            <wp user meta get <ID> _application_passwords --format=json>, ...}} ('-' reads stdin).
            Users keep their ids, logins, emails and roles; passwords keep their hashes ($generic$,
            or phpass $P$, re-hashed on first use), uuids, names, app ids and timestamps, so no one
            has to re-issue a password.
            With 'wp user list --fields=ID,user_login,user_email,display_name,user_registered,roles,user_pass'
            the users' own WordPress passwords come along as account passwords (web sign-in only,
            never the APIs; phpass, bcrypt or 6.8's $wp$ hashes, re-hashed to yescrypt at the first
            sign-in), for users who have none here yet.
            A re-import of a newer export is a sync from WordPress: users already here take its
            email, role and display name; imported passwords it no longer holds are revoked; a
            password revoked in dualgate is never re-created; passwords created in dualgate stay.
            Every change is printed, one per line, then a summary. A malformed or conflicting file
            (an ID, login, email or uuid that belongs to someone else) is refused whole, naming
            the field at fault; nothing is written then.
              --dry-run   print what would change and write nothing
              --json      print the changes and the summary as one JSON object
            """,
        spec: .init(valued: ["db"], switches: ["dry-run", "json"]),
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
            let dryRun = arguments.has("dry-run")
            let report = try env.withAuditedStore(arguments) { store throws -> ImportReport in
                do { return try store.importWordPress(export, dryRun: dryRun) } catch { throw RefusalError("refused \(file), nothing imported: \(error)") }
            }
            if arguments.has("json") {
                env.output.line(ImportReportText.json(report))
            } else {
                for line in ImportReportText.lines(report) { env.output.line(line) }
            }
            return 0
        })
}
