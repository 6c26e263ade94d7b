import CredentialCore

/// `dualgate migrate --from --to` (issue 15 item 5): move a store between SQLite and PostgreSQL.
enum MigrateCommand {
    static let command = Command(
        path: ["migrate"],
        usage: "dualgate migrate --from PATH_OR_URL --to PATH_OR_URL",
        summary: "Copy a whole store into an empty one (SQLite file or postgres:// URL), in one transaction.",
        details: """
            Copies users (with their ids), application passwords (with their hashes, uuids, usage and
            controls), site settings, upstream credentials (still sealed: keep the same key file) and
            the uuids ever revoked, into an empty target, in one transaction; the counts are compared
            before it commits. A target holding anything is refused and left as it was. Stop the
            gateways writing to the source first: writes made after the copy stay behind.
            The audit trail is a file per instance and is not part of the store.
              --from PATH_OR_URL   the store to copy (a SQLite file or postgres://USER@HOST:PORT/DB)
              --to PATH_OR_URL     the empty store to fill (created and migrated if new)
            """,
        spec: .init(valued: ["from", "to"], switches: []),
        run: { arguments, env in
            try arguments.expectNoPositionals()
            guard let source = arguments.value("from"), let target = arguments.value("to") else {
                throw UsageError("both --from and --to are required")
            }
            let counts: StoreCopy.Counts
            do { counts = try StoreCopy.copy(from: source, to: target) } catch {
                throw RefusalError("\(error)")
            }
            env.output.line("Copied \(counts) from \(StoreLocation(source)) to \(StoreLocation(target)); the counts match.")
            return 0
        })
}
