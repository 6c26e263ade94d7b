/// The SQL for `web_sessions` (issue 16). Portable SQL, `?N` placeholders.
struct SessionQueries {
    let connection: Connection

    func insert(tokenHash: String, userID: Int64, at time: Int64) throws(SQLiteError) {
        try connection.run("INSERT INTO web_sessions (token_hash, user_id, created, last_seen) VALUES (?1, ?2, ?3, ?3)",
                           [.text(tokenHash), .integer(userID), .integer(time)])
    }

    func find(tokenHash: String) throws(SQLiteError) -> (userID: Int64, created: Int64, lastSeen: Int64)? {
        try connection.firstRow("SELECT user_id, created, last_seen FROM web_sessions WHERE token_hash = ?1", [.text(tokenHash)]) {
            ($0.int64(0), $0.int64(1), $0.int64(2))
        }
    }

    func touch(tokenHash: String, at time: Int64) throws(SQLiteError) {
        try connection.run("UPDATE web_sessions SET last_seen = ?2 WHERE token_hash = ?1", [.text(tokenHash), .integer(time)])
    }

    func delete(tokenHash: String) throws(SQLiteError) -> Int {
        try connection.run("DELETE FROM web_sessions WHERE token_hash = ?1", [.text(tokenHash)])
    }

    func deleteAll(ofUser id: Int64) throws(SQLiteError) -> Int {
        try connection.run("DELETE FROM web_sessions WHERE user_id = ?1", [.integer(id)])
    }

    /// Sessions idle since before `idleBefore` or begun before `createdBefore`.
    func deleteStale(idleBefore: Int64, createdBefore: Int64) throws(SQLiteError) -> Int {
        try connection.run("DELETE FROM web_sessions WHERE last_seen < ?1 OR created < ?2", [.integer(idleBefore), .integer(createdBefore)])
    }
}
