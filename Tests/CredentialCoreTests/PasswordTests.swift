import Foundation
import CredentialCore
import PostgresFixture
import Testing

@Suite("application passwords")
struct PasswordTests {
    @Test("create returns the plain password once and stores the record", arguments: StoreBackend.available)
    func create(_ backend: StoreBackend) throws {
        let fixture = try StoreFixture(backend)
        let user = try fixture.store.addUser(login: "alice")
        let appID = "8c1a9e2b-3d4f-4a5b-9c6d-7e8f9a0b1c2d"
        let created = try fixture.store.createPassword(PasswordRequest(name: "  My <b>Phone</b> ", appID: appID, enabledFor: [.xmlrpc],
                                                                       restAPIPermission: .read, xmlRPCPermission: .read), for: user.id)
        let record = created.record
        #expect(created.plain.raw.utf8.count == 24)
        #expect(UUIDFormat.isValid(record.uuid))
        #expect(record.userID == user.id && record.appID == appID && record.name == "My Phone")
        #expect(record.created == fixture.clock.now && record.lastUsed == nil && record.lastIP == nil)
        #expect(record.enabledFor == [.xmlrpc] && record.restAPIPermission == .read && record.xmlRPCPermission == .read)
        #expect(try fixture.store.password(uuid: record.uuid, of: user.id) == record)
        #expect(try fixture.store.passwords(of: user.id) == [record])
    }

