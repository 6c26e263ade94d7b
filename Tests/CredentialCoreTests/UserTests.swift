import CredentialCore
import PostgresFixture
import Testing

@Suite("users")
struct UserTests {
    @Test("add, count, list, find by id, login and email", arguments: StoreBackend.available)
    func crud(_ backend: StoreBackend) throws {
        let fixture = try StoreFixture(backend)
        let store = fixture.store
        #expect(try store.userCount() == 0)
        let alice = try store.addUser(login: "alice", email: "Alice@Example.com", displayName: "Alice A.", role: .administrator)
        let bob = try store.addUser(login: "Bob Smith")
        #expect(alice.login == "alice" && alice.email == "Alice@Example.com" && alice.displayName == "Alice A." && alice.role == .administrator)
        #expect(alice.registered == fixture.clock.now)
        #expect(bob.displayName == "Bob Smith" && bob.email == "" && bob.role == .subscriber)
        #expect(try store.userCount() == 2)
        #expect(try store.listUsers() == [alice, bob])
        #expect(try store.user(id: alice.id) == alice)
        #expect(try store.user(id: 999) == nil)
        #expect(try store.user(loginOrEmail: "ALICE") == alice)
        #expect(try store.user(loginOrEmail: "alice@example.COM") == alice)
        #expect(try store.user(loginOrEmail: "bob smith") == bob)
        #expect(try store.user(loginOrEmail: "  Bob   Smith ") == bob)
        #expect(try store.user(loginOrEmail: "nobody") == nil)
        #expect(try store.user(loginOrEmail: "") == nil)
    }

    @Test("a login is looked up before an email", arguments: StoreBackend.available)
    func loginBeforeEmail(_ backend: StoreBackend) throws {
        let store = try StoreFixture(backend).store
        let first = try store.addUser(login: "x@example.com")
        _ = try store.addUser(login: "other", email: "y@example.com")
        let third = try store.addUser(login: "y@example.com", email: "z@example.com")
        #expect(try store.user(loginOrEmail: "X@example.com") == first)
        #expect(try store.user(loginOrEmail: "y@example.com") == third)
    }

    @Test("invalid logins", arguments: StoreBackend.available, ["", "   ", "j\u{f6}rg", "tab\u{0}", "semi;colon", "<b>", String(repeating: "a", count: 61)])
    func invalidLogin(_ backend: StoreBackend, _ login: String) throws {
        let store = try StoreFixture(backend).store
        #expect {
            try store.addUser(login: login)
        } throws: { error in
            if case StoreError.invalidLogin = error { return true }
            return false
        }
        #expect(try store.userCount() == 0)
    }

    @Test("allowed logins are trimmed and their spaces collapsed", arguments: StoreBackend.available)
    func allowedLogins(_ backend: StoreBackend) throws {
        let store = try StoreFixture(backend).store
        #expect(try store.addUser(login: "  a.b_c-d@e  f ").login == "a.b_c-d@e f")
        #expect(try store.addUser(login: String(repeating: "a", count: 60)).login.count == 60)
    }

    @Test("an email must be email-shaped", arguments: StoreBackend.available)
    func invalidEmail(_ backend: StoreBackend) throws {
        let store = try StoreFixture(backend).store
        #expect(throws: StoreError.invalidEmail) { try store.addUser(login: "a", email: "not-an-email") }
        #expect(throws: StoreError.invalidEmail) { try store.addUser(login: "a", email: "a@localhost") }
    }

    @Test("duplicates are refused case-insensitively", arguments: StoreBackend.available)
    func duplicates(_ backend: StoreBackend) throws {
        let store = try StoreFixture(backend).store
        _ = try store.addUser(login: "alice", email: "alice@example.com")
        #expect(throws: StoreError.duplicateLogin) { try store.addUser(login: "ALICE") }
        #expect(throws: StoreError.duplicateEmail) { try store.addUser(login: "alice2", email: "ALICE@example.com") }
        // Empty emails never collide.
        _ = try store.addUser(login: "n1")
        _ = try store.addUser(login: "n2")
        #expect(try store.userCount() == 3)
    }

    @Test("nicenames are lower-case slugs, unique", arguments: StoreBackend.available)
    func nicenames(_ backend: StoreBackend) throws {
        let store = try StoreFixture(backend).store
        #expect(try store.addUser(login: "John Smith").nicename == "john-smith")
        #expect(try store.addUser(login: "john.smith@example.com").nicename == "john-smith-example-com")
        #expect(try store.addUser(login: "john_smith").nicename == "john_smith")
        #expect(try store.addUser(login: "John-Smith").nicename == "john-smith-2")
        #expect(try store.addUser(login: "@@@").nicename == "user")
    }
}
