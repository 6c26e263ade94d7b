/// The SQL for the `settings` table. Internal: no SQL leaves the module.
struct SettingsQueries {
    let connection: Connection

    /// Every stored key and value; keys this build does not know are skipped by the caller.
    func all() throws(SQLiteError) -> [(key: String, value: String)] {
        try connection.rows("SELECT key, value FROM settings ORDER BY key", []) { ($0.text(0), $0.text(1)) }
    }

    func set(_ key: String, _ value: String) throws(SQLiteError) {
        try connection.run("INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                           [.text(key), .text(value)])
    }

    /// `PRAGMA data_version`: changes whenever another connection committed to the file since
    /// this connection last asked (https://sqlite.org/pragma.html#pragma_data_version). One step
    /// of a cached statement: the cheap per-request check behind live settings and the cache.
    func dataVersion() throws(SQLiteError) -> Int64 {
        try connection.firstRow("PRAGMA data_version", []) { $0.int64(0) } ?? 0
    }
}
