@testable import CredentialCore
import Foundation
import PostgresFixture
import Testing

/// Issue 11 item 1: every spelling that reaches an account shares one failure counter and one
/// lockout; unknown logins count by their normalised text.
@Suite("lockout per account, whatever the spelling")
struct LockoutSpellingTests {
    private func verify(_ store: CredentialStore, _ login: String, _ password: String, from address: String = "192.0.2.1") -> AuthFailure? {
        do { _ = try store.verify(login: login, password: password, for: .rest, from: address); return nil } catch { return error }
    }

    /// Each spelling of `victim` (login `Victim Jones`'s variants and e-mail) after the lockout
    /// started with another spelling: all refused, even with the right password.
    @Test("failures under one spelling lock every other spelling of the account",
          arguments: StoreBackend.available, ["victim", "VICTIM", "  Victim ", "victim@example.test", "Victim@Example.TEST", " victim@example.test "])
    func oneSpellingLocksTheOthers(_ backend: StoreBackend, _ spelling: String) throws {
        let fixture = try StoreFixture(backend)
        let (_, created) = try fixture.userWithPassword(login: "victim", email: "victim@example.test")
        try fixture.store.setSetting(.lockoutLoginFailures, to: "3")
        // Three different addresses: the address counter stays below its threshold.
        for (index, other) in ["victim", "victim@example.test", "VICTIM"].enumerated() {
            #expect(verify(fixture.store, other, "wrong", from: "192.0.2.\(index + 10)") == .incorrectPassword)
        }
        #expect(verify(fixture.store, spelling, created.plain.raw, from: "198.51.100.1") == .lockedOut(retryAfter: 900))
    }

    @Test("the spellings share one budget of guesses: the e-mail gets no fresh one", arguments: StoreBackend.available, ["victim@example.test", "Victim"])
    func noFreshBudget(_ backend: StoreBackend, _ spelling: String) throws {
        let fixture = try StoreFixture(backend)
        let (_, created) = try fixture.userWithPassword(login: "victim", email: "victim@example.test")
        try fixture.store.setSetting(.lockoutLoginFailures, to: "4")
        for index in 0..<3 { #expect(verify(fixture.store, "victim", "wrong", from: "192.0.2.\(index)") == .incorrectPassword) }
        // The fourth failure, under another spelling, starts the lockout of the account.
        #expect(verify(fixture.store, spelling, "wrong", from: "192.0.2.50") == .incorrectPassword)
        #expect(verify(fixture.store, "victim", created.plain.raw, from: "192.0.2.51") == .lockedOut(retryAfter: 900))
    }

    @Test("a login with inner spaces: its space variants are one account", arguments: StoreBackend.available)
    func innerSpaces(_ backend: StoreBackend) throws {
        let fixture = try StoreFixture(backend)
        let (_, created) = try fixture.userWithPassword(login: "jane doe", email: "jane@example.test")
        try fixture.store.setSetting(.lockoutLoginFailures, to: "2")
        #expect(verify(fixture.store, "jane   doe", "wrong", from: "192.0.2.1") == .incorrectPassword)
        #expect(verify(fixture.store, "JANE DOE ", "wrong", from: "192.0.2.2") == .incorrectPassword)
        #expect(verify(fixture.store, "jane doe", created.plain.raw, from: "192.0.2.3") == .lockedOut(retryAfter: 900))
    }

    @Test("unknown logins count by their normalised text; another account is untouched", arguments: StoreBackend.available)
    func unknownLoginsNormalised(_ backend: StoreBackend) throws {
        let fixture = try StoreFixture(backend)
        let (_, created) = try fixture.userWithPassword(login: "victim", email: "victim@example.test")
        try fixture.store.setSetting(.lockoutLoginFailures, to: "3")
        #expect(verify(fixture.store, "ghost", "x", from: "192.0.2.1") == .unknownUser)
        #expect(verify(fixture.store, " GHOST", "x", from: "192.0.2.2") == .unknownUser)
        #expect(verify(fixture.store, "Ghost  ", "x", from: "192.0.2.3") == .unknownUser)
        #expect(verify(fixture.store, "ghost", "x", from: "192.0.2.4") == .lockedOut(retryAfter: 900))
        #expect(verify(fixture.store, "victim", created.plain.raw, from: "192.0.2.5") == nil)
    }

    @Test("the audit trail names the account, whatever spelling failed, and keeps the spelling as detail", arguments: StoreBackend.available)
    func auditNamesTheAccount(_ backend: StoreBackend) throws {
        let directory = try TemporaryDirectory()
        let auditPath = directory.path("audit.jsonl")
        let audit = try AuditLog(path: auditPath)
        let fixture = try StoreFixture(backend, services: StoreServices(audit: audit))
        let user = try fixture.store.addUser(login: "victim", email: "victim@example.test")
        try fixture.store.setSetting(.lockoutLoginFailures, to: "2")
        #expect(verify(fixture.store, "Victim@Example.test", "wrong") == .incorrectPassword)
        #expect(verify(fixture.store, "victim", "wrong") == .incorrectPassword)
        audit.flush()
        let lines = try String(contentsOfFile: auditPath, encoding: .utf8).split(separator: "\n").map {
            try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }.filter { $0["event"] as? String != "setting" }
        #expect(lines.map { $0["event"] as? String } == ["auth_failed", "auth_failed", "lockout"])
        #expect(lines.allSatisfy { $0["user_id"] as? Int == Int(user.id) && $0["login"] as? String == "victim" })
        #expect(lines[0]["detail"] as? String == "as typed: Victim@Example.test" && lines[1]["detail"] == nil)
    }
}
