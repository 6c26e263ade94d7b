import ExportFixtures
@testable import CredentialCore
import Foundation
import PostgresFixture
import Testing

/// Issue 11 item 8: a re-import of a newer WordPress export is a sync from WordPress.
@Suite("re-import is a sync from WordPress")
struct ImportSyncTests {
    static let legacyUUID = "0a3b1c2d-1111-4222-8333-444455556666"
    static let phoneUUID = "1b2c3d4e-2222-4333-8444-555566667777"
    static let writerUUID = "9f8e7d6c-aaaa-4bbb-8ccc-ddddeeeeffff"
    static let phonePassword = "AbCdEfGhIjKlMnOpQrStUvWx"
    static let writerPassword = "ZyXwVuTsRqPoNmLkJiHgFeDc"

    /// What a WordPress 6.1 site (phpass) upgraded to 6.8 (`$generic$`) exports.
    static var site: WPCLIExport {
        WPCLIExport(accounts: [
            .init(id: 1, login: "admin", email: "admin@example.org", displayName: "Site Admin", roles: "administrator",
                  items: [.init(uuid: legacyUUID, name: "Legacy app", hash: WPCLIExport.phpassHash),
                          .init(uuid: phoneUUID, name: "Téléphone ☎", hash: FastHash.hash(phonePassword))]),
            .init(id: 7, login: "writer", email: "writer@example.org", displayName: "Wri Ter", roles: "author",
                  items: [.init(uuid: writerUUID, name: "Editor app", hash: FastHash.hash(writerPassword))]),
        ])
    }

    private func verifies(_ store: CredentialStore, _ login: String, _ password: String) -> Bool {
        (try? store.verify(login: login, password: password, for: .rest, from: "192.0.2.1")) != nil
    }

    enum RevokePath: String, CaseIterable { case single, revokeAll, deleteOldestPolicy }

    @Test("a password revoked in dualgate is never re-created by a re-import", arguments: StoreBackend.available, RevokePath.allCases)
    func revokedInDualgateIsNeverRecreated(_ backend: StoreBackend, _ path: RevokePath) throws {
        let fixture = try StoreFixture(backend)
        let store = fixture.store
        _ = try store.importWordPress(Self.site.parsed())
        switch path {
        case .single: _ = try store.revokePassword(uuid: Self.legacyUUID, of: 1)
        case .revokeAll: #expect(try store.revokeAllPasswords(of: 1) == 2)
        case .deleteOldestPolicy:
            _ = try store.setSetting(.maxPerUser, to: "2")
            _ = try store.setSetting(.maxPolicy, to: "delete_oldest")
            _ = try store.createPassword(PasswordRequest(name: "new"), for: 1)      // pushes out the oldest: Legacy app
        }
        #expect(try store.password(uuid: Self.legacyUUID, of: 1) == nil)
        let report = try store.importWordPress(Self.site.parsed())
        #expect(report.changes.contains(.passwordSkipped(userID: 1, login: "admin", uuid: Self.legacyUUID, name: "Legacy app")))
        #expect(!report.changes.contains { if case .passwordAdded(_, _, Self.legacyUUID, _, _) = $0 { true } else { false } })
        #expect(try store.password(uuid: Self.legacyUUID, of: 1) == nil)
        #expect(!verifies(store, "admin", WPCLIExport.phpassPassword))
        #expect(verifies(store, "writer", Self.writerPassword))
    }

