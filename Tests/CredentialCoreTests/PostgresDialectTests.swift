@testable import CredentialCore
import Testing

/// The pure parts of the PostgreSQL backend: placeholders and what messages may show of a URL.
@Suite("PostgreSQL dialect")
struct PostgresDialectTests {
    @Test("?N and bare ? become $N; quoted text and comments are left alone")
    func placeholders() {
        #expect(PlaceholderTranslation.postgres("SELECT a FROM t WHERE x = ?1 AND y = ?2") == "SELECT a FROM t WHERE x = $1 AND y = $2")
        #expect(PlaceholderTranslation.postgres("VALUES (?, ?, ?)") == "VALUES ($1, $2, $3)")
        #expect(PlaceholderTranslation.postgres("WHERE h >= '$P$' AND h < '$P%' AND n = '?' AND u = ?1") == "WHERE h >= '$P$' AND h < '$P%' AND n = '?' AND u = $1")
        #expect(PlaceholderTranslation.postgres("-- what? \nSELECT ?3") == "-- what? \nSELECT $3")
        #expect(PlaceholderTranslation.postgres("SELECT \"odd?\" FROM t WHERE a = ?12") == "SELECT \"odd?\" FROM t WHERE a = $12")
    }

    @Test("postgres:// and postgresql:// select PostgreSQL; anything else is a SQLite path")
    func locations() {
        #expect(StoreLocation("postgres://u@h:5432/db") == .postgres(url: "postgres://u@h:5432/db"))
        #expect(StoreLocation("postgresql://h/db") == .postgres(url: "postgresql://h/db"))
        #expect(StoreLocation("./dualgate.sqlite") == .sqlite(path: "./dualgate.sqlite"))
        #expect(StoreLocation("postgres.sqlite") == .sqlite(path: "postgres.sqlite"))
    }

    @Test("a URL's password never reaches a message")
    func redaction() {
        #expect(StoreLocation("postgres://u:s3cret@h:5432/db").description == "postgres://u:***@h:5432/db")
        #expect(StoreLocation("postgresql://u@h/db?sslmode=require&password=s3cret").description == "postgresql://u@h/db?sslmode=require&password=***")
        #expect(StoreLocation("postgres://u@h/db").description == "postgres://u@h/db")
        #expect(StoreLocation("postgres://u:p@ss:w@rd@h/db").description == "postgres://u:***@h/db")
    }
}
