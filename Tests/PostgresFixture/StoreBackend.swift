/// The backends the store's suites run on (issue 15): `@Test(arguments: StoreBackend.available)`.
public enum StoreBackend: String, CaseIterable, CustomStringConvertible, Sendable {
    case sqlite
    case postgres

    /// PostgreSQL's half runs when PostgreSQL is installed, and always under CI=true (where a
    /// missing PostgreSQL then fails the test instead of being skipped).
    public static let available: [StoreBackend] = PostgresCluster.shouldRun ? [.sqlite, .postgres] : [.sqlite]

    public var description: String { rawValue }

    /// Where a fresh, empty store of this backend lives: `sqlitePath`, or a new database on the
    /// test process's PostgreSQL cluster.
    public func freshLocation(sqlitePath: String) throws -> String {
        switch self {
        case .sqlite: sqlitePath
        case .postgres: try PostgresCluster.shared().createDatabase()
        }
    }
}
