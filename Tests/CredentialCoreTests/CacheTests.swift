@testable import CredentialCore
import Foundation
import Testing

@Suite("verification cache")
struct CacheTests {
    @Test("a verified pair is cached; a revoke by another connection fails the very next call")
    func revokeElsewhere() throws {
        let fixture = try StoreFixture()
        let (user, created) = try fixture.userWithPassword()
        _ = try fixture.store.verify(login: "alice", password: created.plain.raw, for: .rest, from: "::1")
        #expect(fixture.store.cache.count == 1)
        #expect(try fixture.store.verify(login: "alice", password: created.plain.raw, for: .rest, from: "::1").user == user)
        _ = try fixture.secondStore().revokePassword(uuid: created.record.uuid, of: user.id)
        #expect(throws: AuthFailure.incorrectPassword) {
            try fixture.store.verify(login: "alice", password: created.plain.raw, for: .rest, from: "::1")
        }
    }

    @Test("disable elsewhere, own revoke, expiry and API type all apply to a cached pair")
    func everyChangeApplies() throws {
        let fixture = try StoreFixture()
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

    @Test("a wrong password never hits the cache, and the cache holds no password")
    func keyedSafely() throws {
        let fixture = try StoreFixture()
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
        for index in 0..<100 { cache.store(.init(user: user, record: record), for: cache.key(login: "a", password: Array("p\(index)".utf8))) }
        #expect(cache.count <= 8)
    }

    @Test("cached checks are much cheaper than uncached ones (debug build; figures in the report come from -O)")
    func cheaper() throws {
        let fixture = try StoreFixture()
        let (_, created) = try fixture.userWithPassword()
        let password = created.plain.raw
        let rounds = 2000
        var start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<rounds { _ = try fixture.store.verify(login: "alice", password: password, for: .rest, from: "::1") }
        let cached = Double(DispatchTime.now().uptimeNanoseconds - start) / Double(rounds)
        start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<rounds {
            fixture.store.cache.removeAll()
            _ = try fixture.store.verify(login: "alice", password: password, for: .rest, from: "::1")
        }
        let uncached = Double(DispatchTime.now().uptimeNanoseconds - start) / Double(rounds)
        #expect(cached < uncached, "cached \(cached) ns, uncached \(uncached) ns")
        print("verify: cached \(Int(cached)) ns, uncached \(Int(uncached)) ns (debug)")
    }
}
