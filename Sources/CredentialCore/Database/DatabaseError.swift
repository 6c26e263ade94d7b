import CSQLite

/// The store's database layer failed (SQLite or PostgreSQL). It carries the database's own message
/// and the statement text (which only ever has placeholders), never bound values, so it is safe to
/// log. Query code names it `SQLiteError` (the name from before PostgreSQL; kept so that query
/// files written against it need no change).
struct DatabaseError: Error, Sendable, CustomStringConvertible {
    /// SQLite's extended result code; `SQLITE_ERROR` (1) for PostgreSQL, whose code is `sqlState`.
    let code: Int32
    let message: String
    let sql: String?
    /// PostgreSQL's SQLSTATE (`23505` unique violation, …); nil for SQLite.
    var sqlState: String?
    /// The database could not be reached (PostgreSQL down, timed out, libpq missing): the
    /// protocols answer 503 / -32603 "store unavailable", not an internal error.
    var isUnavailable = false

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

    /// A PostgreSQL statement failed with `sqlState`.
    init(postgres message: String, sqlState: String?, sql: String?) {
        self.init(code: SQLITE_ERROR, message: message, sql: sql)
        self.sqlState = sqlState
    }

    /// PostgreSQL cannot be reached, or libpq not loaded.
    init(unavailable message: String) {
        self.init(code: SQLITE_CANTOPEN, message: message)
        isUnavailable = true
    }

    /// The primary result code (`SQLITE_CONSTRAINT` for every constraint failure, …).
    var primaryCode: Int32 { code & 0xff }

    var description: String {
        let what = isUnavailable ? "PostgreSQL unavailable" : sqlState.map { "PostgreSQL error \($0)" } ?? "SQLite error \(code)"
        if let sql { return "\(what): \(message) [in: \(sql)]" }
        return "\(what): \(message)"
    }
}

/// The name the query code uses (see `DatabaseError`).
typealias SQLiteError = DatabaseError
