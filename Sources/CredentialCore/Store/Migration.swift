/// One numbered schema step. Versions are `PRAGMA user_version` values: 1, 2, 3, … in order.
struct Migration: Sendable {
    let version: Int
    /// One or more SQL statements, no bound values.
    let sql: String
}
