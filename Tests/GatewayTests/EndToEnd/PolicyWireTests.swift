import Foundation
import Testing

/// Issue 3 through the real binary: settings changed live by the CLI, each refusal code on both
/// protocols, lockout (REST 429 + Retry-After, fault 429), the audit file, import from WordPress,
/// and a revoke seen on the very next request despite the verification cache.
@Suite(.enabled(if: Tool.python3 != nil, "needs python3 on PATH"), .timeLimit(.minutes(3)))
struct PolicyWireTests {
    private func me(_ server: LiveServer, _ login: String, _ password: String) throws -> RawClient.Response {
        try server.usersMe(login, password)
    }

    private func xmlrpc(_ server: LiveServer, _ login: String, _ password: String) throws -> PythonXMLRPC.Outcome {
        try server.usersBlogs(login, password)
    }

    /// Runs SQL on the server's file from another process (python3's sqlite3), as another instance would.
    private func sql(_ server: LiveServer, _ statement: String) throws -> String {
        let run = try Tool.python("""
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1], timeout=10)
            rows = db.execute(sys.argv[2]).fetchall()
            db.commit()
            print("\\n".join("|".join(str(v) for v in row) for row in rows))
            """, [server.databasePath, statement])
        guard run.status == 0 else { throw HarnessError("sqlite3 failed: \(run.stderr)") }
        return run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func settingsSetByTheCLIApplyOnTheNextRequest() throws {
        let server = try LiveServer.start()
        defer { server.stop() }
        let admin = try #require(server.bootstrapPassword)
        let collection = "/wp-json/wp/v2/users/me/application-passwords"
        #expect(try RawHTTP.request("POST", collection, port: server.port, basic: ("admin", admin), headers: [("Content-Type", "application/json")],
                                    body: #"{"name":"dup"}"#).status == 201)
        #expect(try server.cli("settings", "set", "unique_names", "true").status == 0)
        let duplicate = try RawHTTP.request("POST", collection, port: server.port, basic: ("admin", admin),
                                            headers: [("Content-Type", "application/json")], body: #"{"name":"DUP"}"#)
        #expect(duplicate.status == 409 && duplicate.json["code"] as? String == "application_password_duplicate_name")
        #expect(try server.cli("settings", "set", "unique_names", "maybe").status == 2)
        #expect(try server.cli("settings", "get", "unique_names").stdout == "true\n")
        #expect(try server.cli("settings", "set", "application_passwords_enabled", "false").status == 0)
        let index = try RawHTTP.request("GET", "/wp-json/", port: server.port)
        #expect(index.text.contains(#""authentication":[]"#))
    }

    @Test func eachRefusalHasItsCodeOnBothProtocols() throws {
        let server = try LiveServer.start()
        defer { server.stop() }
        let expired = try server.createPassword(name: "expired", "--expires", "30d")
        _ = try sql(server, "UPDATE application_passwords SET expires = 1 WHERE uuid = '\(expired.uuid)'")
        let disabled = try server.createPassword(name: "disabled")
        #expect(try server.cli("app-password", "disable", "admin", disabled.uuid).status == 0)
        let elsewhere = try server.createPassword(name: "elsewhere", "--allow-network", "10.0.0.0/8", "--allow-network", "2001:db8::/32")
        let here = try server.createPassword(name: "here", "--allow-network", "127.0.0.0/8")
        #expect(try server.cli("settings", "set", "require_approval", "true").status == 0)
        let pending = try server.createPassword(name: "pending")
        for (password, code) in [(expired.password, "application_password_expired"), (disabled.password, "application_password_inactive"),
                                 (elsewhere.password, "application_password_network_denied"), (pending.password, "application_password_pending")] {
            let answer = try me(server, "admin", password)
            #expect(answer.status == 401 && answer.json["code"] as? String == code, "\(answer.text)")
            #expect(try xmlrpc(server, "admin", password).faultCode == 403)
        }
        #expect(try me(server, "admin", here.password).status == 200)
        #expect(try server.cli("app-password", "approve", "admin", pending.uuid).status == 0)
        #expect(try me(server, "admin", pending.password).status == 200)
        #expect(try xmlrpc(server, "admin", pending.password).faultCode == nil)
        let listed = try server.cli("app-password", "list", "admin").stdout
        #expect(listed.contains("disabled") && listed.contains("10.0.0.0/8,2001:db8::/32"))
    }

    @Test func lockoutAnswers429OnBothProtocolsWithoutCheckingThePassword() throws {
        let server = try LiveServer.start()
        defer { server.stop() }
        let admin = try #require(server.bootstrapPassword)
        #expect(try server.cli("settings", "set", "lockout_login_failures", "3").status == 0)
        for _ in 0..<2 { #expect(try me(server, "admin", "wrong").json["code"] as? String == "incorrect_password") }
        #expect(try xmlrpc(server, "admin", "wrong").faultCode == 403)
        let locked = try me(server, "admin", admin)
        #expect(locked.status == 429 && locked.json["code"] as? String == "too_many_failed_logins")
        #expect(Int(locked.header("Retry-After") ?? "") ?? 0 > 0)
        #expect(try xmlrpc(server, "admin", admin).faultCode == 429)
        // The address counter is separate: another login from here still works until its own threshold.
        let bob = try server.cli("user", "add", "bob")
        #expect(bob.status == 0)
        let bobs = try server.createPassword(login: "bob", name: "b")
        #expect(try me(server, "bob", bobs.password).status == 200)
    }

    @Test func theAuditFileRecordsAScriptedSequenceAndNoPassword() throws {
        let directory = try TempDirectory.make()
        let auditPath = directory.appendingPathComponent("trail.jsonl").path
        let server = try LiveServer.start(["--audit-log", auditPath], directory: directory)
        defer { server.stop() }
        let environment = ProcessInfo.processInfo.environment.merging(["DUALGATE_AUDIT_LOG": auditPath]) { $1 }
        func cli(_ arguments: String...) throws -> CLIResult { try CLIResult.run(arguments + ["--db", server.databasePath], environment: environment) }
        let created = try cli("app-password", "create", "admin", "--name", "scripted", "--json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(created.stdout.utf8)) as? [String: Any])
        let uuid = try #require(object["uuid"] as? String), password = try #require(object["password"] as? String)
        #expect(try me(server, "admin", "wrong-guess").status == 401)
        #expect(try cli("app-password", "revoke", "admin", uuid).status == 0)
        // The server's writer fsyncs in batches; its failure event is on disk within a second.
        var events: [[String: Any]] = []
        for _ in 0..<100 {
            let text = (try? String(contentsOfFile: auditPath, encoding: .utf8)) ?? ""
            events = text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            if events.count >= 3 { break }
            usleep(10_000)                                              // polling the file, bounded to one second
        }
        #expect(Set(events.compactMap { $0["event"] as? String }) == ["create", "auth_failed", "delete"])
        #expect(events.contains { $0["event"] as? String == "auth_failed" && $0["address"] as? String == "127.0.0.1" && $0["api"] as? String == "rest-api" })
        let bytes = (try? Data(contentsOf: URL(fileURLWithPath: auditPath))) ?? Data()
        var database = Data()
        for suffix in ["", "-wal"] { database.append((try? Data(contentsOf: URL(fileURLWithPath: server.databasePath + suffix))) ?? Data()) }
        for form in [password, password.replacingOccurrences(of: " ", with: "")] {
            #expect(bytes.range(of: Data(form.utf8)) == nil && database.range(of: Data(form.utf8)) == nil)
        }
        let tail = try cli("audit", "tail", "-n", "2")
        #expect(tail.status == 0 && tail.stdout.split(separator: "\n").count == 2)
    }

    @Test func importHoldingBothHashFormatsThenAgainThenBroken() throws {
        let server = try LiveServer.start()
        defer { server.stop() }
        let document = """
            {"users": [{"ID": 5, "user_login": "legacy", "user_email": "legacy@example.org", "display_name": "Legacy", "user_registered": "2021-01-01 00:00:00", "roles": "editor"}],
             "application_passwords": {"5": [
               {"uuid": "0a3b1c2d-1111-4222-8333-444455556666", "app_id": "", "name": "old", "password": "$P$Ba/Z0.mN4ZmFbavDOORncDvUc5fKU21", "created": 1600000000, "last_used": null, "last_ip": null},
               {"uuid": "1a3b1c2d-1111-4222-8333-444455556666", "app_id": "", "name": "new", "password": "$generic$PLACEHOLDER", "created": 1700000000, "last_used": null, "last_ip": null}]}}
            """
        // The $generic$ item is a fast-hash vector of the reference file (a known password).
        let generic = try #require(Self.fastHashVector())
        let file = server.directory.appendingPathComponent("export.json")
        try document.replacingOccurrences(of: "$generic$PLACEHOLDER", with: generic.hash).write(to: file, atomically: true, encoding: .utf8)
        let first = try server.cli("import", "wordpress", file.path)
        #expect(first.status == 0 && first.stdout.contains("Imported: users 1 added") && first.stdout.contains("application passwords 2 added"))
        #expect(try me(server, "legacy", "Fs1eVe6lT9iWFdXeuE2YCM0e").status == 200)
        #expect(try sql(server, "SELECT password_hash FROM application_passwords WHERE uuid = '0a3b1c2d-1111-4222-8333-444455556666'").hasPrefix("$generic$"))
        #expect(try xmlrpc(server, "legacy", generic.password).faultCode == nil)
        let before = try sql(server, "SELECT * FROM users ORDER BY id") + sql(server, "SELECT uuid, name, created FROM application_passwords ORDER BY seq")
        #expect(try server.cli("import", "wordpress", file.path).stdout.contains("Imported: users 0 added, 0 updated, 1 unchanged; application passwords 0 added, 0 revoked, 0 skipped (revoked in dualgate), 2 unchanged."))
        try #"{"users": [{"ID": 9, "user_login": "x"}], "application_passwords": {"9": [{"uuid": "nope"}]}}"#.write(to: file, atomically: true, encoding: .utf8)
        let broken = try server.cli("import", "wordpress", file.path)
        #expect(broken.status == 1 && broken.stderr.contains(#"application_passwords["9"][0].uuid"#))
        let after = try sql(server, "SELECT * FROM users ORDER BY id") + sql(server, "SELECT uuid, name, created FROM application_passwords ORDER BY seq")
        #expect(after == before)
    }

    @Test func aRevokedPasswordFailsOnTheVeryNextRequestOverEachProtocol() throws {
        let server = try LiveServer.start(["--threads", "1"])
        defer { server.stop() }
        for api in ["rest", "xmlrpc"] {
            let created = try server.createPassword(name: "cached-\(api)")
            for _ in 0..<3 {                                             // verified, then answered from the cache
                if api == "rest" { #expect(try me(server, "admin", created.password).status == 200) }
                else { #expect(try xmlrpc(server, "admin", created.password).faultCode == nil) }
            }
            #expect(try server.cli("app-password", "revoke", "admin", created.uuid).status == 0)
            if api == "rest" { #expect(try me(server, "admin", created.password).json["code"] as? String == "incorrect_password") }
            else { #expect(try xmlrpc(server, "admin", created.password).faultCode == 403) }
        }
    }

    /// A fast-hash vector (password, `$generic$` hash) from the reference vectors.
    static func fastHashVector() -> (password: String, hash: String)? {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("CredentialCoreTests/Vectors/.app-password-vectors.json")
        guard let data = try? Data(contentsOf: url), let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let section = root["fast_hash"] as? [String: Any], let vectors = section["vectors"] as? [[String: Any]] else { return nil }
        for vector in vectors {
            if let input = vector["input"] as? String, let hash = vector["hash"] as? String, input.count == 24,
               input.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) }) {
                return (input, hash)
            }
        }
        return nil
    }
}
