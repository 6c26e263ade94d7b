@testable import CredentialCore
import Foundation
import PostgresFixture
import Testing

/// Issue 15 item 3: on PostgreSQL, failures seen by different processes (here: stores with
/// services of their own, as two `serve` processes have) count towards one lockout, and a
/// lockout started by one is mirrored by the others without a query on their request path.
@Suite("PostgreSQL: shared lockouts", .enabled(if: PostgresCluster.shouldRun, Comment(rawValue: PostgresCluster.skipMessage)))
struct SharedLockoutTests {
    private func verify(_ store: CredentialStore, _ login: String, _ password: String, from address: String = "192.0.2.1") -> AuthFailure? {
        do { _ = try store.verify(login: login, password: password, for: .rest, from: address); return nil } catch { return error }
    }

    /// Waits (at most 15 s: a loaded CI box made one run take 35 s) for a notification to reach the
    /// other process's throttle.
    private func eventually(_ condition: () -> Bool) -> Bool {
        let end = Date().addingTimeInterval(15)
        while Date() < end {
            if condition() { return true }
            usleep(2_000)
        }
        return condition()
    }

    @Test("failures on two instances add up; the lockout is refused on both, and on a third that starts later")
    func failuresAddUpAcrossInstances() throws {
        let fixture = try StoreFixture(.postgres)
        fixture.clock.now = Int64(time(nil))            // a store opened later reads running lockouts by PostgreSQL's clock
        let (_, created) = try fixture.userWithPassword()
        try fixture.store.setSetting(.lockoutLoginFailures, to: "4")
        let clock = fixture.clock
        let other = try CredentialStore(path: fixture.path, clock: { clock.now }, services: StoreServices())   // another process
        #expect(verify(fixture.store, "alice", "wrong 1") == .incorrectPassword)
        #expect(verify(other, "alice", "wrong 2") == .incorrectPassword)
        #expect(verify(fixture.store, "alice@example.com", "wrong 3") == .incorrectPassword)     // the account, by e-mail
        #expect(verify(other, "ALICE", "wrong 4") == .incorrectPassword)                         // the fourth: locks
        #expect(verify(other, "alice", created.plain.raw) == .lockedOut(retryAfter: 900))
        #expect(eventually { verify(fixture.store, "alice", created.plain.raw) == .lockedOut(retryAfter: 900) })
        let third = try CredentialStore(path: fixture.path, clock: { clock.now }, services: StoreServices())
        #expect(verify(third, "alice", created.plain.raw) == .lockedOut(retryAfter: 900))
    }

    @Test("an address locked on one instance is locked on the other; other addresses are not")
    func addressLockoutIsShared() throws {
        let fixture = try StoreFixture(.postgres)
        let (_, created) = try fixture.userWithPassword()
        try fixture.store.setSetting(.lockoutAddressFailures, to: "3")
        let clock = fixture.clock
        let other = try CredentialStore(path: fixture.path, clock: { clock.now }, services: StoreServices())
        // Lockouts reach other processes through the listening connection: the test starts once it listens
        // (before, a lockout is mirrored when listening starts; that path is the first test's third store).
        #expect(other.changeFeed?.waitUntilListening(seconds: 30) == true)
        for index in 1...3 { #expect(verify(fixture.store, "ghost\(index)", "x", from: "203.0.113.9") == .unknownUser) }
        #expect(eventually { verify(other, "alice", created.plain.raw, from: "203.0.113.9") == .lockedOut(retryAfter: 900) })
        #expect(verify(other, "alice", created.plain.raw, from: "203.0.113.10") == nil)
    }
}
