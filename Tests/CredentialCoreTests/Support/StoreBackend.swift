import PostgresFixture

/// The store's suites run on both backends (issue 15): `@Test(arguments: StoreBackend.available)`.
enum StoreBackend: String, CaseIterable, CustomStringConvertible, Sendable {
    case sqlite
    case postgres

    /// PostgreSQL's half runs when PostgreSQL is installed, and always under CI=true (where a
    /// missing PostgreSQL then fails the test instead of being skipped).
    static let available: [StoreBackend] = PostgresCluster.shouldRun ? [.sqlite, .postgres] : [.sqlite]

    var description: String { rawValue }

    /// Where a fresh, empty store of this backend lives: a file in `directory`, or a new database
    /// on the test process's PostgreSQL cluster.
    func freshLocation(in directory: TemporaryDirectory) throws -> String {
        switch self {
        case .sqlite: directory.path("store.sqlite")
        case .postgres: try PostgresCluster.shared().createDatabase()
        }
    }
}
