import CSQLite

/// A failed SQLite call. It carries SQLite's own message and the statement text (which only ever
/// has `?` placeholders), never bound values, so it is safe to log.
struct SQLiteError: Error, Sendable, CustomStringConvertible {
    /// SQLite's extended result code.
    let code: Int32
    let message: String
    let sql: String?

    init(code: Int32, message: String, sql: String? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
    }

    /// Reads the connection's last error; `handle` may be nil when opening failed early.
    init(_ code: Int32, _ handle: OpaquePointer?, sql: String? = nil) {
        self.code = code
        if let handle, let text = sqlite3_errmsg(handle) {
            message = String(cString: text)
        } else {
            message = String(cString: sqlite3_errstr(code))
        }
        self.sql = sql
    }

    /// The primary result code (`SQLITE_CONSTRAINT` for every constraint failure, …).
    var primaryCode: Int32 { code & 0xff }

    var description: String {
        if let sql { return "SQLite error \(code): \(message) [in: \(sql)]" }
        return "SQLite error \(code): \(message)"
    }
}
