import Foundation
import Testing

/// Issue 7 item 5: a scripted session (serve with an audit log; passwords created through the
/// CLI, REST and XML-RPC, used, refused, revoked and imported; bad requests that carry a
/// password) leaves no plain password — chunked or not — and no Basic token in the server's
/// stdout and stderr, the audit file, the database and its -wal and -shm, any CLI output or any
/// HTTP answer, except the one answer that issued each password. The files are mode 0600.
@Suite("secrets hygiene", .timeLimit(.minutes(3)))
struct SecretsHygieneTests {
    @Test("no plain password in logs, audit file, database files, CLI output or answers after a scripted session")
    func scriptedSessionLeavesNoSecret() throws {
        let directory = try TempDirectory.make()
        defer { try? FileManager.default.removeItem(at: directory) }
        let auditPath = directory.appendingPathComponent("trail.jsonl").path
        let server = RestartableServer(directory: directory, arguments: ["--audit-log", auditPath])
        let port = try server.start().port
        var scan = SecretScan()
        let bootstrap = try #require(CrashSafetyTests.bootstrapPassword(in: server.stdoutText))
        scan.issued(bootstrap, by: "serve stdout (bootstrap)", answer: "")
        let session = HygieneSession(server: server, port: port, bootstrap: bootstrap, auditPath: auditPath)

        // CLI: a user, two passwords (JSON and text output), listings.
        #expect(try session.cli(&scan, "user", "add", "alice", "--role", "editor", "--email", "alice@example.org").status == 0)
        let aliceBoth = try session.cliCreate(&scan, "alice", "--name", "cli json", "--json")
        let aliceXMLRPC = try session.cliCreate(&scan, "alice", "--name", "cli text", "--api", "xmlrpc")
        let aliceReader = try session.cliCreate(&scan, "alice", "--name", "cli reader", "--api", "rest", "--read-only", "--json")
        _ = try session.cli(&scan, "app-password", "list", "alice")
        _ = try session.cli(&scan, "app-password", "list", "alice", "--json")

        // REST: create for oneself and for alice; use them.
        let restOwn = try session.restCreate(&scan, userPath: "me", json: #"{"name":"rest own","enabled_for":["rest-api"]}"#)
        let restAlice = try session.restCreate(&scan, userPath: "2", json: #"{"name":"rest for alice"}"#)
        #expect(try session.rest(&scan, "GET", "/wp/v2/users/me", as: ("admin", restOwn.password)).status == 200)
        #expect(try session.rest(&scan, "GET", "/wp/v2/users/me", as: ("alice@example.org", restAlice.password)).status == 200)
        #expect(try session.rest(&scan, "GET", "/wp/v2/users/me/application-passwords", as: ("admin", restOwn.password)).status == 200)

        // XML-RPC: create (credentials in the params), use (params and Basic).
        let xmlrpcOwn = try session.xmlrpcCreate(&scan, login: "admin", password: bootstrap, name: "xmlrpc own")
        #expect(XMLRPCWire.isSuccess(try session.xmlrpc(&scan, "wp.getUsersBlogs", ["admin", xmlrpcOwn.password])))
        #expect(XMLRPCWire.isSuccess(try session.xmlrpc(&scan, "wp.getUsersBlogs", ["", ""], basic: ("alice", aliceXMLRPC.password))))
        #expect(XMLRPCWire.isSuccess(try session.xmlrpc(&scan, "dualgate.listApplicationPasswords", ["admin", xmlrpcOwn.password])))

        // Failed logins, each with a real password somewhere it does not work.
        let refusals: [RawClient.Response] = [
            try session.rest(&scan, "GET", "/wp/v2/users/me", as: ("alice", aliceXMLRPC.password)),            // XML-RPC only
            try session.rest(&scan, "GET", "/wp/v2/users/me", as: ("alice", restOwn.password)),                // someone else's
            try session.rest(&scan, "GET", "/wp/v2/users/me", as: (restOwn.password, "admin")),                // login and password swapped
            try session.rest(&scan, "GET", "/wp/v2/users/me", as: (restOwn.password.replacingOccurrences(of: " ", with: ""), "x")),
            try session.rest(&scan, "PUT", "/wp/v2/users/me/application-passwords/\(aliceReader.uuid)", as: ("alice", aliceReader.password),
                             json: #"{"name":"write with a read-only password"}"#),
        ]
        #expect(refusals.map(\.status) == [401, 401, 401, 401, 403])
        for (method, params) in [("wp.getUsersBlogs", ["admin", restOwn.password]), ("wp.getUsersBlogs", [xmlrpcOwn.password, "admin"]),
                                 ("wp.getProfile", ["1", "alice", aliceBoth.password + "x"])] {
            #expect(XMLRPCWire.faultCode(try session.xmlrpc(&scan, method, params)) == 403)
        }

        // Bad requests that carry a password: the answer must not echo it.
        let secret = restAlice.password
        try session.badRequests(&scan, carrying: secret)

        // Revokes through all three, then the revoked passwords are tried (and fail).
        #expect(try session.rest(&scan, "DELETE", "/wp/v2/users/me/application-passwords/\(restOwn.uuid)", as: ("admin", bootstrap)).status == 200)
        #expect(try session.cli(&scan, "app-password", "revoke", "alice", aliceBoth.uuid).status == 0)
        #expect(XMLRPCWire.isSuccess(try session.xmlrpc(&scan, "dualgate.revokeApplicationPassword", ["admin", bootstrap, xmlrpcOwn.uuid])))
        #expect(try session.rest(&scan, "GET", "/wp/v2/users/me", as: ("admin", restOwn.password)).status == 401)
        #expect(try session.rest(&scan, "GET", "/wp/v2/users/me", as: ("alice", aliceBoth.password)).status == 401)
        #expect(XMLRPCWire.faultCode(try session.xmlrpc(&scan, "wp.getUsersBlogs", ["admin", xmlrpcOwn.password])) == 403)

        // Import: a WordPress export (hashes only) whose phpass password is then used (and re-hashed).
        let legacyPlain = "Fs1eVe6lT9iWFdXeuE2YCM0e"                  // the phpass vector's password
        scan.issued(legacyPlain, by: "import (the test's own knowledge)", answer: "")
        let export = directory.appendingPathComponent("export.json")
        try #"""
            {"users": [{"ID": 7, "user_login": "legacy", "user_email": "legacy@example.org", "display_name": "Legacy", "user_registered": "2020-02-02 02:02:02", "roles": "author"}],
             "application_passwords": {"7": [{"uuid": "0a3b1c2d-1111-4222-8333-444455556666", "app_id": "", "name": "phpass app",
               "password": "$P$Ba/Z0.mN4ZmFbavDOORncDvUc5fKU21", "created": 1600000000, "last_used": null, "last_ip": null}]}}
            """#.write(to: export, atomically: true, encoding: .utf8)
        #expect(try session.cli(&scan, "import", "wordpress", export.path).status == 0)
        #expect(try session.rest(&scan, "GET", "/wp/v2/users/me", as: ("legacy", legacyPlain)).status == 200)
        // An export that wrongly holds a plain password where the hash belongs is refused without echoing it.
        let wrong = directory.appendingPathComponent("wrong-export.json")
        try #"{"users": [{"ID": 8, "user_login": "oops"}], "application_passwords": {"8": [{"uuid": "1a3b1c2d-1111-4222-8333-444455556666", "name": "n", "password": "\#(secret)"}]}}"#
            .write(to: wrong, atomically: true, encoding: .utf8)
        #expect(try session.cli(&scan, "import", "wordpress", wrong.path).status == 1)
        _ = try session.cli(&scan, "audit", "tail", "-n", "100")
        _ = try session.cli(&scan, "audit", "tail", "-n", "100", "--json")
        _ = try session.cli(&scan, "settings", "list")

        // While serving: the trail has reached the disk (its writer fsyncs within milliseconds).
        #expect(try Self.waitFor(auditPath, toContain: "import_password"), "the audit trail never showed the import")
        let database = server.databasePath
        for (label, path) in [("audit file", auditPath), ("database", database), ("database -wal", database + "-wal"), ("database -shm", database + "-shm")] {
            #expect(FileManager.default.fileExists(atPath: path), "\(label) missing")
            #expect(try Self.mode(path) == 0o600, "\(label) is not 0600")
            scan.addFile("\(label) while serving", path)
        }
        scan.addFile("serve stderr while serving", server.stderrPath)
        #expect(server.stop() == 0)
        for (label, path) in [("audit file", auditPath), ("database", database), ("database -wal", database + "-wal"), ("database -shm", database + "-shm"),
                              ("serve stderr", server.stderrPath)] {
            scan.addFile("\(label) after stop", path)
        }
        scan.addFile("serve stdout", server.stdoutPath, mayHold: bootstrap)
        #expect(server.stdoutText.components(separatedBy: bootstrap).count == 2, "the bootstrap password is printed exactly once")

        #expect(scan.passwords.count == 8 && scan.artifactCount > 60, "the session checked too little: \(scan.passwords.count) passwords, \(scan.artifactCount) artifacts")
        let leaks = scan.leaks()
        #expect(leaks.isEmpty, "\(leaks)")
    }

    static func mode(_ path: String) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    /// Polls (bounded: 5 s) until the file holds `text`.
    static func waitFor(_ path: String, toContain text: String) throws -> Bool {
        for _ in 0..<500 {
            if let contents = FileManager.default.contents(atPath: path), contents.range(of: Data(text.utf8)) != nil { return true }
            usleep(10_000)
        }
        return false
    }
}