    @Test("users already here take WordPress's e-mail, role and display name, each change reported", arguments: StoreBackend.available)
    func existingUsersAreUpdated(_ backend: StoreBackend) throws {
        let fixture = try StoreFixture(backend)
        _ = try fixture.store.importWordPress(Self.site.parsed())
        var newer = Self.site
        newer.accounts[1].email = "w.ter@example.org"
        newer.accounts[1].roles = "editor"
        newer.accounts[1].displayName = "Wrîter ✍"
        let report = try fixture.store.importWordPress(newer.parsed())
        #expect(report.changes == [
            .userUpdated(id: 7, login: "writer", field: "user_email", old: "writer@example.org", new: "w.ter@example.org"),
            .userUpdated(id: 7, login: "writer", field: "role", old: "author", new: "editor"),
            .userUpdated(id: 7, login: "writer", field: "display_name", old: "Wri Ter", new: "Wrîter ✍"),
        ])
        #expect(report.usersUpdated == 1 && report.usersUnchanged == 1 && report.passwordsUnchanged == 3)
        let writer = try #require(try fixture.store.user(id: 7))
        #expect(writer.email == "w.ter@example.org" && writer.role == .editor && writer.displayName == "Wrîter ✍")
        #expect(try fixture.store.verify(login: "writer", password: Self.writerPassword, for: .rest, from: "::1").user.role == .editor)
    }

    @Test("an e-mail that belongs to another user here refuses the whole document and writes nothing", arguments: StoreBackend.available)
    func emailOfAnotherUserRefusesTheWholeDocument(_ backend: StoreBackend) throws {
        let fixture = try StoreFixture(backend)
        _ = try fixture.store.importWordPress(Self.site.parsed())
        _ = try fixture.store.addUser(login: "carol", email: "carol@example.org")   // created in dualgate
        let before = (try fixture.store.listUsers(), try fixture.store.passwords(of: 1), try fixture.store.passwords(of: 7))
        var newer = Self.site
        newer.accounts[0].roles = "editor"                                             // a change that must not land
        newer.accounts[0].items.append(.init(uuid: "2c3d4e5f-3333-4444-8555-666677778888", name: "later", hash: FastHash.hash("x")))
        newer.accounts[1].email = "CAROL@example.org"                                  // e-mails compare case-insensitively
        #expect(throws: StoreError.importConflict(field: "users[1].user_email", message: "this email already belongs to 'carol' here")) {
            try fixture.store.importWordPress(newer.parsed())
        }
        #expect(try fixture.store.listUsers() == before.0 && fixture.store.passwords(of: 1) == before.1 && fixture.store.passwords(of: 7) == before.2)
    }

    @Test("an e-mail moved between two users in WordPress moves here too", arguments: StoreBackend.available)
    func emailMovedBetweenUsers(_ backend: StoreBackend) throws {
        let fixture = try StoreFixture(backend)
        _ = try fixture.store.importWordPress(Self.site.parsed())
        var newer = Self.site
        newer.accounts[0].email = "writer@example.org"
        newer.accounts[1].email = "admin@example.org"
        _ = try fixture.store.importWordPress(newer.parsed())
        #expect(try fixture.store.user(id: 1)?.email == "writer@example.org" && fixture.store.user(id: 7)?.email == "admin@example.org")
    }

    @Test("imported passwords the export no longer holds are revoked; passwords created in dualgate stay", arguments: StoreBackend.available)
    func passwordsGoneFromTheExportAreRevoked(_ backend: StoreBackend) throws {
        let fixture = try StoreFixture(backend)
        let store = fixture.store
        _ = try store.importWordPress(Self.site.parsed())
        let local = try store.createPassword(PasswordRequest(name: "made in dualgate"), for: 1)
        #expect(verifies(store, "admin", Self.phonePassword))                          // cached now
        var newer = Self.site
        newer.accounts[0].items.removeLast()                                           // "Téléphone ☎" revoked in WordPress
        newer.accounts.removeLast()                                                    // writer deleted in WordPress
        let report = try store.importWordPress(newer.parsed())
        #expect(report.changes == [
            .passwordRevoked(userID: 1, login: "admin", uuid: Self.phoneUUID, name: "Téléphone ☎"),
            .passwordRevoked(userID: 7, login: "writer", uuid: Self.writerUUID, name: "Editor app"),
        ])
        #expect(report.usersNotInExport == [ImportReport.UserRef(id: 7, login: "writer")])
        #expect(!verifies(store, "admin", Self.phonePassword) && !verifies(store, "writer", Self.writerPassword))
        #expect(verifies(store, "admin", local.plain.raw) && verifies(store, "admin", WPCLIExport.phpassPassword))
        #expect(try store.passwords(of: 1).map(\.uuid) == [Self.legacyUUID, local.record.uuid])
        #expect(try store.user(id: 7) != nil)                                          // the user is kept
    }

    @Test("--dry-run reports exactly what a real run does and leaves the database file as it was")
    func dryRunWritesNothing() throws {
        let fixture = try StoreFixture()
        _ = try fixture.store.importWordPress(Self.site.parsed())
        _ = try fixture.store.revokePassword(uuid: Self.legacyUUID, of: 1)
        var newer = Self.site
        newer.accounts[1].roles = "editor"
        newer.accounts[0].items.removeLast()
        newer.accounts.append(.init(id: 9, login: "newbie", email: "", displayName: "newbie",
                                    items: [.init(uuid: "3d4e5f60-4444-4555-8666-777788889999", name: "n", hash: FastHash.hash("y"))]))
        let bytes = fixture.fileBytes()
        let rows = (try fixture.store.listUsers(), try fixture.store.passwords(of: 1), try fixture.store.passwords(of: 7))
        let planned = try fixture.store.importWordPress(newer.parsed(), dryRun: true)
        #expect(planned.isDryRun && planned.changes.count == 5)
        #expect(fixture.fileBytes() == bytes)
        let other = try fixture.secondStore()                                          // what another process reads
        #expect(try other.listUsers() == rows.0 && other.passwords(of: 1) == rows.1 && other.passwords(of: 7) == rows.2)
        var done = try fixture.store.importWordPress(newer.parsed())
        #expect(!done.isDryRun)
        done.isDryRun = true
        #expect(done == planned)
        #expect(fixture.fileBytes() != bytes)
    }

    @Test("WordPress's user 1 'admin' replaces the empty fields of the admin `serve` created", arguments: StoreBackend.available)
    func wordPressAdminReplacesServesAdmin(_ backend: StoreBackend) throws {
        let fixture = try StoreFixture(backend)
        fixture.clock.now = 1_800_000_000
        let admin = try fixture.store.addUser(login: "admin", displayName: "admin", role: .administrator)   // as `serve` does
        let bootstrap = try fixture.store.createPassword(PasswordRequest(name: "bootstrap"), for: admin.id)
        #expect(admin.id == 1)
        let report = try fixture.store.importWordPress(Self.site.parsed())
        #expect(report.changes.prefix(3) == [
            .userUpdated(id: 1, login: "admin", field: "user_email", old: "", new: "admin@example.org"),
            .userUpdated(id: 1, login: "admin", field: "display_name", old: "admin", new: "Site Admin"),
            .userUpdated(id: 1, login: "admin", field: "user_registered", old: "2027-01-15T08:00:00Z", new: "2021-03-04T05:06:07Z"),
        ])
        let after = try #require(try fixture.store.user(id: 1))
        #expect(after.email == "admin@example.org" && after.displayName == "Site Admin" && after.registered == 1_614_834_367)
        #expect(verifies(fixture.store, "admin", bootstrap.plain.raw))                // created in dualgate: kept
    }

    @Test("the sync's changes are audited; a dry run audits nothing", arguments: StoreBackend.available)
    func changesAreAudited(_ backend: StoreBackend) throws {
        let directory = try TemporaryDirectory()
        let audit = try AuditLog(path: directory.path("audit.jsonl"))
        let fixture = try StoreFixture(backend, services: StoreServices(audit: audit))
        _ = try fixture.store.importWordPress(Self.site.parsed())
        var newer = Self.site
        newer.accounts[1].roles = "editor"
        newer.accounts[1].items = []
        _ = try fixture.store.importWordPress(newer.parsed(), dryRun: true)
        _ = try fixture.store.importWordPress(newer.parsed())
        audit.flush()
        let lines = try String(contentsOfFile: directory.path("audit.jsonl"), encoding: .utf8).split(separator: "\n").map {
            try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(lines.map { $0["event"] as? String } == ["import_user", "import_user", "import_password", "import_password", "import_password",
                                                        "import_user_update", "delete"])
        #expect(lines[5]["reason"] as? String == "role" && lines[5]["detail"] as? String == "author → editor")
        #expect(lines[6]["uuid"] as? String == Self.writerUUID && lines[6]["reason"] as? String == "absent_from_wordpress_export")
    }

    @Test("migration 5 marks an earlier build's phpass imports as imported and remembers later revocations")
    func migrationFromSchemaFour() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("old.sqlite")
        do {
            let connection = try Connection(path: path)
            for migration in Schema.migrations where migration.version <= 4 { try connection.executeScript(migration.sql) }
            try connection.executeScript("""
                PRAGMA user_version = 4;
                INSERT INTO users VALUES (1, 'admin', 'admin@example.org', 'Site Admin', 'admin', 'administrator', 1614834367);
                INSERT INTO application_passwords (uuid, user_id, name, password_hash, created, enabled_for)
                VALUES ('\(Self.legacyUUID)', 1, 'Legacy app', '\(WPCLIExport.phpassHash)', 1600000000, 'rest-api,xml-rpc'),
                       ('\(Self.phoneUUID)', 1, 'Téléphone ☎', '\(FastHash.hash(Self.phonePassword))', 1600000001, 'rest-api,xml-rpc');
                """)
        }
        let store = try CredentialStore(path: path)
        var gone = Self.site
        gone.accounts[0].items = []
        gone.accounts.removeLast()
        let report = try store.importWordPress(gone.parsed())
        // The phpass row can only have come from WordPress; the $generic$ one cannot be told
        // from one created in dualgate, so it stays.
        #expect(report.changes == [.passwordRevoked(userID: 1, login: "admin", uuid: Self.legacyUUID, name: "Legacy app")])
        #expect(try store.passwords(of: 1).map(\.uuid) == [Self.phoneUUID])
        #expect(try store.importWordPress(Self.site.parsed()).changes.contains(
            .passwordSkipped(userID: 1, login: "admin", uuid: Self.legacyUUID, name: "Legacy app")))
    }
}
