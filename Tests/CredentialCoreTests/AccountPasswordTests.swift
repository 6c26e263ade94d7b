@testable import CredentialCore
import Foundation
import PostgresFixture
import Testing

@Suite("account passwords (web sign-in)")
struct AccountPasswordTests {
    // Made with php-cli 8.2 (`password_hash(..., PASSWORD_BCRYPT, ["cost" => 5])`, WordPress 6.8's
    // `wp_hash_password` recipe for `$wp$`) and WordPress's own class-phpass.php (`HashPassword`).
    static let bcrypt = ("correct horse", "$2y$05$Cdrlm0tderzYgNfExQMLlOCSlD/zA7RGyxTESOcHKVZhI4TnldA/C")
    static let wordpress68 = ("Tr0ub4dor&3 ünï", "$wp$2y$05$yWYC/GJIL3Apzx/aZJza8uJ5SXF.PFaFJ7JzWprmohM2L5XWOk3RW")
    static let phpass = ("phpass pw", "$P$BdHf63PN64n9E4tkNrcMJgZoY6r2yF1")

    @Test("yescrypt hashes verify, differ per salt, and refuse a wrong password")
    func yescrypt() throws {
        let hash = try #require(AccountPasswordHash.make("s3cret phrase"))
        #expect(hash.hasPrefix("$y$") && AccountPasswordHash.isCurrent(hash))
        #expect(AccountPasswordHash.verify("s3cret phrase", stored: hash))
        #expect(!AccountPasswordHash.verify("s3cret phrasE", stored: hash))
        #expect(AccountPasswordHash.make("s3cret phrase") != hash)
        #expect(!AccountPasswordHash.verify("", stored: ""))
        #expect(!AccountPasswordHash.verify("x", stored: "garbage"))
    }

    @Test("WordPress's hashes verify: bcrypt $2y$, 6.8's $wp$2y$, phpass $P$")
    func wordpressHashes() {
        for (password, hash) in [Self.bcrypt, Self.wordpress68, Self.phpass] {
            #expect(AccountPasswordHash.verify(password, stored: hash), "\(hash.prefix(4))")
            #expect(!AccountPasswordHash.verify(password + "x", stored: hash), "\(hash.prefix(4))")
            #expect(!AccountPasswordHash.isCurrent(hash))
        }
        // The $wp$ pre-hash is what makes it differ from plain bcrypt: the bare bcrypt part does not take the password.
        #expect(!AccountPasswordHash.verify(Self.wordpress68.0, stored: String(Self.wordpress68.1.dropFirst(3))))
    }

    @Test("sign-in: right password, wrong password, unknown login, no account password; audited; never the API", arguments: StoreBackend.available)
    func signIn(_ backend: StoreBackend) throws {
        let directory = try TemporaryDirectory()
        let auditPath = directory.path("audit.jsonl")
        let audit = try AuditLog(path: auditPath)
        let fixture = try StoreFixture(backend, services: StoreServices(audit: audit))
        let (alice, created) = try fixture.userWithPassword()
        _ = try fixture.store.addUser(login: "bob")
        try fixture.store.setAccountPassword("horse battery", forUserID: alice.id)
        #expect(try fixture.store.signIn(login: "alice", password: "horse battery", from: "192.0.2.1", transport: .https).id == alice.id)
        #expect(throws: AuthFailure.incorrectPassword) { try fixture.store.signIn(login: "alice", password: "nope", from: "192.0.2.1", transport: .https) }
        #expect(throws: AuthFailure.incorrectPassword) { try fixture.store.signIn(login: "bob", password: "", from: "192.0.2.1", transport: .https) }
        #expect(throws: AuthFailure.unknownUser) { try fixture.store.signIn(login: "carol", password: "x", from: "192.0.2.1", transport: .https) }
        // The account password is never an application password, and an application password never signs in.
        #expect(throws: AuthFailure.incorrectPassword) { try fixture.store.verify(login: "alice", password: "horse battery", for: .rest, from: "192.0.2.1") }
        #expect(throws: AuthFailure.incorrectPassword) { try fixture.store.signIn(login: "alice", password: created.plain.raw, from: "192.0.2.1", transport: .https) }
        audit.flush()
        let text = try String(contentsOfFile: auditPath, encoding: .utf8)
        #expect(text.contains(#""event":"account_password""#) && text.contains(#""event":"sign_in""#))
        #expect(text.components(separatedBy: #""event":"sign_in_failed""#).count - 1 == 4)
        #expect(!text.contains("horse battery"))
        audit.close()
    }

    @Test("sign-in shares the API lockout and honours require_https (loopback exempt)", arguments: StoreBackend.available)
    func lockoutAndHTTPS(_ backend: StoreBackend) throws {
        let fixture = try StoreFixture(backend)
        let alice = try fixture.store.addUser(login: "alice")
        try fixture.store.setAccountPassword("horse battery", forUserID: alice.id)
        try fixture.store.setSetting(.lockoutLoginFailures, to: "3")
        #expect(throws: AuthFailure.insecureTransport) { try fixture.store.signIn(login: "alice", password: "horse battery", from: "192.0.2.1", transport: .plainHTTP) }
        #expect(try fixture.store.signIn(login: "alice", password: "horse battery", from: "127.0.0.1", transport: .loopback).id == alice.id)
        for _ in 0..<2 { _ = try? fixture.store.signIn(login: "alice", password: "bad", from: "192.0.2.1", transport: .https) }
        _ = try? fixture.store.verify(login: "alice", password: "bad", for: .xmlrpc, from: "192.0.2.1")     // the third, on an API
        #expect(throws: AuthFailure.lockedOut(retryAfter: 900)) {
            try fixture.store.signIn(login: "alice", password: "horse battery", from: "198.51.100.1", transport: .https)
        }
    }

    @Test("an imported WordPress hash signs in once and is then yescrypt", arguments: StoreBackend.available)
    func rehashOnFirstSignIn(_ backend: StoreBackend) throws {
        let fixture = try StoreFixture(backend)
        for (index, (password, hash)) in [Self.bcrypt, Self.wordpress68, Self.phpass].enumerated() {
            let user = try fixture.store.addUser(login: "user\(index)")
            try fixture.store.setAccountPasswordHash(hash, forUserID: user.id, reason: "import")
            #expect(try fixture.store.signIn(login: user.login, password: password, from: "192.0.2.1", transport: .https).id == user.id)
            let stored = try #require(try AccountQueries(connection: fixture.store.connection).hash(ofUser: user.id))
            #expect(stored.hasPrefix("$y$"))
            #expect(try fixture.store.signIn(login: user.login, password: password, from: "192.0.2.1", transport: .https).id == user.id)
        }
    }

    @Test("set-password refuses empty, NUL and over-long passwords", arguments: StoreBackend.available)
    func refusals(_ backend: StoreBackend) throws {
        let fixture = try StoreFixture(backend)
        let alice = try fixture.store.addUser(login: "alice")
        #expect(throws: StoreError.self) { try fixture.store.setAccountPassword("", forUserID: alice.id) }
        #expect(throws: StoreError.self) { try fixture.store.setAccountPassword("a\u{0}b", forUserID: alice.id) }
        #expect(throws: StoreError.self) { try fixture.store.setAccountPassword(String(repeating: "x", count: 513), forUserID: alice.id) }
        #expect(throws: StoreError.userNotFound) { try fixture.store.setAccountPassword("fine", forUserID: 999) }
        #expect(try !fixture.store.hasAccountPassword(userID: alice.id))
    }
}
