@testable import CredentialCore
import Foundation
import Testing

@Suite("store file")
struct StoreFileTests {
    private func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return try #require(attributes[.posixPermissions] as? Int)
    }

    @Test("the database and its -wal and -shm files are 0600")
    func fileModes() throws {
        let fixture = try StoreFixture()
        _ = try fixture.userWithPassword()
        #expect(try mode(fixture.path) == 0o600)
        #expect(FileManager.default.fileExists(atPath: fixture.path + "-wal"))
        #expect(try mode(fixture.path + "-wal") == 0o600)
        #expect(try mode(fixture.path + "-shm") == 0o600)
    }

    @Test("WAL, synchronous FULL, foreign keys, busy timeout on every connection")
    func connectionSettings() throws {
        let directory = try TemporaryDirectory()
        let connection = try SQLiteConnection(path: directory.path("c.sqlite"))
        try connection.applyCredentialSettings()
        #expect(try connection.oneOffText("PRAGMA journal_mode") == "wal")
        #expect(try connection.oneOffText("PRAGMA synchronous") == "2")        // FULL
        #expect(try connection.oneOffText("PRAGMA foreign_keys") == "1")
        #expect(try connection.oneOffText("PRAGMA busy_timeout") == "5000")
    }

    @Test("a store file is migrated to the latest schema, once")
    func migrated() throws {
        let fixture = try StoreFixture()
        let connection = try SQLiteConnection(path: fixture.path)
        #expect(try connection.userVersion() == Schema.latestVersion)
        #expect(Schema.latestVersion == Schema.migrations.count)
        #expect(try connection.oneOffText("PRAGMA journal_mode") == "wal")      // persistent in the file
        _ = try fixture.store.addUser(login: "kept")
        let reopened = try fixture.secondStore()
        #expect(try reopened.listUsers().map(\.login) == ["kept"])
    }

    @Test("migration versions are 1, 2, 3, … in order")
    func migrationNumbering() {
        #expect(Schema.migrations.map(\.version) == Array(1...Schema.migrations.count))
    }

    @Test("a file from a newer schema is refused")
    func newerSchemaRefused() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("new.sqlite")
        do {
            let connection = try SQLiteConnection(path: path)
            try connection.executeScript("PRAGMA user_version = \(Schema.latestVersion + 1)")
        }
        #expect(throws: StoreError.self) { try CredentialStore(path: path) }
    }

    @Test("an unopenable path is a database error, not a crash")
    func unopenablePath() throws {
        let directory = try TemporaryDirectory()
        #expect(throws: StoreError.self) { try CredentialStore(path: directory.path("missing/dir/store.sqlite")) }
    }

    @Test("cached statements are reused, not re-prepared")
    func statementCache() throws {
        let directory = try TemporaryDirectory()
        let connection = try SQLiteConnection(path: directory.path("s.sqlite"))
        let first = try connection.statement("SELECT 1")
        let second = try connection.statement("SELECT 1")
        #expect(first === second)
    }

    @Test("SQLite errors carry no bound values")
    func errorsHaveNoValues() throws {
        let fixture = try StoreFixture()
        let connection = try SQLiteConnection(path: fixture.path)
        let secret = "s3cr3t-value-\(UUID().uuidString)"
        _ = try connection.run("INSERT INTO users (login, display_name, nicename, role, registered) VALUES (?1, 'd', 'n', 'subscriber', 0)", [.text(secret)])
        do {
            _ = try connection.run("INSERT INTO users (login, display_name, nicename, role, registered) VALUES (?1, 'd', 'n', 'subscriber', 0)", [.text(secret)])
            Issue.record("a duplicate login was inserted")
        } catch {
            #expect(error.primaryCode == 19)                                    // SQLITE_CONSTRAINT
            #expect(!error.description.contains(secret))
            #expect(!StoreError(error).description.contains(secret))
        }
    }
}
