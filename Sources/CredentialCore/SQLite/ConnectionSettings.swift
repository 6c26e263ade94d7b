import CSQLite

extension SQLiteConnection {
    /// How long a writer waits for another connection's write lock before giving up (ms).
    static let busyTimeoutMilliseconds: Int32 = 5000

    /// The settings every credential-store connection runs with:
    /// - WAL, so readers on other loop threads never block on a writer and see its commit at once;
    /// - `synchronous=FULL`: in WAL mode NORMAL may lose the last commits on power loss, and an
    ///   answered revoke must survive it;
    /// - `busy_timeout`, so concurrent writers queue instead of failing;
    /// - `foreign_keys=ON`, so deleting a user deletes their passwords (`ON DELETE CASCADE`).
    func applyCredentialSettings() throws(SQLiteError) {
        let code = sqlite3_busy_timeout(handle, Self.busyTimeoutMilliseconds)
        guard code == SQLITE_OK else { throw SQLiteError(code, handle) }
        let mode = try oneOffText("PRAGMA journal_mode=WAL")
        guard mode == "wal" || mode == "memory" else {
            throw SQLiteError(code: SQLITE_ERROR, message: "the database could not be switched to WAL mode (got \(mode ?? "nothing"))")
        }
        try executeScript("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;")
    }

    /// Runs a statement once without caching it and returns its first column of its first row.
    func oneOffText(_ sql: String) throws(SQLiteError) -> String? {
        let statement = try SQLiteStatement(database: handle, sql: sql)
        return try statement.step() ? statement.optionalText(0) : nil
    }

    /// `PRAGMA user_version`: the number of the last applied migration.
    func userVersion() throws(SQLiteError) -> Int {
        let statement = try SQLiteStatement(database: handle, sql: "PRAGMA user_version")
        return try statement.step() ? Int(statement.int64(0)) : 0
    }
}
