/// The current row of a running statement, handed to the `map` closures of `Connection.rows`,
/// `firstRow` and `forEachRow`, on either backend. (The name is from when it was SQLite's prepared
/// statement, kept so that query code reads as before.) Valid only inside the closure.
struct Statement {
    private enum Source {
        case sqlite(SQLiteStatement)
        case postgres(PostgresResult, row: Int32)
    }

    private let source: Source

    init(sqlite statement: SQLiteStatement) { source = .sqlite(statement) }

    init(postgres result: PostgresResult, row: Int32) { source = .postgres(result, row: row) }

    func isNull(_ column: Int32) -> Bool {
        switch source {
        case .sqlite(let statement): statement.isNull(column)
        case .postgres(let result, let row): result.isNull(row, column)
        }
    }

    func int64(_ column: Int32) -> Int64 {
        switch source {
        case .sqlite(let statement): statement.int64(column)
        case .postgres(let result, let row): result.int64(row, column)
        }
    }

    func optionalInt64(_ column: Int32) -> Int64? { isNull(column) ? nil : int64(column) }

    func text(_ column: Int32) -> String {
        switch source {
        case .sqlite(let statement): statement.text(column)
        case .postgres(let result, let row): result.text(row, column)
        }
    }

    func optionalText(_ column: Int32) -> String? { isNull(column) ? nil : text(column) }

    func blob(_ column: Int32) -> [UInt8] {
        switch source {
        case .sqlite(let statement): statement.blob(column)
        case .postgres(let result, let row): result.blob(row, column)
        }
    }
}

@available(*, unavailable) extension Statement: Sendable {}
