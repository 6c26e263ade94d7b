@testable import CredentialCore
import CSQLite

/// Records the SQL of every statement a connection starts to run (SQLite's `SQLITE_TRACE_STMT`),
/// so a test can say what work a call did instead of timing it.
final class StatementTrace {
    private(set) var statements: [String] = []
    private let connection: Connection

    init(_ connection: Connection) {
        self.connection = connection
        let context = Unmanaged.passUnretained(self).toOpaque()
        sqlite3_trace_v2(connection.handle, UInt32(SQLITE_TRACE_STMT), { _, context, _, sql in
            guard let context, let sql else { return 0 }
            let trace = Unmanaged<StatementTrace>.fromOpaque(context).takeUnretainedValue()
            trace.statements.append(String(cString: sql.assumingMemoryBound(to: CChar.self)))
            return 0
        }, context)
    }

    deinit { sqlite3_trace_v2(connection.handle, 0, nil, nil) }

    /// The statements run by `body` that read users or application passwords (the change check's
    /// `PRAGMA data_version`, which runs once a second whatever happens, is not counted).
    func reads(during body: () throws -> Void) rethrows -> [String] {
        statements.removeAll()
        try body()
        return statements.filter { $0.contains("FROM users") || $0.contains("FROM application_passwords") }
    }
}
