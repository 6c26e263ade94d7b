@testable import CredentialCore
import PostgresFixture
import Testing

@Suite("verify")
struct VerifyTests {
    @Test("the raw and the chunked password authenticate, by login or email, case-insensitively", arguments: StoreBackend.available)
    func success(_ backend: StoreBackend) throws {
        let fixture = try StoreFixture(backend)
        let (user, created) = try fixture.userWithPassword()
        for login in ["alice", "ALICE", "alice@example.com", "Alice@Example.COM"] {
            for password in [created.plain.raw, created.plain.chunked, created.plain.raw.map { "\($0)-" }.joined()] {
                let caller = try fixture.store.verify(login: login, password: password, for: .rest, from: "10.0.0.1")
                #expect(caller.user == user && caller.password.uuid == created.record.uuid)
            }
        }
    }

    @Test("unknown login vs unknown email", arguments: StoreBackend.available)
    func unknown(_ backend: StoreBackend) throws {
        let fixture = try StoreFixture(backend)
        let (_, created) = try fixture.userWithPassword()
        #expect(throws: AuthFailure.unknownUser) { try fixture.store.verify(login: "bob", password: created.plain.raw, for: .rest, from: "::1") }
        #expect(throws: AuthFailure.unknownEmail) {
            try fixture.store.verify(login: "bob@example.com", password: created.plain.raw, for: .rest, from: "::1")
        }
        #expect(throws: AuthFailure.unknownUser) { try fixture.store.verify(login: "", password: "", for: .xmlrpc, from: "::1") }
    }

    enum Mutation: CaseIterable, Sendable {
        case lastCharacterMissing, caseFlipped, empty, extraCharacter

        func apply(_ plain: String) -> String {
            switch self {
            case .lastCharacterMissing: String(plain.dropLast())
            case .caseFlipped: String(plain.map { $0.isUppercase ? Character($0.lowercased()) : Character($0.uppercased()) })
            case .empty: ""
            case .extraCharacter: plain + "x"
            }
        }
    }

    @Test("wrong passwords", arguments: StoreBackend.available, Mutation.allCases)
    func incorrect(_ backend: StoreBackend, _ mutation: Mutation) throws {
        let fixture = try StoreFixture(backend)
        let (_, created) = try fixture.userWithPassword()
        #expect(throws: AuthFailure.incorrectPassword) {
            try fixture.store.verify(login: "alice", password: mutation.apply(created.plain.raw), for: .rest, from: "::1")
        }
    }

    @Test("another user's password does not work", arguments: StoreBackend.available)
    func otherUsersPassword(_ backend: StoreBackend) throws {
        let fixture = try StoreFixture(backend)
        _ = try fixture.userWithPassword()
        let (_, bobs) = try fixture.userWithPassword(login: "bob", email: "bob@example.com")
        #expect(throws: AuthFailure.incorrectPassword) { try fixture.store.verify(login: "alice", password: bobs.plain.raw, for: .rest, from: "::1") }
    }

    @Test("a password is checked against all of the user's passwords", arguments: StoreBackend.available)
    func anyOfSeveral(_ backend: StoreBackend) throws {
        let fixture = try StoreFixture(backend)
        let (user, _) = try fixture.userWithPassword()
        let middle = try fixture.store.createPassword(PasswordRequest(name: "middle"), for: user.id)
        _ = try fixture.store.createPassword(PasswordRequest(name: "last"), for: user.id)
        #expect(try fixture.store.verify(login: "alice", password: middle.plain.raw, for: .xmlrpc, from: "::1").password.uuid == middle.record.uuid)
    }

    @Test("wrong API type: refused after the hash matched, usage not recorded", arguments: StoreBackend.available)
    func wrongAPIType(_ backend: StoreBackend) throws {
        let fixture = try StoreFixture(backend)
        let (user, created) = try fixture.userWithPassword(PasswordRequest(name: "xmlrpc only", enabledFor: [.xmlrpc]))
        #expect(throws: AuthFailure.wrongAPIType) { try fixture.store.verify(login: "alice", password: created.plain.raw, for: .rest, from: "::1") }
        #expect(try fixture.store.password(uuid: created.record.uuid, of: user.id)?.lastUsed == nil)
        #expect(try fixture.store.verify(login: "alice", password: created.plain.raw, for: .xmlrpc, from: "::1").password.enabledFor == [.xmlrpc])
    }

    @Test("a revoked password fails at once", arguments: StoreBackend.available)
    func revokedFails(_ backend: StoreBackend) throws {
        let fixture = try StoreFixture(backend)
        let (user, created) = try fixture.userWithPassword()
        _ = try fixture.store.verify(login: "alice", password: created.plain.raw, for: .rest, from: "::1")
        _ = try fixture.store.revokePassword(uuid: created.record.uuid, of: user.id)
        #expect(throws: AuthFailure.incorrectPassword) { try fixture.store.verify(login: "alice", password: created.plain.raw, for: .rest, from: "::1") }
    }

    @Test("last_used and last_ip are recorded on the first use, then at most once a day", arguments: StoreBackend.available)
    func usageOncePerDay(_ backend: StoreBackend) throws {
        let fixture = try StoreFixture(backend)
        let (user, created) = try fixture.userWithPassword()
        let start = fixture.clock.now
        let first = try fixture.store.verify(login: "alice", password: created.plain.raw, for: .rest, from: "192.0.2.1")
        #expect(first.password.lastUsed == start && first.password.lastIP == "192.0.2.1")
        fixture.clock.now = start + 86_399
        let second = try fixture.store.verify(login: "alice", password: created.plain.raw, for: .rest, from: "192.0.2.2")
        #expect(second.password.lastUsed == start && second.password.lastIP == "192.0.2.1")
        #expect(try fixture.store.password(uuid: created.record.uuid, of: user.id)?.lastUsed == start)
        fixture.clock.now = start + 86_400
        _ = try fixture.store.verify(login: "alice", password: created.plain.raw, for: .xmlrpc, from: "2001:db8::1")
        let stored = try #require(try fixture.store.password(uuid: created.record.uuid, of: user.id))
        #expect(stored.lastUsed == start + 86_400 && stored.lastIP == "2001:db8::1")
    }

    @Test("a failed attempt records nothing", arguments: StoreBackend.available)
    func failureRecordsNothing(_ backend: StoreBackend) throws {
        let fixture = try StoreFixture(backend)
        let (user, created) = try fixture.userWithPassword()
        #expect(throws: AuthFailure.incorrectPassword) { try fixture.store.verify(login: "alice", password: "nope", for: .rest, from: "::1") }
        #expect(try fixture.store.password(uuid: created.record.uuid, of: user.id)?.lastUsed == nil)
    }
}

