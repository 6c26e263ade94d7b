@testable import CredentialCore
import Foundation
import PostgresFixture
import Testing

@Suite("upstream credentials")
struct UpstreamCredentialTests {
    static let password = "Upst reamPass word1234 abcd"

    @Test("set, read back, list without the secret, replace, remove; never plain in the file")
    func roundTrip() throws {
        let fixture = try StoreFixture()
        let key = SecretKey.random()
        let alice = try fixture.store.addUser(login: "alice")
        let bob = try fixture.store.addUser(login: "bob")
        #expect(try fixture.store.upstreamCredential(forUserID: alice.id, key: key) == nil)
        try fixture.store.setUpstreamCredential(userID: alice.id, UpstreamCredential(login: "alice_wp", password: Self.password), key: key)
        #expect(try fixture.store.upstreamCredential(forUserID: alice.id, key: key) == UpstreamCredential(login: "alice_wp", password: Self.password))
        #expect(try fixture.store.upstreamCredential(forUserID: bob.id, key: key) == nil)
        #expect(try fixture.store.upstreamCredentialListings() == [
            UpstreamCredentialListing(userID: alice.id, userLogin: "alice", upstreamLogin: "alice_wp", created: fixture.clock.now, updated: fixture.clock.now)])
        #expect(fixture.fileBytes().range(of: Data(Self.password.utf8)) == nil)
        #expect(!"\(UpstreamCredential(login: "a", password: Self.password))".contains(Self.password))
        var dumped = ""
        dump(UpstreamCredential(login: "a", password: Self.password), to: &dumped)
        #expect(!dumped.contains(Self.password) && !String(reflecting: UpstreamCredential(login: "a", password: Self.password)).contains(Self.password))

        let created = fixture.clock.now
        fixture.clock.now += 60
        try fixture.store.setUpstreamCredential(userID: alice.id, UpstreamCredential(login: "alice2", password: "second"), key: key)
        #expect(try fixture.store.upstreamCredential(forUserID: alice.id, key: key) == UpstreamCredential(login: "alice2", password: "second"))
        #expect(try fixture.store.upstreamCredentialListings().map { [$0.created, $0.updated] } == [[created, created + 60]])
        #expect(try fixture.store.removeUpstreamCredential(userID: alice.id))
        #expect(try !fixture.store.removeUpstreamCredential(userID: alice.id))
        #expect(try fixture.store.upstreamCredential(forUserID: alice.id, key: key) == nil)
        #expect(throws: StoreError.userNotFound) {
            try fixture.store.setUpstreamCredential(userID: 999, UpstreamCredential(login: "x", password: "y"), key: key)
        }
        #expect(throws: StoreError.invalidUpstreamCredential("the upstream password is empty")) {
            try fixture.store.setUpstreamCredential(userID: bob.id, UpstreamCredential(login: "x", password: ""), key: key)
        }
    }

    @Test("a blob moved to another user's row, or a row whose login was edited, does not open", arguments: StoreBackend.available)
    func rowBinding(_ backend: StoreBackend) throws {
        let fixture = try StoreFixture(backend)
        let key = SecretKey.random()
        let alice = try fixture.store.addUser(login: "alice")
        let bob = try fixture.store.addUser(login: "bob")
        try fixture.store.setUpstreamCredential(userID: alice.id, UpstreamCredential(login: "same", password: "alice-secret"), key: key)
        try fixture.store.setUpstreamCredential(userID: bob.id, UpstreamCredential(login: "same", password: "bob-secret"), key: key)
        // Swap the sealed blobs in SQL, through a second connection (as someone with the file could).
        let other = try fixture.secondStore()
        try swapSealed(alice.id, bob.id, through: other)
        #expect(throws: StoreError.secretKeyMismatch) { try fixture.store.upstreamCredential(forUserID: alice.id, key: key) }
        #expect(throws: StoreError.secretKeyMismatch) { try fixture.store.upstreamCredential(forUserID: bob.id, key: key) }
        // Put them back: they open again; then change a login behind dualgate's back.
        try swapSealed(alice.id, bob.id, through: other)
        #expect(try fixture.store.upstreamCredential(forUserID: alice.id, key: key)?.password == "alice-secret")
        try other.connection.executeScript("UPDATE upstream_credentials SET upstream_login = 'admin' WHERE user_id = \(bob.id)")
        #expect(throws: StoreError.secretKeyMismatch) { try fixture.store.upstreamCredential(forUserID: bob.id, key: key) }
    }

    /// Exchanges two rows' sealed blobs in SQL, as someone with write access to the file could.
    private func swapSealed(_ first: Int64, _ second: Int64, through store: CredentialStore) throws {
        let read = { (id: Int64) throws -> [UInt8] in
            try #require(try store.connection.firstRow("SELECT sealed FROM upstream_credentials WHERE user_id = ?", [.integer(id)]) { $0.blob(0) })
        }
        let (a, b) = (try read(first), try read(second))
        #expect(a != b)
        try store.connection.run("UPDATE upstream_credentials SET sealed = ? WHERE user_id = ?", [.blob(b), .integer(first)])
        try store.connection.run("UPDATE upstream_credentials SET sealed = ? WHERE user_id = ?", [.blob(a), .integer(second)])
    }

    @Test("another key file refuses, with a message about the key file", arguments: StoreBackend.available)
    func wrongKey(_ backend: StoreBackend) throws {
        let fixture = try StoreFixture(backend)
        let key = SecretKey.random()
        let alice = try fixture.store.addUser(login: "alice")
        try fixture.store.setUpstreamCredential(userID: alice.id, UpstreamCredential(login: "a", password: "p"), key: key)
        #expect(try fixture.store.upstreamCredential(forUserID: alice.id, key: key) != nil)      // cached under `key`
        #expect(throws: StoreError.secretKeyMismatch) { try fixture.store.upstreamCredential(forUserID: alice.id, key: SecretKey.random()) }
        #expect(StoreError.secretKeyMismatch.description.contains("key file"))
    }

    @Test("deleting the user deletes the credential (ON DELETE CASCADE)", arguments: StoreBackend.available)
    func cascade(_ backend: StoreBackend) throws {
        let fixture = try StoreFixture(backend)
        let key = SecretKey.random()
        let alice = try fixture.store.addUser(login: "alice")
        try fixture.store.setUpstreamCredential(userID: alice.id, UpstreamCredential(login: "a", password: "p"), key: key)
        try fixture.store.connection.executeScript("DELETE FROM users WHERE id = \(alice.id)")
        #expect(try fixture.store.upstreamCredentialListings().isEmpty)
        #expect(try fixture.store.connection.firstRow("SELECT count(*) FROM upstream_credentials") { $0.int64(0) } == 0)
    }

    @Test("a change through a second store on the file applies to the very next read (cache invalidated)", arguments: StoreBackend.available)
    func cacheInvalidation(_ backend: StoreBackend) throws {
        let fixture = try StoreFixture(backend)
        let key = SecretKey.random()
        let alice = try fixture.store.addUser(login: "alice")
        let other = try fixture.secondStore()
        try other.setUpstreamCredential(userID: alice.id, UpstreamCredential(login: "a", password: "first"), key: key)
        #expect(try fixture.store.upstreamCredential(forUserID: alice.id, key: key)?.password == "first")
        #expect(try fixture.store.upstreamCredential(forUserID: alice.id, key: key)?.password == "first")   // from the cache
        try other.setUpstreamCredential(userID: alice.id, UpstreamCredential(login: "a", password: "second"), key: key)
        #expect(try fixture.store.upstreamCredential(forUserID: alice.id, key: key)?.password == "second")
        #expect(try other.removeUpstreamCredential(userID: alice.id))
        #expect(try fixture.store.upstreamCredential(forUserID: alice.id, key: key) == nil)
        try other.setUpstreamCredential(userID: alice.id, UpstreamCredential(login: "a", password: "third"), key: key)
        #expect(try fixture.store.upstreamCredential(forUserID: alice.id, key: key)?.password == "third")
    }

    @Test("set and unset are audited without the secret", arguments: StoreBackend.available)
    func audited(_ backend: StoreBackend) throws {
        let directory = try TemporaryDirectory()
        let log = try AuditLog(path: directory.path("audit.jsonl"))
        let fixture = try StoreFixture(backend, services: StoreServices(audit: log))
        let key = SecretKey.random()
        let alice = try fixture.store.addUser(login: "alice")
        try fixture.store.setUpstreamCredential(userID: alice.id, UpstreamCredential(login: "alice_wp", password: Self.password), key: key)
        _ = try fixture.store.removeUpstreamCredential(userID: alice.id)
        log.close()
        let text = try String(contentsOfFile: directory.path("audit.jsonl"), encoding: .utf8)
        #expect(text.contains("\"event\":\"upstream_set\"") && text.contains("\"event\":\"upstream_unset\"") && text.contains("alice_wp"))
        #expect(!text.contains(Self.password))
    }
}
