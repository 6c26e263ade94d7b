/// `dualgate migrate --from --to` (issue 15 item 5): everything a store holds (users with their
/// ids, passwords with their hashes, uuids, usage and controls, settings, upstream credentials
/// still sealed, the uuids ever revoked) copied into an empty store of either backend, in one
/// transaction on the target, with the counts checked before it commits. The source is read
/// inside a write transaction of its own, so the copy is one consistent snapshot.
package enum StoreCopy {
    package struct Counts: Sendable, Equatable, CustomStringConvertible {
        package var tables: [(name: String, rows: Int)]

        package static func == (left: Counts, right: Counts) -> Bool {
            left.tables.map(\.name) == right.tables.map(\.name) && left.tables.map(\.rows) == right.tables.map(\.rows)
        }

        package var isEmpty: Bool { tables.allSatisfy { $0.rows == 0 } }

        package var description: String { tables.map { "\($0.rows) \($0.name)" }.joined(separator: ", ") }
    }

    private enum Kind { case integer, text, blob }

    /// The tables in an order that satisfies the foreign keys, with their columns.
    private static let tables: [(name: String, order: String, columns: [(String, Kind)])] = [
        ("users", "id", [("id", .integer), ("login", .text), ("email", .text), ("display_name", .text), ("nicename", .text),
                         ("role", .text), ("registered", .integer), ("account_password", .text)]),
        ("application_passwords", "seq", [("seq", .integer), ("uuid", .text), ("user_id", .integer), ("app_id", .text), ("name", .text),
                                          ("password_hash", .text), ("created", .integer), ("last_used", .integer), ("last_ip", .text),
                                          ("enabled_for", .text), ("rest_api_permissions", .text), ("xml_rpc_permissions", .text),
                                          ("expires", .integer), ("status", .text), ("allowed_networks", .text), ("origin", .text)]),
        ("settings", "key", [("key", .text), ("value", .text)]),
        ("revoked_passwords", "uuid", [("uuid", .text), ("user_id", .integer), ("revoked", .integer)]),
        ("upstream_credentials", "user_id", [("user_id", .integer), ("upstream_login", .text), ("sealed", .blob), ("created", .integer),
                                             ("updated", .integer)]),
        // Signed-in people stay signed in on the new store (only the tokens' hashes are stored).
        ("web_sessions", "token_hash", [("token_hash", .text), ("user_id", .integer), ("created", .integer), ("last_seen", .integer)]),
    ]

    /// Copies `source` into `target` (paths or `postgres://` URLs); refuses a target holding
    /// anything. Returns what was copied.
    package static func copy(from source: String, to target: String) throws(StoreError) -> Counts {
        guard StoreLocation(source) != StoreLocation(target) else {
            throw .importConflict(field: "--to", message: "the target is the source")
        }
        let from = try CredentialStore(path: source)
        let to = try CredentialStore(path: target)
        let counts = try from.connection.immediateTransaction(wrap: { StoreError($0) }) { () throws(StoreError) -> Counts in
            let expected = try count(from.connection)
            return try to.writing { () throws(StoreError) -> Counts in
                let found = try count(to.connection)
                guard found.isEmpty else {
                    throw .importConflict(field: "--to", message: "the target store is not empty (\(found)); dualgate migrate copies into an empty store only")
                }
                for table in tables { try copyRows(table, from: from.connection, to: to.connection) }
                if to.connection.dialect == .postgres { try advanceIdentities(to.connection) }
                let copied = try count(to.connection)
                guard copied == expected else {
                    throw .importConflict(field: "--to", message: "the copy holds \(copied), the source \(expected); nothing was written")
                }
                return copied
            }
        }
        return counts
    }

    private static func count(_ connection: Connection) throws(StoreError) -> Counts {
        var result = Counts(tables: [])
        for table in tables {
            let rows = try database { () throws(SQLiteError) in
                try connection.firstRow("SELECT count(*) FROM \(table.name)") { Int($0.int64(0)) } ?? 0
            }
            result.tables.append((table.name, rows))
        }
        return result
    }

    private static func copyRows(_ table: (name: String, order: String, columns: [(String, Kind)]), from source: Connection,
                                 to target: Connection) throws(StoreError) {
        let names = table.columns.map(\.0).joined(separator: ", ")
        let placeholders = (1...table.columns.count).map { "?\($0)" }.joined(separator: ", ")
        let insert = "INSERT INTO \(table.name) (\(names)) VALUES (\(placeholders))"
        let rows = try database { () throws(SQLiteError) in
            try source.rows("SELECT \(names) FROM \(table.name) ORDER BY \(table.order)") { row in
                table.columns.enumerated().map { index, column -> SQLValue in
                    let at = Int32(index)
                    if row.isNull(at) { return .null }
                    switch column.1 {
                    case .integer: return .integer(row.int64(at))
                    case .text: return .text(row.text(at))
                    case .blob: return .blob(row.blob(at))
                    }
                }
            }
        }
        for values in rows { _ = try database { () throws(SQLiteError) in try target.run(insert, values) } }
    }

    /// Explicit ids do not move PostgreSQL's identity sequences (SQLite's follow by themselves).
    private static func advanceIdentities(_ connection: Connection) throws(StoreError) {
        try database { () throws(SQLiteError) in
            try connection.run("SELECT setval(pg_get_serial_sequence('users', 'id'), coalesce((SELECT max(id) FROM users), 0) + 1, false)")
            try connection.run("""
                SELECT setval(pg_get_serial_sequence('application_passwords', 'seq'), coalesce((SELECT max(seq) FROM application_passwords), 0) + 1, false)
                """)
        }
    }

    private static func database<T>(_ body: () throws(SQLiteError) -> T) throws(StoreError) -> T {
        do { return try body() } catch { throw StoreError(error) }
    }
}