    @Test("refusals: empty name, bad app_id, no API type, unknown user", arguments: StoreBackend.available)
    func refusals(_ backend: StoreBackend) throws {
        let fixture = try StoreFixture(backend)
        let user = try fixture.store.addUser(login: "alice")
        #expect(throws: StoreError.emptyName) { try fixture.store.createPassword(PasswordRequest(name: " <script>x</script> "), for: user.id) }
        #expect(throws: StoreError.emptyName) { try fixture.store.createPassword(PasswordRequest(name: ""), for: user.id) }
        #expect(throws: StoreError.invalidAppID) {
            try fixture.store.createPassword(PasswordRequest(name: "a", appID: "8C1A9E2B-3D4F-4A5B-9C6D-7E8F9A0B1C2D"), for: user.id)
        }
        #expect(throws: StoreError.invalidAppID) { try fixture.store.createPassword(PasswordRequest(name: "a", appID: "app"), for: user.id) }
        #expect(throws: StoreError.noAPIType) { try fixture.store.createPassword(PasswordRequest(name: "a", enabledFor: []), for: user.id) }
        #expect(throws: StoreError.userNotFound) { try fixture.store.createPassword(PasswordRequest(name: "a"), for: user.id + 1) }
        #expect(try fixture.store.passwords(of: user.id).isEmpty)
    }

    @Test("listing is in creation order, per user; duplicate names are allowed", arguments: StoreBackend.available)
    func creationOrder(_ backend: StoreBackend) throws {
        let fixture = try StoreFixture(backend)
        let alice = try fixture.store.addUser(login: "alice")
        let bob = try fixture.store.addUser(login: "bob")
        var expected: [String] = []
        for name in ["c", "a", "b", "a"] {
            expected.append(try fixture.store.createPassword(PasswordRequest(name: name), for: alice.id).record.uuid)
            _ = try fixture.store.createPassword(PasswordRequest(name: name), for: bob.id)
        }
        _ = try fixture.store.revokePassword(uuid: expected.removeLast(), of: alice.id)
        expected.append(try fixture.store.createPassword(PasswordRequest(name: "z"), for: alice.id).record.uuid)
        #expect(try fixture.store.passwords(of: alice.id).map(\.uuid) == expected)
        #expect(try fixture.store.passwords(of: alice.id).map(\.name) == ["c", "a", "b", "z"])
        #expect(try fixture.store.passwords(of: bob.id).count == 4)
    }

    @Test("a uuid belongs to its user and matches exactly", arguments: StoreBackend.available)
    func scopedLookup(_ backend: StoreBackend) throws {
        let fixture = try StoreFixture(backend)
        let (alice, created) = try fixture.userWithPassword()
        let bob = try fixture.store.addUser(login: "bob")
        #expect(try fixture.store.password(uuid: created.record.uuid, of: bob.id) == nil)
        #expect(try fixture.store.password(uuid: created.record.uuid.uppercased(), of: alice.id) == nil)
        #expect(try fixture.store.revokePassword(uuid: created.record.uuid, of: bob.id) == nil)
        #expect(try fixture.store.updatePassword(uuid: created.record.uuid, of: bob.id, PasswordChanges(name: "x")) == nil)
        #expect(try fixture.store.password(uuid: created.record.uuid, of: alice.id) == created.record)
    }

    @Test("update changes the name and the flags, never app_id; an empty name is ignored", arguments: StoreBackend.available)
    func update(_ backend: StoreBackend) throws {
        let fixture = try StoreFixture(backend)
        let appID = "00000000-0000-4000-8000-000000000000"
        let (user, created) = try fixture.userWithPassword(PasswordRequest(name: "old", appID: appID))
        let uuid = created.record.uuid
        let renamed = try #require(try fixture.store.updatePassword(uuid: uuid, of: user.id, PasswordChanges(name: " new <i>name</i> ")))
        #expect(renamed.name == "new name" && renamed.appID == appID && renamed.created == created.record.created)
        let ignored = try #require(try fixture.store.updatePassword(uuid: uuid, of: user.id, PasswordChanges(name: "<b></b>")))
        #expect(ignored.name == "new name")
        let flagged = try #require(try fixture.store.updatePassword(uuid: uuid, of: user.id,
            PasswordChanges(enabledFor: [.rest], restAPIPermission: .read, xmlRPCPermission: .read)))
        #expect(flagged.enabledFor == [.rest] && flagged.restAPIPermission == .read && flagged.xmlRPCPermission == .read && flagged.name == "new name")
        #expect(try fixture.store.password(uuid: uuid, of: user.id) == flagged)
        #expect(throws: StoreError.noAPIType) { try fixture.store.updatePassword(uuid: uuid, of: user.id, PasswordChanges(enabledFor: [])) }
        #expect(try fixture.store.updatePassword(uuid: UUIDFormat.generateV4(), of: user.id, PasswordChanges(name: "x")) == nil)
    }

    @Test("revoke returns the record as it was; revoke-all counts", arguments: StoreBackend.available)
    func revoke(_ backend: StoreBackend) throws {
        let fixture = try StoreFixture(backend)
        let (user, first) = try fixture.userWithPassword()
        let second = try fixture.store.createPassword(PasswordRequest(name: "second"), for: user.id)
        #expect(try fixture.store.revokePassword(uuid: first.record.uuid, of: user.id) == first.record)
        #expect(try fixture.store.revokePassword(uuid: first.record.uuid, of: user.id) == nil)
        #expect(try fixture.store.passwords(of: user.id) == [second.record])
        _ = try fixture.store.createPassword(PasswordRequest(name: "third"), for: user.id)
        #expect(try fixture.store.revokeAllPasswords(of: user.id) == 2)
        #expect(try fixture.store.revokeAllPasswords(of: user.id) == 0)
        #expect(try fixture.store.passwords(of: user.id).isEmpty)
    }

    @Test("the database file never holds a plain password, only its fast hash")
    func noPlainPasswordOnDisk() throws {
        let fixture = try StoreFixture()
        var plains: [PlainPassword] = []
        let (user, first) = try fixture.userWithPassword()
        plains.append(first.plain)
        for index in 0..<5 { plains.append(try fixture.store.createPassword(PasswordRequest(name: "p\(index)"), for: user.id).plain) }
        // Authenticate too, so the usage write is in the WAL as well.
        _ = try fixture.store.verify(login: "alice", password: first.plain.chunked, for: .rest, from: "127.0.0.1")
        let bytes = fixture.fileBytes()
        #expect(bytes.count > 0)
        for plain in plains {
            #expect(bytes.range(of: Data(plain.raw.utf8)) == nil)
            #expect(bytes.range(of: Data(plain.chunked.utf8)) == nil)
            #expect(bytes.range(of: Data(FastHash.hash(plain.raw).utf8)) != nil)       // the search itself works
        }
    }
}
