import PostgresFixture

extension StoreBackend {
    /// A fresh store's location: `store.sqlite` in `directory`, or a new PostgreSQL database.
    func freshLocation(in directory: TemporaryDirectory) throws -> String {
        try freshLocation(sqlitePath: directory.path("store.sqlite"))
    }
}