@Suite("verify with stored hashes of other formats")
struct LegacyHashTests {
    @Test("a phpass hash authenticates once and is re-hashed to $generic$ on the spot")
    func phpassIsRehashedOnFirstUse() throws {
        let fixture = try StoreFixture()
        let (user, created) = try fixture.userWithPassword()
        let connection = try Connection(path: fixture.path)
        // The `$P$` vector for "Fs1eVe6lT9iWFdXeuE2YCM0e" (reference §3.2).
        let legacy = "$P$Ba/Z0.mN4ZmFbavDOORncDvUc5fKU21"
        try connection.immediateTransaction { () throws(SQLiteError) in
            _ = try connection.run("UPDATE application_passwords SET password_hash = ?1 WHERE uuid = ?2", [.text(legacy), .text(created.record.uuid)])
        }
        func storedHash() throws -> String? {
            try connection.firstRow("SELECT password_hash FROM application_passwords WHERE uuid = ?1", [.text(created.record.uuid)]) { $0.text(0) }
        }
        #expect(throws: AuthFailure.incorrectPassword) {
            try fixture.store.verify(login: "alice", password: created.plain.raw, for: .rest, from: "::1")
        }
        #expect(try storedHash() == legacy)
        let caller = try fixture.store.verify(login: "alice", password: "Fs1e Ve6l T9iW FdXe uE2Y CM0e", for: .rest, from: "::1")
        #expect(caller.password.uuid == created.record.uuid)
        #expect(try storedHash() == FastHash.hash("Fs1eVe6lT9iWFdXeuE2YCM0e"))
        // A second store (no cache) sees the fast hash and still accepts the password.
        let other = try fixture.secondStore()
        #expect(try other.verify(login: "alice", password: "Fs1eVe6lT9iWFdXeuE2YCM0e", for: .xmlrpc, from: "::1").user.id == user.id)
    }

    @Test("a $H$ phpass hash never authenticates (as WordPress's wp_check_password)")
    func phpassHPrefixIsRejected() throws {
        let fixture = try StoreFixture()
        let (_, created) = try fixture.userWithPassword()
        let connection = try Connection(path: fixture.path)
        let hPrefixed = "$H$Ba/Z0.mN4ZmFbavDOORncDvUc5fKU21"
        try connection.immediateTransaction { () throws(SQLiteError) in
            _ = try connection.run("UPDATE application_passwords SET password_hash = ?1 WHERE uuid = ?2", [.text(hPrefixed), .text(created.record.uuid)])
        }
        #expect(throws: AuthFailure.incorrectPassword) {
            try fixture.store.verify(login: "alice", password: "Fs1eVe6lT9iWFdXeuE2YCM0e", for: .rest, from: "::1")
        }
    }

    @Test("an unreadable store is an internal error, not a crash")
    func brokenStoreIsInternalError() throws {
        let fixture = try StoreFixture()
        _ = try fixture.userWithPassword()
        let connection = try Connection(path: fixture.path)
        try connection.executeScript("DROP TABLE application_passwords")
        #expect(throws: AuthFailure.internalError) { try fixture.store.verify(login: "alice", password: "x", for: .rest, from: "::1") }
    }
}
