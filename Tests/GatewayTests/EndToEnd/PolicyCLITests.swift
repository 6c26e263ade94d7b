import Foundation
import Testing

/// Issue 3's commands, run as the real binary against a temp database (no server needed).
@Suite(.timeLimit(.minutes(3)))
struct PolicyCLITests {
    let directory: URL
    var db: String { directory.appendingPathComponent("cli.sqlite").path }
    var auditPath: String { directory.appendingPathComponent("cli.audit.jsonl").path }

    init() throws { directory = try TempDirectory.make() }

    func dualgate(_ arguments: String...) throws -> CLIResult { try CLIResult.run(arguments + ["--db", db]) }

    func json(_ result: CLIResult) throws -> Any { try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) }

    @Test(arguments: [["settings", "list"], ["settings", "get"], ["settings", "set"], ["app-password", "approve"], ["app-password", "disable"],
                      ["app-password", "enable"], ["audit", "tail"], ["import", "wordpress"]])
    func everyNewCommandHasHelp(_ path: [String]) throws {
        let result = try CLIResult.run(path + ["--help"])
        #expect(result.status == 0 && result.stdout.hasPrefix("usage: dualgate \(path.joined(separator: " "))"))
    }

    @Test func settingsListGetSetWithValidation() throws {
        let listed = try #require(try json(dualgate("settings", "list", "--json")) as? [String: Any])
        #expect(listed["application_passwords_enabled"] as? Bool == true && listed["lockout_login_failures"] as? Int == 10)
        #expect(listed["max_policy"] as? String == "refuse" && (listed["allowed_roles"] as? [String])?.count == 5)
        #expect(try dualgate("settings", "set", "max_per_user", "3").stdout == "max_per_user = 3\n")
        #expect(try dualgate("settings", "get", "max_per_user").stdout == "3\n")
        let bad = try dualgate("settings", "set", "max_policy", "drop")
        #expect(bad.status == 2 && bad.stderr.contains("refuse or delete_oldest"))
        let unknown = try dualgate("settings", "get", "max_users")
        #expect(unknown.status == 2 && unknown.stderr.contains("lockout_window_seconds"))
        #expect(try dualgate("settings", "set", "allowed_roles", "editor,administrator").stdout == "allowed_roles = administrator,editor\n")
    }

    @Test func perPasswordControlsFromTheCLI() throws {
        #expect(try dualgate("user", "add", "alice", "--role", "author").status == 0)
        let created = try #require(try json(dualgate("app-password", "create", "alice", "--name", "ctl", "--expires", "2031-05-06T07:08:09",
                                                     "--allow-network", "192.0.2.0/24", "--allow-network", "2001:db8::/32", "--json")) as? [String: Any])
        #expect(created["expires"] as? String == "2031-05-06T07:08:09" && created["status"] as? String == "active")
        #expect(created["allowed_networks"] as? [String] == ["192.0.2.0/24", "2001:db8::/32"])
        let uuid = try #require(created["uuid"] as? String)
        #expect(try dualgate("app-password", "create", "alice", "--name", "x", "--allow-network", "300.1.1.1/8").status == 2)
        #expect(try dualgate("app-password", "create", "alice", "--name", "x", "--expires", "2001-01-01").status == 1)
        #expect(try dualgate("app-password", "disable", "alice", uuid).status == 0)
        #expect(try dualgate("app-password", "disable", "alice", uuid).status == 1)              // already disabled
        let listed = try #require(try json(dualgate("app-password", "list", "alice", "--json")) as? [[String: Any]])
        #expect(listed.first?["status"] as? String == "disabled")
        #expect(try dualgate("app-password", "enable", "alice", uuid).status == 0)
        #expect(try dualgate("app-password", "approve", "alice", uuid).status == 1)              // not pending
        #expect(try dualgate("settings", "set", "require_approval", "true").status == 0)
        let pending = try dualgate("app-password", "create", "alice", "--name", "later")
        #expect(pending.stdout.contains("pending approval"))
        #expect(try dualgate("app-password", "approve", "alice", "no-such-uuid").status == 1)
    }

    @Test func changesAreAuditedAndTailedWithoutPasswords() throws {
        #expect(try dualgate("user", "add", "alice").status == 0)
        let created = try #require(try json(dualgate("app-password", "create", "alice", "--name", "audited", "--json")) as? [String: Any])
        let uuid = try #require(created["uuid"] as? String), password = try #require(created["password"] as? String)
        #expect(try dualgate("app-password", "disable", "alice", uuid).status == 0)
        #expect(try dualgate("app-password", "revoke-all", "alice").status == 0)
        // Each command flushed the trail before exiting: it is complete now.
        let tail = try dualgate("audit", "tail", "--json")
        let events = tail.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(events.map { $0["event"] as? String } == ["create", "disable", "delete"])
        #expect(events.allSatisfy { $0["uuid"] as? String == uuid && $0["login"] as? String == "alice" })
        let readable = try dualgate("audit", "tail", "-n", "1")
        #expect(readable.stdout.contains("delete") && readable.stdout.contains("reason=delete_all") && readable.stdout.split(separator: "\n").count == 1)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: auditPath))
        #expect(bytes.range(of: Data(password.utf8)) == nil && bytes.range(of: Data(password.replacingOccurrences(of: " ", with: "").utf8)) == nil)
        let mode = try FileManager.default.attributesOfItem(atPath: auditPath)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func importTwiceThenBrokenLeavesTheDatabaseAsItWas() throws {
        let file = directory.appendingPathComponent("export.json")
        try """
            {"users": [{"ID": 3, "user_login": "old", "user_email": "old@example.org", "display_name": "Old", "user_registered": "2020-02-02 02:02:02", "roles": "editor"}],
             "application_passwords": {"3": [{"uuid": "0a3b1c2d-1111-4222-8333-444455556666", "app_id": "", "name": "phpass app",
               "password": "$P$Ba/Z0.mN4ZmFbavDOORncDvUc5fKU21", "created": 1600000000, "last_used": null, "last_ip": null}]}}
            """.write(to: file, atomically: true, encoding: .utf8)
        let first = try dualgate("import", "wordpress", file.path)
        #expect(first.status == 0 && first.stdout.contains("Imported: users 1 added, 0 updated, 0 unchanged; application passwords 1 added, 0 revoked"))
        let users = try dualgate("user", "list", "--json").stdout
        #expect(users.contains(#""id":3"#) && users.contains(#""role":"editor""#))
        let second = try dualgate("import", "wordpress", file.path)
        #expect(second.stdout == "Imported: users 0 added, 0 updated, 1 unchanged; application passwords 0 added, 0 revoked, 0 skipped (revoked in dualgate), 1 unchanged.\n")
        let before = try dualgate("app-password", "list", "old", "--json").stdout + users
        try #"{"users": [{"ID": 4, "user_login": "new"}], "application_passwords": {"4": [{"uuid": "0a3b1c2d-1111-4222-8333-444455556666", "name": "x", "password": "plain", "created": 1}]}}"#
            .write(to: file, atomically: true, encoding: .utf8)
        let broken = try dualgate("import", "wordpress", file.path)
        #expect(broken.status == 1 && broken.stderr.contains(#"application_passwords["4"][0].password"#))
        #expect(try dualgate("app-password", "list", "old", "--json").stdout + dualgate("user", "list", "--json").stdout == before)
    }
}
