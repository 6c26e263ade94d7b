/// The store's connection to its database, SQLite or PostgreSQL, used by one thread only. Query
/// code talks to this one API (`firstRow`, `rows`, `forEachRow`, `run`, `executeScript`,
/// `immediateTransaction`, placeholders `?1 ?2` or `?`), whichever backend answers.
final class Connection {
    enum Backend {
        case sqlite(SQLiteConnection)
        case postgres(PostgresConnection)
    }

    let backend: Backend

    /// Opens (creating if needed, with mode 0600) the SQLite file at `path`.
    init(path: String) throws(SQLiteError) { backend = .sqlite(try SQLiteConnection(path: path)) }

    /// Connects to the PostgreSQL database at `url` (libpq loaded at first use).
    init(postgresURL url: String) throws(SQLiteError) { backend = .postgres(try PostgresConnection(url: url)) }

    convenience init(_ location: StoreLocation) throws(SQLiteError) {
        switch location {
        case .sqlite(let path): try self.init(path: path)
        case .postgres(let url): try self.init(postgresURL: url)
        }
    }

    var dialect: SQLDialect {
        switch backend {
        case .sqlite: .sqlite
        case .postgres: .postgres
        }
    }

    var sqlite: SQLiteConnection? { if case .sqlite(let connection) = backend { connection } else { nil } }
    var postgres: PostgresConnection? { if case .postgres(let connection) = backend { connection } else { nil } }

    /// SQLite's handle (SQLite-only callers: tests' statement trace).
    var handle: OpaquePointer { sqlite!.handle }

    /// The SQLite file, for `WALIndexHeaders`; nil for PostgreSQL.
    var file: WALIndexHeaders.FileID? { sqlite?.file }

    // MARK: statements

    /// Runs `sql` with `values` bound and hands each row to `row`.
    func forEachRow(_ sql: String, _ values: [SQLValue] = [], _ row: (Statement) throws(SQLiteError) -> Void) throws(SQLiteError) {
        switch backend {
        case .sqlite(let connection):
            try connection.forEachRow(sql, values) { (statement: SQLiteStatement) throws(SQLiteError) in try row(Statement(sqlite: statement)) }
        case .postgres(let connection):
            let result = try connection.execute(sql, values)
            var index: Int32 = 0
            while index < result.rowCount {
                try row(Statement(postgres: result, row: index))
                index += 1
            }
        }
    }

    /// All rows of `sql`, mapped.
    func rows<T>(_ sql: String, _ values: [SQLValue] = [], _ map: (Statement) -> T) throws(SQLiteError) -> [T] {
        var result: [T] = []
        try forEachRow(sql, values) { result.append(map($0)) }
        return result
    }

    /// The first row of `sql`, mapped; nil when there is none.
    func firstRow<T>(_ sql: String, _ values: [SQLValue] = [], _ map: (Statement) -> T) throws(SQLiteError) -> T? {
        switch backend {
        case .sqlite(let connection):
            return try connection.firstRow(sql, values) { map(Statement(sqlite: $0)) }
        case .postgres(let connection):
            let result = try connection.execute(sql, values)
            return result.rowCount > 0 ? map(Statement(postgres: result, row: 0)) : nil
        }
    }

    /// Runs a statement that returns no rows; returns the number of rows it changed.
    @discardableResult
    func run(_ sql: String, _ values: [SQLValue] = []) throws(SQLiteError) -> Int {
        switch backend {
        case .sqlite(let connection): try connection.run(sql, values)
        case .postgres(let connection): try connection.execute(sql, values).changedRows
        }
    }

    /// Runs SQL text that may hold several statements and binds nothing.
    func executeScript(_ sql: String) throws(SQLiteError) {
        switch backend {
        case .sqlite(let connection): try connection.executeScript(sql)
        case .postgres(let connection): try connection.executeScript(sql)
        }
    }

    /// The id SQLite gave the last inserted row (SQLite only: PostgreSQL inserts say `RETURNING`).
    var lastInsertRowID: Int64 { sqlite?.lastInsertRowID ?? 0 }

    // MARK: transactions

    /// Runs `body` as one writer at a time, all or nothing: SQLite's `BEGIN IMMEDIATE` (with this
    /// process's `WriterQueue`), or on PostgreSQL a transaction that first takes one advisory lock
    /// shared by every dualgate instance, so writers are serialised exactly as on SQLite (the
    /// store's checks such as `unique_names` and `max_per_user` rely on it). Any thrown error
    /// rolls back. `wrap` turns database failures into `E`.
    func immediateTransaction<T, E: Error>(wrap: (SQLiteError) -> E, _ body: () throws(E) -> T) throws(E) -> T {
        switch backend {
        case .sqlite(let connection):
            return try connection.immediateTransaction(wrap: wrap, body)
        case .postgres(let connection):
            do {
                try connection.beginTransaction()
                _ = try connection.execute("SELECT pg_advisory_xact_lock(\(PostgresSchema.writerLockKey))", [])
            } catch {
                connection.endTransaction(rollback: true)
                throw wrap(error)
            }
            let result: T
            do {
                result = try body()
            } catch {
                connection.endTransaction(rollback: true)
                throw error
            }
            do {
                try connection.commit()
            } catch {
                connection.endTransaction(rollback: true)
                throw wrap(error)
            }
            connection.endTransaction(rollback: false)
            return result
        }
    }

    /// The database-only form of `immediateTransaction(wrap:_:)`.
    func immediateTransaction<T>(_ body: () throws(SQLiteError) -> T) throws(SQLiteError) -> T {
        try immediateTransaction(wrap: { $0 }, body)
    }
}

@available(*, unavailable) extension Connection: Sendable {}
