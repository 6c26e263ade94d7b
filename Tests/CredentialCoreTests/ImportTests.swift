@testable import CredentialCore
import Foundation
import PostgresFixture
import Testing

@Suite("import from WordPress")
struct ImportTests {
    /// Both hash formats: `$P$` (the phpass vector for Fs1eVe6lT9iWFdXeuE2YCM0e) and `$generic$`.
    static let document = """
        {"users": [
          {"ID": 1, "user_login": "admin", "display_name": "Site Admin", "user_email": "admin@example.org",
           "user_registered": "2021-03-04 05:06:07", "roles": "administrator"},
          {"ID": "7", "user_login": "writer", "display_name": "", "user_email": "", "user_registered": "2022-01-01 00:00:00",
           "roles": "shop_manager,author"}
        ],
        "application_passwords": {
          "1": [{"uuid": "0a3b1c2d-1111-4222-8333-444455556666", "app_id": "", "name": "Legacy app",
                 "password": "$P$Ba/Z0.mN4ZmFbavDOORncDvUc5fKU21", "created": 1600000000, "last_used": 1650000000, "last_ip": "192.0.2.4"}],
          "7": {"0": {"uuid": "9f8e7d6c-aaaa-4bbb-8ccc-ddddeeeeffff", "app_id": "6f1c7f3e-aaaa-4bbb-8ccc-0123456789ab", "name": "New app",
                      "password": "\(FastHash.hash("AbCdEfGhIjKlMnOpQrStUvWx"))", "created": 1740000000, "last_used": null, "last_ip": null}}
        }}
        """

    @Test("both hash formats import with ids, roles and metadata; a second import changes nothing")
    func importsIdempotently() throws {
        let fixture = try StoreFixture()
        let export = try WordPressExport.parse(Data(Self.document.utf8))
        let first = try fixture.store.importWordPress(export)
        #expect(first.usersAdded == 2 && first.usersUnchanged == 0 && first.passwordsAdded == 2 && first.passwordsUnchanged == 0)
        let admin = try #require(try fixture.store.user(id: 1))
        #expect(admin.login == "admin" && admin.role == .administrator && admin.displayName == "Site Admin" && admin.email == "admin@example.org")
        #expect(admin.registered == 1_614_834_367)
        let writer = try #require(try fixture.store.user(id: 7))
        #expect(writer.login == "writer" && writer.role == .author && writer.displayName == "writer")
        let legacy = try #require(try fixture.store.passwords(of: 1).first)
        #expect(legacy.uuid == "0a3b1c2d-1111-4222-8333-444455556666" && legacy.name == "Legacy app" && legacy.created == 1_600_000_000)
        #expect(legacy.lastUsed == 1_650_000_000 && legacy.lastIP == "192.0.2.4" && legacy.appID == "")
        #expect(try fixture.store.passwords(of: 7).first?.appID == "6f1c7f3e-aaaa-4bbb-8ccc-0123456789ab")
        let before = (try fixture.store.listUsers(), try fixture.store.passwords(of: 1), try fixture.store.passwords(of: 7))
        let second = try fixture.store.importWordPress(export)
        #expect(second.changes.isEmpty && second.usersUnchanged == 2 && second.passwordsUnchanged == 2)
        #expect(try fixture.store.listUsers() == before.0 && fixture.store.passwords(of: 1) == before.1 && fixture.store.passwords(of: 7) == before.2)
        // Both authenticate; the phpass one is re-hashed on its first use.
        #expect(try fixture.store.verify(login: "admin", password: "Fs1e-Ve6l-T9iW-FdXe-uE2Y-CM0e", for: .xmlrpc, from: "::1").user.id == 1)
        #expect(try fixture.store.verify(login: "writer", password: "AbCdEfGhIjKlMnOpQrStUvWx", for: .rest, from: "::1").user.id == 7)
        let connection = try Connection(path: fixture.path)
        let hashes = try connection.rows("SELECT password_hash FROM application_passwords ORDER BY seq", []) { $0.text(0) }
        #expect(hashes.allSatisfy(FastHash.isFastHash))
        // New users get ids after the imported ones.
        #expect(try fixture.store.addUser(login: "fresh").id == 8)
    }

    @Test("malformed documents are refused whole, naming the field", arguments: [
        ("{", "(document)"),
        (#"{"users": {}}"#, "users"),
        (#"{"users": [{"ID": 1}]}"#, "users[0].user_login"),
        (#"{"users": [{"ID": 0, "user_login": "a"}]}"#, "users[0].ID"),
        (#"{"users": [{"ID": 1, "user_login": "a"}, {"ID": 1, "user_login": "b"}]}"#, "users[1].ID"),
        (#"{"users": [{"ID": 1, "user_login": "a"}], "application_passwords": {"2": []}}"#, #"application_passwords["2"]"#),
        (#"{"users": [{"ID": 1, "user_login": "a"}], "application_passwords": {"1": [{"uuid": "x"}]}}"#, #"application_passwords["1"][0].uuid"#),
        (#"{"users": [{"ID": 1, "user_login": "a"}], "application_passwords": {"1": [{"uuid": "0a3b1c2d-1111-4222-8333-444455556666", "name": "n", "password": "5f4dcc3b5aa765d61d8327deb882cf99", "created": 1}]}}"#,
         #"application_passwords["1"][0].password"#),
        (#"{"users": [{"ID": 1, "user_login": "a"}], "application_passwords": {"1": [{"uuid": "0a3b1c2d-1111-4222-8333-444455556666", "name": "n", "password": "$P$Ba/Z0.mN4ZmFbavDOORncDvUc5fKU21"}]}}"#,
         #"application_passwords["1"][0].created"#),
        (#"{"users": [], "extra": 1}"#, "extra"),
    ])
    func malformed(_ text: String, _ field: String) {
        #expect(throws: WordPressExport.Problem.self) { try WordPressExport.parse(Data(text.utf8)) }
        do { _ = try WordPressExport.parse(Data(text.utf8)) } catch { #expect(error.field == field, "\(error)") }
    }

    @Test("a document conflicting with the database changes nothing", arguments: StoreBackend.available)
    func conflictWritesNothing(_ backend: StoreBackend) throws {
        let fixture = try StoreFixture(backend)
        _ = try fixture.store.addUser(login: "someone")                      // id 1, not "admin"
        let before = try fixture.store.listUsers()
        #expect(throws: StoreError.importConflict(field: "users[0].ID", message: "user ID 1 is already 'someone' here, not 'admin'")) {
            try fixture.store.importWordPress(WordPressExport.parse(Data(Self.document.utf8)))
        }
        #expect(try fixture.store.listUsers() == before && fixture.store.passwords(of: 7).isEmpty)
    }
}
