@testable import CredentialCore
import Foundation
import PostgresFixture
import Testing

@Suite("verification cache")
struct CacheTests {
    @Test("a verified pair is cached; a revoke by another connection fails the very next call", arguments: StoreBackend.available)
    func revokeElsewhere(_ backend: StoreBackend) throws {
        let fixture = try StoreFixture(backend)
        let (user, created) = try fixture.userWithPassword()
        _ = try fixture.store.verify(login: "alice", password: created.plain.raw, for: .rest, from: "::1")
        #expect(fixture.store.cache.count == 1)
        #expect(try fixture.store.verify(login: "alice", password: created.plain.raw, for: .rest, from: "::1").user == user)
        _ = try fixture.secondStore().revokePassword(uuid: created.record.uuid, of: user.id)
        #expect(throws: AuthFailure.incorrectPassword) {
            try fixture.store.verify(login: "alice", password: created.plain.raw, for: .rest, from: "::1")
        }
    }

    @Test("disable elsewhere, own revoke, expiry and API type all apply to a cached pair", arguments: StoreBackend.available)
    func everyChangeApplies(_ backend: StoreBackend) throws {
        let fixture = try StoreFixture(backend)
        let (user, created) = try fixture.userWithPassword(PasswordRequest(name: "c", enabledFor: [.rest], expires: 1_750_000_100))
        let password = created.plain.raw
        _ = try fixture.store.verify(login: "alice", password: password, for: .rest, from: "::1")
        #expect(throws: AuthFailure.wrongAPIType) { try fixture.store.verify(login: "alice", password: password, for: .xmlrpc, from: "::1") }
        _ = try fixture.secondStore().setStatus(.disabled, uuid: created.record.uuid, of: user.id)
        #expect(throws: AuthFailure.disabled) { try fixture.store.verify(login: "alice", password: password, for: .rest, from: "::1") }
        _ = try fixture.store.setStatus(.active, uuid: created.record.uuid, of: user.id)
        _ = try fixture.store.verify(login: "alice", password: password, for: .rest, from: "::1")
        fixture.clock.now = 1_750_000_100
        #expect(throws: AuthFailure.expired) { try fixture.store.verify(login: "alice", password: password, for: .rest, from: "::1") }
        fixture.clock.now = 1_750_000_000
        _ = try fixture.store.verify(login: "alice", password: password, for: .rest, from: "::1")
        _ = try fixture.store.revokePassword(uuid: created.record.uuid, of: user.id)
        #expect(fixture.store.cache.count == 0)
        #expect(throws: AuthFailure.incorrectPassword) { try fixture.store.verify(login: "alice", password: password, for: .rest, from: "::1") }
    }

    @Test("a wrong password never hits the cache, and the cache holds no password", arguments: StoreBackend.available)
    func keyedSafely(_ backend: StoreBackend) throws {
        let fixture = try StoreFixture(backend)
        let (_, created) = try fixture.userWithPassword()
        _ = try fixture.store.verify(login: "alice", password: created.plain.raw, for: .rest, from: "::1")
        #expect(throws: AuthFailure.incorrectPassword) { try fixture.store.verify(login: "alice", password: created.plain.raw + "x", for: .rest, from: "::1") }
        let cache = VerificationCache()
        let key = cache.key(login: "alice", password: Array(created.plain.raw.utf8))
        #expect(!"\(key)".contains(created.plain.raw))
        #expect(key != VerificationCache().key(login: "alice", password: Array(created.plain.raw.utf8)))   // per-instance secret
    }

    @Test("bounded")
    func bounded() {
        let cache = VerificationCache(capacity: 8)
        let user = User(id: 1, login: "a", email: "", displayName: "a", nicename: "a", role: .subscriber, registered: 0)
        let record = ApplicationPassword(uuid: "u", userID: 1, appID: "", name: "n", created: 0, lastUsed: nil, lastIP: nil,
                                         enabledFor: [.rest], restAPIPermission: .write, xmlRPCPermission: .write)
        for index in 0..<100 { cache.store(Caller(user: user, password: record), for: cache.key(login: "a", password: Array("p\(index)".utf8))) }
        #expect(cache.count <= 8)
    }

    @Test("a cached check reads nothing from the database; an uncached one reads the user and the candidate hashes")
    func cachedCheckReadsNothing() throws {
        let fixture = try StoreFixture()
        let (_, created) = try fixture.userWithPassword()
        let password = created.plain.raw
        let trace = StatementTrace(fixture.store.connection)
        let first = try trace.reads { _ = try fixture.store.verify(login: "alice", password: password, for: .rest, from: "::1") }
        #expect(first.count >= 2, "\(first)")
        let cached = try trace.reads {
            for _ in 0..<100 { _ = try fixture.store.verify(login: "alice", password: password, for: .rest, from: "::1") }
        }
        #expect(cached.isEmpty, "\(cached)")
        fixture.store.cache.removeAll()
        let again = try trace.reads { _ = try fixture.store.verify(login: "alice", password: password, for: .rest, from: "::1") }
        #expect(again == first)
    }
}
