import CSQLite
#if canImport(Glibc)
import Glibc
#endif

/// One SQLite connection, used by one thread only (opened `SQLITE_OPEN_NOMUTEX`). It caches its
/// prepared statements by SQL text so the hot path never re-prepares.
final class SQLiteConnection {
    let handle: OpaquePointer
    /// The database file, for `WALIndexHeaders`' count of this process's connections to it.
    let file: WALIndexHeaders.FileID?
    private var statements: [String: SQLiteStatement] = [:]
    /// This process's queue of writers to the same file (nil for an in-memory database).
    private lazy var writerQueue: WriterQueue? = file.map(WriterQueue.of)

    /// Opens (creating if needed, with mode 0600) the database file at `path`.
    init(path: String) throws(SQLiteError) {
        try Self.createPrivately(path)
        var opened: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(path, &opened, flags, nil)
        guard code == SQLITE_OK, let opened else {
            let error = SQLiteError(code, opened)
            sqlite3_close_v2(opened)
            throw error
        }
        handle = opened
        sqlite3_extended_result_codes(handle, 1)
        file = WALIndexHeaders.FileID(path: path)
        if let file { WALIndexHeaders.connectionOpened(file) }
    }

    deinit {
        statements.removeAll()                  // finalize before closing
        sqlite3_close_v2(handle)
        if let file { WALIndexHeaders.connectionClosed(file) }
    }

    /// Creates the file ourselves with mode 0600 before SQLite sees it: SQLite would create it
    /// with 0644 (less umask), and it later gives the -wal and -shm files the main file's mode.
    private static func createPrivately(_ path: String) throws(SQLiteError) {
        guard !path.isEmpty, path != ":memory:" else { return }
        let descriptor = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if descriptor < 0 {
            if errno == EEXIST { return }        // an existing store keeps the mode its owner gave it
            throw SQLiteError(code: SQLITE_CANTOPEN, message: "cannot create the database file: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        fchmod(descriptor, 0o600)                 // in case the umask took away owner bits
    }

    // MARK: statements

    /// The cached statement for `sql`, prepared on first use.
    func statement(_ sql: String) throws(SQLiteError) -> SQLiteStatement {
        if let cached = statements[sql] { return cached }
        let prepared = try SQLiteStatement(database: handle, sql: sql)
        statements[sql] = prepared
        return prepared
    }

    /// Runs `sql` with `values` bound and hands each row to `row`; the statement is reset after.
    func forEachRow(_ sql: String, _ values: [SQLValue] = [], _ row: (SQLiteStatement) throws(SQLiteError) -> Void) throws(SQLiteError) {
        let statement = try statement(sql)
        defer { statement.reset() }
        try statement.bind(values)
        while try statement.step() { try row(statement) }
    }

    /// All rows of `sql`, mapped.
    func rows<T>(_ sql: String, _ values: [SQLValue] = [], _ map: (SQLiteStatement) -> T) throws(SQLiteError) -> [T] {
        var result: [T] = []
        try forEachRow(sql, values) { result.append(map($0)) }
        return result
    }

    /// The first row of `sql`, mapped; nil when there is none.
    func firstRow<T>(_ sql: String, _ values: [SQLValue] = [], _ map: (SQLiteStatement) -> T) throws(SQLiteError) -> T? {
        let statement = try statement(sql)
        defer { statement.reset() }
        try statement.bind(values)
        return try statement.step() ? map(statement) : nil
    }

    /// Runs a statement that returns no rows; returns the number of rows it changed.
    @discardableResult
    func run(_ sql: String, _ values: [SQLValue] = []) throws(SQLiteError) -> Int {
        let statement = try statement(sql)
        defer { statement.reset() }
        try statement.bind(values)
        while try statement.step() {}
        return Int(sqlite3_changes64(handle))
    }

    /// Runs SQL text that may hold several statements and binds nothing (schema, pragmas).
    func executeScript(_ sql: String) throws(SQLiteError) {
        let code = sqlite3_exec(handle, sql, nil, nil, nil)
        guard code == SQLITE_OK else { throw SQLiteError(code, handle, sql: sql) }
    }

    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    // MARK: transactions

    /// Runs `body` in a `BEGIN IMMEDIATE` transaction: the write lock is taken up front, so two
    /// writers queue on `busy_timeout` instead of failing with SQLITE_BUSY when one upgrades a
    /// read. Any thrown error rolls back. `wrap` turns SQLite's own failures into `E`.
    /// This process's writers to the file take turns in its `WriterQueue` first.
    func immediateTransaction<T, E: Error>(wrap: (SQLiteError) -> E, _ body: () throws(E) -> T) throws(E) -> T {
        let queue = writerQueue
        let entered = queue?.enter(waitingAtMost: Self.busyTimeoutMilliseconds) ?? false
        defer { if entered { queue?.leave() } }
        do { try run("BEGIN IMMEDIATE") } catch { throw wrap(error) }
        let result: T
        do {
            result = try body()
        } catch {
            rollback()
            throw error
        }
        do {
            try run("COMMIT")
        } catch {
            rollback()
            throw wrap(error)
        }
        return result
    }

    /// The SQLite-only form of `immediateTransaction(wrap:_:)`.
    func immediateTransaction<T>(_ body: () throws(SQLiteError) -> T) throws(SQLiteError) -> T {
        try immediateTransaction(wrap: { $0 }, body)
    }

    private func rollback() {
        if sqlite3_get_autocommit(handle) == 0 { _ = try? run("ROLLBACK") }
    }
}

@available(*, unavailable) extension SQLiteConnection: Sendable {}
