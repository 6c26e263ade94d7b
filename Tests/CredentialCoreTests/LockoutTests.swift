@testable import CredentialCore
import Foundation
import PostgresFixture
import Testing

@Suite("brute-force lockout")
struct LockoutTests {
    private func verify(_ store: CredentialStore, _ login: String, _ password: String, from address: String = "192.0.2.1") -> AuthFailure? {
        do { _ = try store.verify(login: login, password: password, for: .rest, from: address); return nil } catch { return error }
    }

    @Test("a login is locked after the threshold, the password is not checked, and it is released after the period", arguments: StoreBackend.available)
    func loginLockout(_ backend: StoreBackend) throws {
        let fixture = try StoreFixture(backend)
        let (_, created) = try fixture.userWithPassword()
        try fixture.store.setSetting(.lockoutLoginFailures, to: "3")
        for index in 0..<3 { #expect(verify(fixture.store, "alice", "wrong", from: "192.0.2.\(index)") == .incorrectPassword) }
        // Locked for the whole period, from any address and any store of the process, even with the right password.
        #expect(verify(fixture.store, "alice", created.plain.raw, from: "198.51.100.7") == .lockedOut(retryAfter: 900))
        #expect(verify(fixture.store, "ALICE ", created.plain.raw) == .lockedOut(retryAfter: 900))
        fixture.clock.now += 899
        #expect(verify(try fixture.secondStore(), "alice", created.plain.raw) == .lockedOut(retryAfter: 1))
        fixture.clock.now += 1
        #expect(verify(fixture.store, "alice", created.plain.raw) == nil)
        // Other logins were never affected.
        let bob = try fixture.store.addUser(login: "bob")
        let bobs = try fixture.store.createPassword(PasswordRequest(name: "b"), for: bob.id)
        #expect(verify(fixture.store, "bob", bobs.plain.raw) == nil)
    }

    @Test("failures older than the window do not count (sliding window)", arguments: StoreBackend.available)
    func slidingWindow(_ backend: StoreBackend) throws {
        let fixture = try StoreFixture(backend)
        _ = try fixture.userWithPassword()
        try fixture.store.setSetting(.lockoutLoginFailures, to: "3")
        try fixture.store.setSetting(.lockoutWindowSeconds, to: "60")
        #expect(verify(fixture.store, "alice", "wrong") == .incorrectPassword)
        fixture.clock.now += 30
        #expect(verify(fixture.store, "alice", "wrong") == .incorrectPassword)
        fixture.clock.now += 31                                          // the first has left the window
        #expect(verify(fixture.store, "alice", "wrong") == .incorrectPassword)     // 2 within the window
        #expect(verify(fixture.store, "alice", "wrong") == .incorrectPassword)     // 3: this one locks
        #expect(verify(fixture.store, "alice", "wrong") == .lockedOut(retryAfter: 900))
    }

    @Test("an address is locked across logins; a success does not reset its failures for other logins", arguments: StoreBackend.available)
    func addressLockout(_ backend: StoreBackend) throws {
        let fixture = try StoreFixture(backend)
        let (_, created) = try fixture.userWithPassword()
        try fixture.store.setSetting(.lockoutAddressFailures, to: "4")
        #expect(verify(fixture.store, "ghost1", "x", from: "203.0.113.5") == .unknownUser)
        #expect(verify(fixture.store, "ghost2", "x", from: "203.0.113.5") == .unknownUser)
        #expect(verify(fixture.store, "alice", "x", from: "203.0.113.5") == .incorrectPassword)
        #expect(verify(fixture.store, "alice", created.plain.raw, from: "203.0.113.5") == nil)
        #expect(verify(fixture.store, "ghost3@example.com", "x", from: "203.0.113.5") == .unknownEmail)
        #expect(verify(fixture.store, "alice", created.plain.raw, from: "203.0.113.5") == .lockedOut(retryAfter: 900))
        #expect(verify(fixture.store, "alice", created.plain.raw, from: "203.0.113.6") == nil)
        // IPv6 clients are counted per /64.
        for index in 1...4 { #expect(verify(fixture.store, "ghost", "x", from: "2001:db8:1:2::\(index)") == .unknownUser) }
        #expect(verify(fixture.store, "alice", created.plain.raw, from: "2001:db8:1:2:ffff::1") == .lockedOut(retryAfter: 900))
        #expect(verify(fixture.store, "alice", created.plain.raw, from: "2001:db8:1:3::1") == nil)
    }

    @Test("a wrong API type counts; 0 switches a threshold off", arguments: StoreBackend.available)
    func wrongAPITypeCountsAndZeroIsOff(_ backend: StoreBackend) throws {
        let fixture = try StoreFixture(backend)
        let (_, created) = try fixture.userWithPassword(PasswordRequest(name: "x", enabledFor: [.xmlrpc]))
        try fixture.store.setSetting(.lockoutLoginFailures, to: "2")
        #expect(verify(fixture.store, "alice", created.plain.raw) == .wrongAPIType)
        #expect(verify(fixture.store, "alice", created.plain.raw) == .wrongAPIType)
        #expect(verify(fixture.store, "alice", created.plain.raw) == .lockedOut(retryAfter: 900))
        let other = try StoreFixture(backend)
        _ = try other.userWithPassword()
        try other.store.setSetting(.lockoutLoginFailures, to: "0")
        try other.store.setSetting(.lockoutAddressFailures, to: "0")
        for _ in 0..<50 { #expect(verify(other.store, "alice", "wrong") == .incorrectPassword) }
    }

    @Test("memory stays bounded while an attacker rotates logins and addresses, and a real lockout survives")
    func bounded() throws {
        let throttle = LoginThrottle(capacity: 100)
        var settings = SiteSettings.defaults
        settings.lockoutLoginFailures = 2
        settings.lockoutAddressFailures = 1000
        _ = throttle.recordFailure(login: .account(7), address: "192.0.2.1", now: 1000, settings: settings)
        #expect(throttle.recordFailure(login: .account(7), address: "192.0.2.1", now: 1000, settings: settings).map(\.scope) == [.login])
        for index in 0..<10_000 {
            _ = throttle.recordFailure(login: .unknownLogin("rotating-\(index)"), address: "10.\(index / 65536).\(index / 256 % 256).\(index % 256)",
                                       now: 1001, settings: settings)
        }
        #expect(throttle.sizes.logins <= 100 && throttle.sizes.addresses <= 100)
        #expect(throttle.retryAfter(login: .account(7), now: 1001) == 899)
    }

    @Test("threads of one process share the counters", arguments: StoreBackend.available)
    func sharedAcrossThreads(_ backend: StoreBackend) async throws {
        let fixture = try StoreFixture(backend)
        _ = try fixture.userWithPassword()
        try fixture.store.setSetting(.lockoutLoginFailures, to: "8")
        let path = fixture.path, services = fixture.services, now = fixture.clock.now
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    guard let store = try? CredentialStore(path: path, clock: { now }, services: services) else { return }
                    for _ in 0..<2 { _ = try? store.verify(login: "alice", password: "wrong", for: .rest, from: "192.0.2.1") }
                }
            }
        }
        #expect(verify(fixture.store, "alice", "wrong") == .lockedOut(retryAfter: 900))
    }

    @Test("an unknown login runs the queries a known one does (user, then candidate hashes), whoever has many passwords")
    func unknownLoginsDoTheSameWork() throws {
        let fixture = try StoreFixture()
        let (user, _) = try fixture.userWithPassword()
        for index in 0..<20 { _ = try fixture.store.createPassword(PasswordRequest(name: "p\(index)"), for: user.id) }
        try fixture.store.setSetting(.lockoutLoginFailures, to: "0")
        try fixture.store.setSetting(.lockoutAddressFailures, to: "0")
        let trace = StatementTrace(fixture.store.connection)
        let known = trace.reads { #expect(verify(fixture.store, "alice", "wrong-password") == .incorrectPassword) }
        let unknown = trace.reads { #expect(verify(fixture.store, "nobody", "wrong-password") == .unknownUser) }
        #expect(known.count == 2 && unknown == known, "known: \(known)\nunknown: \(unknown)")
    }
}
