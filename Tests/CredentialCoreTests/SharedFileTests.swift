import CredentialCore
import PostgresFixture
import Testing

@Suite("two stores on one file")
struct SharedFileTests {
    @Test("a revoke through one instance fails verify on the other on the very next call", arguments: StoreBackend.available)
    func revokeIsSeenAtOnce(_ backend: StoreBackend) throws {
        let fixture = try StoreFixture(backend)
        let other = try fixture.secondStore()
        let (user, created) = try fixture.userWithPassword()
        // Both instances have run (and cached) their statements before the revoke.
        _ = try fixture.store.verify(login: "alice", password: created.plain.raw, for: .rest, from: "::1")
        _ = try other.verify(login: "alice", password: created.plain.raw, for: .rest, from: "::1")
        #expect(try other.revokePassword(uuid: created.record.uuid, of: user.id) != nil)
        #expect(throws: AuthFailure.incorrectPassword) { try fixture.store.verify(login: "alice", password: created.plain.raw, for: .rest, from: "::1") }
    }

    @Test("users, passwords and updates written by one are read by the other", arguments: StoreBackend.available)
    func writesAreShared(_ backend: StoreBackend) throws {
        let fixture = try StoreFixture(backend)
        let other = try fixture.secondStore()
        #expect(try other.userCount() == 0)
        let (user, created) = try fixture.userWithPassword()
        #expect(try other.userCount() == 1)
        #expect(try other.user(loginOrEmail: "alice") == user)
        #expect(try other.verify(login: "alice", password: created.plain.raw, for: .xmlrpc, from: "::1").user == user)
        _ = try fixture.store.updatePassword(uuid: created.record.uuid, of: user.id, PasswordChanges(enabledFor: [.rest]))
        #expect(throws: AuthFailure.wrongAPIType) { try other.verify(login: "alice", password: created.plain.raw, for: .xmlrpc, from: "::1") }
        _ = try other.revokeAllPasswords(of: user.id)
        #expect(try fixture.store.passwords(of: user.id).isEmpty)
    }

    @Test("usage recorded through one instance is seen by the other and not recorded twice", arguments: StoreBackend.available)
    func usageShared(_ backend: StoreBackend) throws {
        let fixture = try StoreFixture(backend)
        let other = try fixture.secondStore()
        let (user, created) = try fixture.userWithPassword()
        _ = try fixture.store.verify(login: "alice", password: created.plain.raw, for: .rest, from: "192.0.2.1")
        fixture.clock.now += 10
        _ = try other.verify(login: "alice", password: created.plain.raw, for: .rest, from: "192.0.2.9")
        let stored = try #require(try other.password(uuid: created.record.uuid, of: user.id))
        #expect(stored.lastIP == "192.0.2.1" && stored.lastUsed == fixture.clock.now - 10)
    }
}
