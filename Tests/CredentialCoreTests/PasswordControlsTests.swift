@testable import CredentialCore
import PostgresFixture
import Testing

@Suite("per-password controls: expires, status, allowed_networks")
struct PasswordControlsTests {
    @Test("the fields are stored and read back, and update changes them", arguments: StoreBackend.available)
    func roundTrip(_ backend: StoreBackend) throws {
        let fixture = try StoreFixture(backend)
        let user = try fixture.store.addUser(login: "alice")
        let networks = try NetworkRange.parseList(["192.0.2.0/24", "2001:db8::/32"])
        let expires = fixture.clock.now + 3600
        let created = try fixture.store.createPassword(PasswordRequest(name: "app", expires: expires, allowedNetworks: networks), for: user.id)
        let read = try #require(try fixture.secondStore().password(uuid: created.record.uuid, of: user.id))
        #expect(read == created.record && read.expires == expires && read.status == .active && read.allowedNetworks == networks)
        let updated = try #require(try fixture.store.updatePassword(uuid: read.uuid, of: user.id,
                                                                    PasswordChanges(expires: .some(nil), status: .disabled, allowedNetworks: [])))
        #expect(updated.expires == nil && updated.status == .disabled && updated.allowedNetworks.isEmpty)
        #expect(try fixture.store.password(uuid: read.uuid, of: user.id) == updated)
        #expect(throws: StoreError.invalidExpiry(.notInFuture)) {
            try fixture.store.updatePassword(uuid: read.uuid, of: user.id, PasswordChanges(expires: .some(fixture.clock.now - 1)))
        }
    }

    @Test("an expired password is refused once its time has come", arguments: StoreBackend.available)
    func expiry(_ backend: StoreBackend) throws {
        let fixture = try StoreFixture(backend)
        let user = try fixture.store.addUser(login: "alice")
        let created = try fixture.store.createPassword(PasswordRequest(name: "app", expires: fixture.clock.now + 10), for: user.id)
        #expect(try fixture.store.verify(login: "alice", password: created.plain.raw, for: .rest, from: "::1").user == user)
        fixture.clock.now += 10
        #expect(throws: AuthFailure.expired) { try fixture.store.verify(login: "alice", password: created.plain.raw, for: .rest, from: "::1") }
        #expect(throws: AuthFailure.expired) { try fixture.secondStore().verify(login: "alice", password: created.plain.raw, for: .xmlrpc, from: "::1") }
    }

    @Test("disable and enable without deleting", arguments: StoreBackend.available)
    func disable(_ backend: StoreBackend) throws {
        let fixture = try StoreFixture(backend)
        let (user, created) = try fixture.userWithPassword()
        _ = try fixture.store.setStatus(.disabled, uuid: created.record.uuid, of: user.id)
        #expect(throws: AuthFailure.disabled) { try fixture.store.verify(login: "alice", password: created.plain.raw, for: .rest, from: "::1") }
        #expect(try fixture.store.passwords(of: user.id).first?.status == .disabled)
        _ = try fixture.store.setStatus(.active, uuid: created.record.uuid, of: user.id)
        #expect(try fixture.store.verify(login: "alice", password: created.plain.raw, for: .rest, from: "::1").user == user)
        #expect(try fixture.store.setStatus(.disabled, uuid: "no-such-uuid", of: user.id) == nil)
    }

    @Test("allowed_networks: inside passes, outside is refused after the hash matched", arguments: StoreBackend.available)
    func networks(_ backend: StoreBackend) throws {
        let fixture = try StoreFixture(backend)
        let user = try fixture.store.addUser(login: "alice")
        let created = try fixture.store.createPassword(
            PasswordRequest(name: "app", allowedNetworks: try NetworkRange.parseList(["192.0.2.0/24", "2001:db8::/32"])), for: user.id)
        for inside in ["192.0.2.9", "::ffff:192.0.2.200", "2001:db8:1::1"] {
            #expect(try fixture.store.verify(login: "alice", password: created.plain.raw, for: .rest, from: inside).user == user, "\(inside)")
        }
        for outside in ["198.51.100.1", "::1", "2001:db9::1"] {
            #expect(throws: AuthFailure.networkDenied, "\(outside)") {
                try fixture.store.verify(login: "alice", password: created.plain.raw, for: .rest, from: outside)
            }
        }
        // A wrong password from outside is a wrong password: the network is checked only after a match.
        #expect(throws: AuthFailure.incorrectPassword) { try fixture.store.verify(login: "alice", password: "nope", for: .rest, from: "::1") }
    }
}
