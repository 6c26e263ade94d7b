import CredentialCore
import Foundation
import Glibc
import Testing

/// `dualgate upstream set|list|unset` and the gateway-mode site settings, through the real binary
/// (issue 13 items 2–4).
@Suite(.timeLimit(.minutes(3)))
struct UpstreamCLITests {
    static let password = "AbCd EfGh IjKl MnOp QrSt UvWx"
    let directory: URL
    var db: String { directory.appendingPathComponent("gate.sqlite").path }

    init() throws { directory = try TempDirectory.make() }

    func dualgate(_ arguments: [String], stdin: String? = nil, environment: [String: String]? = nil) throws -> CLIResult {
        try CLIResult.run(executable: DualgateBinary.url, arguments + ["--db", db], environment: environment, input: stdin.map { Data($0.utf8) })
    }

    @Test(arguments: [["upstream", "set"], ["upstream", "list"], ["upstream", "unset"], ["upstream", "enroll"]])
    func everyUpstreamCommandHasHelp(_ path: [String]) throws {
        let result = try CLIResult.run(path + ["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("usage: dualgate \(path.joined(separator: " "))"))
    }

    @Test("set creates a 0600 key file, list never shows the password, unset removes; no secret in any output or file")
    func setListUnset() throws {
        var scan = SecretScan()
        scan.issued(Self.password, by: "the test's own input", answer: "")
        #expect(try dualgate(["user", "add", "alice", "--email", "alice@example.com"]).status == 0)
        #expect(try dualgate(["user", "add", "bob"]).status == 0)
        let set = try dualgate(["upstream", "set", "alice@example.com", "--upstream-login", "alice_wp", "--password-stdin"], stdin: Self.password + "\n")
        #expect(set.status == 0, "\(set.stderr)")
        #expect(set.stderr.contains("Created the secret key file"))
        let keyPath = db + ".key"
        var status = stat()
        #expect(stat(keyPath, &status) == 0 && status.st_mode & 0o777 == 0o600 && status.st_size == 32)
        // The key file is not created again; a second user's set reuses it.
        let second = try dualgate(["upstream", "set", "bob", "--upstream-login", "bob_wp", "--password-stdin"], stdin: "other one")
        #expect(second.status == 0 && !second.stderr.contains("Created"))

        let table = try dualgate(["upstream", "list"])
        #expect(table.status == 0)
        #expect(table.stdout.contains("alice") && table.stdout.contains("alice_wp") && table.stdout.contains("bob_wp"))
        let json = try dualgate(["upstream", "list", "--json"])
        let items = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(items.map { $0["login"] as? String } == ["alice", "bob"])
        #expect(items.first?["upstream_login"] as? String == "alice_wp" && items.first?["user_id"] as? Int == 1)
        #expect(Set(items.first?.keys.map { $0 } ?? []) == ["user_id", "login", "upstream_login", "created", "updated"])

        // What the gateway would read: the password as given, without the newline.
        let store = try CredentialStore(path: db)
        let key = try SecretKey.load(path: keyPath)
        #expect(try store.upstreamCredential(forUserID: 1, key: key) == UpstreamCredential(login: "alice_wp", password: Self.password))

        let unset = try dualgate(["upstream", "unset", "alice"])
        #expect(unset.status == 0)
        #expect(try store.upstreamCredential(forUserID: 1, key: key) == nil)
        let again = try dualgate(["upstream", "unset", "alice"])
        #expect(again.status == 1 && again.stderr.contains("no upstream credential"))

        for (label, result) in [("set", set), ("second", second), ("table", table), ("json", json), ("unset", unset), ("again", again)] {
            scan.add(label + " stdout", result.stdout)
            scan.add(label + " stderr", result.stderr)
        }
        for suffix in ["", "-wal", "-shm", ".key"] { scan.addFile("gate.sqlite" + suffix, db + suffix) }
        scan.addFile("audit trail", directory.appendingPathComponent("gate.audit.jsonl").path)
        #expect(scan.leaks() == [])
        #expect(try String(contentsOfFile: directory.appendingPathComponent("gate.audit.jsonl").path, encoding: .utf8).contains("upstream_set"))
    }

    @Test("refusals: no --password-stdin, empty password, unknown user, open key file, --secret-key-file and its variable")
    func refusals() throws {
        #expect(try dualgate(["user", "add", "alice"]).status == 0)
        let noStdin = try dualgate(["upstream", "set", "alice", "--upstream-login", "a"], stdin: "pw")
        #expect(noStdin.status == 2 && noStdin.stderr.contains("--password-stdin"))
        let empty = try dualgate(["upstream", "set", "alice", "--upstream-login", "a", "--password-stdin"], stdin: "\n")
        #expect(empty.status == 2 && empty.stderr.contains("empty"))
        let nobody = try dualgate(["upstream", "set", "nobody", "--upstream-login", "a", "--password-stdin"], stdin: "pw")
        #expect(nobody.status == 1 && nobody.stderr.contains("no user"))

        let keyPath = directory.appendingPathComponent("elsewhere.key").path
        let flag = try dualgate(["upstream", "set", "alice", "--upstream-login", "a", "--password-stdin", "--secret-key-file", keyPath], stdin: "pw")
        #expect(flag.status == 0 && FileManager.default.fileExists(atPath: keyPath) && !FileManager.default.fileExists(atPath: db + ".key"))
        chmod(keyPath, 0o644)
        let open = try dualgate(["upstream", "set", "alice", "--upstream-login", "a", "--password-stdin"], stdin: "pw",
                                environment: ["DUALGATE_SECRET_KEY_FILE": keyPath])
        #expect(open.status == 1 && open.stderr.contains("chmod 600 \(keyPath)"))
        // list and unset never need the key.
        #expect(try dualgate(["upstream", "list"]).status == 0)
        #expect(try dualgate(["upstream", "unset", "alice"]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: db + ".key"))
        let https = try dualgate(["upstream", "enroll", "--all", "--admin", "admin", "--password-stdin", "--upstream", "https://wp.example"], stdin: "pw")
        #expect(https.status == 2 && https.stderr.contains("does not speak TLS yet"), "\(https.stderr)")
    }

    @Test("site settings xmlrpc_enabled, rest_anonymous and xmlrpc_pingbacks: defaults, set, refusals naming the values")
    func gatewaySettings() throws {
        #expect(try dualgate(["settings", "get", "xmlrpc_enabled"]).stdout == "true\n")
        #expect(try dualgate(["settings", "get", "rest_anonymous"]).stdout == "allow\n")
        #expect(try dualgate(["settings", "get", "xmlrpc_pingbacks"]).stdout == "false\n")
        #expect(try dualgate(["settings", "set", "rest_anonymous", "refuse"]).stdout == "rest_anonymous = refuse\n")
        #expect(try dualgate(["settings", "set", "xmlrpc_enabled", "false"]).status == 0)
        #expect(try dualgate(["settings", "set", "xmlrpc_pingbacks", "true"]).status == 0)
        let json = try dualgate(["settings", "list", "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["xmlrpc_enabled"] as? Bool == false && object["xmlrpc_pingbacks"] as? Bool == true && object["rest_anonymous"] as? String == "refuse")
        let bad = try dualgate(["settings", "set", "rest_anonymous", "deny"])
        #expect(bad.status == 2 && bad.stderr.contains("allow or refuse"))
        let badBool = try dualgate(["settings", "set", "xmlrpc_enabled", "yes"])
        #expect(badBool.status == 2 && badBool.stderr.contains("true or false"))
        let settings = try CredentialStore(path: db).settings
        #expect(!settings.xmlrpcEnabled && settings.xmlrpcPingbacks && !settings.restAnonymousAllowed)
    }
}
