/// The SQL for account passwords (issue 16): one column on `users`. Portable SQL, `?N` placeholders.
struct AccountQueries {
    let connection: Connection

    /// The stored hash, '' when the user has none, nil when there is no such user.
    func hash(ofUser id: Int64) throws(SQLiteError) -> String? {
        try connection.firstRow("SELECT account_password FROM users WHERE id = ?1", [.integer(id)]) { $0.text(0) }
    }

    func setHash(_ hash: String, ofUser id: Int64) throws(SQLiteError) -> Int {
        try connection.run("UPDATE users SET account_password = ?2 WHERE id = ?1", [.integer(id), .text(hash)])
    }

    /// Re-hash after a sign-in with an imported hash: only if nobody changed it meanwhile.
    func replaceHash(ofUser id: Int64, from old: String, to new: String) throws(SQLiteError) -> Int {
        try connection.run("UPDATE users SET account_password = ?3 WHERE id = ?1 AND account_password = ?2",
                           [.integer(id), .text(old), .text(new)])
    }
}
