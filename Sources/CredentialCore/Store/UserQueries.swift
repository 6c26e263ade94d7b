/// The SQL for the `users` table. Internal: no SQL leaves the module.
struct UserQueries {
    let connection: Connection

    private static let columns = "id, login, email, display_name, nicename, role, registered"
    // Built once: statements are cached by their text, and these run on every request.
    private static let selectByID = "SELECT \(columns) FROM users WHERE id = ?1"
    private static let selectByLogin = "SELECT \(columns) FROM users WHERE login = ?1"
    private static let selectByEmail = "SELECT \(columns) FROM users WHERE email = ?1 AND email <> ''"
    private static let selectAll = "SELECT \(columns) FROM users ORDER BY id"

    static func user(from row: Statement) -> User {
        User(id: row.int64(0), login: row.text(1), email: row.text(2), displayName: row.text(3), nicename: row.text(4),
             // An unknown role in the file (written by a newer build) gets the least privilege.
             role: Role(rawValue: row.text(5)) ?? .subscriber, registered: row.int64(6))
    }

    func count() throws(SQLiteError) -> Int {
        try connection.firstRow("SELECT count(*) FROM users") { Int($0.int64(0)) } ?? 0
    }

    func all() throws(SQLiteError) -> [User] {
        try connection.rows(Self.selectAll, [], Self.user)
    }

    func find(id: Int64) throws(SQLiteError) -> User? {
        try connection.firstRow(Self.selectByID, [.integer(id)], Self.user)
    }

    /// `login` compares case-insensitively (the column is `COLLATE NOCASE`).
    func find(login: String) throws(SQLiteError) -> User? {
        try connection.firstRow(Self.selectByLogin, [.text(login)], Self.user)
    }

    func find(email: String) throws(SQLiteError) -> User? {
        guard !email.isEmpty else { return nil }
        return try connection.firstRow(Self.selectByEmail, [.text(email)], Self.user)
    }

    /// WordPress's order (§6.3 step 4): by login, then, when the text is email-shaped, by email.
    func find(loginOrEmail text: String) throws(SQLiteError) -> User? {
        let login = LoginRules.collapseSpaces(text)
        guard !login.isEmpty else { return nil }
        if let user = try find(login: login) { return user }
        return isEmailShaped(login) ? try find(email: login) : nil
    }

    func isNicenameTaken(_ nicename: String) throws(SQLiteError) -> Bool {
        try connection.firstRow("SELECT 1 FROM users WHERE nicename = ?1", [.text(nicename)]) { _ in true } ?? false
    }

    /// Import keeps WordPress's user ids.
    func insert(id: Int64, login: String, email: String, displayName: String, nicename: String, role: Role, registered: Int64) throws(SQLiteError) {
        try connection.run("""
            INSERT INTO users (id, login, email, display_name, nicename, role, registered) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
            """, [.integer(id), .text(login), .text(email), .text(displayName), .text(nicename), .text(role.rawValue), .integer(registered)])
        // SQLite's next id is max(id) + 1 by itself; PostgreSQL's identity must be told.
        if connection.dialect == .postgres {
            try connection.run("SELECT setval(pg_get_serial_sequence('users', 'id'), (SELECT max(id) FROM users))")
        }
    }

    func insert(login: String, email: String, displayName: String, nicename: String, role: Role, registered: Int64) throws(SQLiteError) -> Int64 {
        let sql = """
            INSERT INTO users (login, email, display_name, nicename, role, registered) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
            """
        let values: [SQLValue] = [.text(login), .text(email), .text(displayName), .text(nicename), .text(role.rawValue), .integer(registered)]
        if connection.dialect == .postgres {
            return try connection.firstRow(sql + " RETURNING id", values) { $0.int64(0) } ?? 0
        }
        try connection.run(sql, values)
        return connection.lastInsertRowID
    }

    /// A re-import takes WordPress's profile fields; id, login and nicename stay.
    func updateProfile(id: Int64, email: String, displayName: String, role: Role, registered: Int64) throws(SQLiteError) {
        try connection.run("UPDATE users SET email = ?2, display_name = ?3, role = ?4, registered = ?5 WHERE id = ?1",
                           [.integer(id), .text(email), .text(displayName), .text(role.rawValue), .integer(registered)])
    }
}
