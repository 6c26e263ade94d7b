@testable import CredentialCore
import Foundation
import PostgresFixture
import Testing

@Suite("audit trail")
struct AuditTests {
    private func events(_ path: String) throws -> [[String: Any]] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    @Test("a scripted sequence leaves one event per change, lockout and failure; no plain password anywhere")
    func scripted() throws {
        let directory = try TemporaryDirectory()
        let auditPath = directory.path("audit.jsonl")
        let audit = try AuditLog(path: auditPath)
        let fixture = try StoreFixture(services: StoreServices(audit: audit))
        let store = fixture.store
        try store.setSetting(.lockoutLoginFailures, to: "2")
        try store.setSetting(.requireApproval, to: "true")
        let user = try store.addUser(login: "alice")
        let first = try store.createPassword(PasswordRequest(name: "one"), for: user.id)
        _ = try store.setStatus(.active, uuid: first.record.uuid, of: user.id)
        _ = try store.updatePassword(uuid: first.record.uuid, of: user.id, PasswordChanges(name: "renamed"))
        let second = try store.createPassword(PasswordRequest(name: "two"), for: user.id)
        let third = try store.createPassword(PasswordRequest(name: "three"), for: user.id)
        _ = try store.revokePassword(uuid: first.record.uuid, of: user.id)
        #expect(try store.revokeAllPasswords(of: user.id) == 2)
        _ = try? store.verify(login: "alice", password: second.plain.raw, for: .xmlrpc, from: "192.0.2.8")   // deleted: incorrect
        _ = try? store.verify(login: "alice", password: "guess", for: .rest, from: "192.0.2.8")
        audit.flush()
        let lines = try events(auditPath)
        #expect(lines.map { $0["event"] as? String } == ["setting", "setting", "create", "approve", "update", "create", "create",
                                                        "delete", "delete", "delete", "auth_failed", "auth_failed", "lockout"])
        #expect(lines[2]["uuid"] as? String == first.record.uuid && lines[2]["login"] as? String == "alice")
        #expect(lines[8]["reason"] as? String == "delete_all" && lines[9]["reason"] as? String == "delete_all")
        #expect(Set([lines[8]["uuid"] as? String, lines[9]["uuid"] as? String]) == [second.record.uuid, third.record.uuid])
        #expect(lines[10]["api"] as? String == "xml-rpc" && lines[10]["address"] as? String == "192.0.2.8")
        #expect(lines[11]["reason"] as? String == "incorrect_password" && lines[12]["reason"] as? String == "login")
        #expect(lines.allSatisfy { ($0["time"] as? String)?.hasSuffix("Z") == true })
        let auditBytes = try Data(contentsOf: URL(fileURLWithPath: auditPath))
        let databaseBytes = fixture.fileBytes()
        for plain in [first, second, third].map(\.plain) {
            for form in [plain.raw, plain.chunked] {
                #expect(auditBytes.range(of: Data(form.utf8)) == nil)
                #expect(databaseBytes.range(of: Data(form.utf8)) == nil)
            }
        }
        let mode = try FileManager.default.attributesOfItem(atPath: auditPath)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        audit.close()
    }

    @Test("a password sent as the login (login and password swapped) is not written to the trail", arguments: StoreBackend.available)
    func swappedLoginIsWithheld(_ backend: StoreBackend) throws {
        let directory = try TemporaryDirectory()
        let auditPath = directory.path("audit.jsonl")
        let audit = try AuditLog(path: auditPath)
        let fixture = try StoreFixture(backend, services: StoreServices(audit: audit))
        try fixture.store.setSetting(.lockoutLoginFailures, to: "2")
        let (_, created) = try fixture.userWithPassword()
        for login in [created.plain.chunked, created.plain.raw, created.plain.raw] {       // the last two lock the "login"
            _ = try? fixture.store.verify(login: login, password: "alice", for: .rest, from: "192.0.2.8")
        }
        _ = try? fixture.store.verify(login: "nobody", password: created.plain.raw, for: .rest, from: "192.0.2.8")
        audit.flush()
        let lines = try events(auditPath)
        let failures = lines.filter { $0["event"] as? String == "auth_failed" }
        #expect(failures.map { $0["login"] as? String } == [PasswordFormat.withheld, PasswordFormat.withheld, PasswordFormat.withheld, "nobody"])
        #expect(failures.allSatisfy { $0["reason"] as? String == "unknown_user" })
        #expect(lines.contains { $0["event"] as? String == "lockout" && $0["login"] as? String == PasswordFormat.withheld }, "the lockout it started is withheld too")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: auditPath))
        for form in [created.plain.raw, created.plain.chunked] { #expect(bytes.range(of: Data(form.utf8)) == nil) }
        audit.close()
    }

    @Test("an event reaches the disk without any flush call (the writer does not wait for more)")
    func writtenPromptly() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("audit.jsonl")
        let audit = try AuditLog(path: path)
        audit.record(AuditEvent(.lockout, time: 0, address: "192.0.2.1", reason: "address"))
        // Poll the file (bounded): the background writer must get there on its own.
        var seen = ""
        for _ in 0..<200 where !seen.contains("lockout") {
            seen = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            if !seen.contains("lockout") { try await Task.sleep(nanoseconds: 5_000_000) }
        }
        #expect(seen == #"{"time":"1970-01-01T00:00:00Z","event":"lockout","address":"192.0.2.1","reason":"address"}"# + "\n")
        audit.close()
    }

    @Test("JSON escaping and UTC times")
    func encoding() {
        let event = AuditEvent(.create, time: 1_750_000_000, userID: 7, login: "a\"b\\c", name: "tab\there\u{1}")
        #expect(event.jsonLine == #"{"time":"2025-06-15T15:06:40Z","event":"create","user_id":7,"login":"a\"b\\c","name":"tab\there\u0001"}"#)
        #expect(ISOTime.utc(951_782_400) == "2000-02-29T00:00:00Z")
        #expect(AuditLog.defaultPath(forDatabase: "/var/lib/dualgate.sqlite") == "/var/lib/dualgate.audit.jsonl")
        #expect(AuditLog.defaultPath(forDatabase: "store") == "store.audit.jsonl")
    }
}
