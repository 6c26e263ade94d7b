import Foundation
import Testing

/// One gateway test's world (issue 13 item 6): a WordPress of its own (Debian's, with the recorder
/// plug-in: `Tests/WordPressSite/README.md`) and `dualgate serve --upstream <its url>` in front of
/// it. Before `serve` starts, the store is filled through the real CLI: `import wordpress` of the
/// site's users without passwords (same ids and logins as WordPress; no password WordPress would
/// accept), then `upstream set LOGIN --upstream-login LOGIN --password-stdin` with the user's
/// WordPress application password. Client passwords are made with `app-password create` and
/// registered in `secrets`, so that `expectNothingLeaked` can prove none reached WordPress.
final class GatewayFixture {
    let wordpress: WordPressSite
    let server: LiveServer
    private(set) var secrets = SecretScan()

    /// `upstreamFor`: the logins given an upstream credential (nil: every user of the site).
    init(serveArguments: [String] = [], upstreamFor logins: [String]? = nil) throws {
        wordpress = try WordPressSite.startOwn()
        do {
            let directory = try TempDirectory.make()
            let database = directory.appendingPathComponent("dualgate.sqlite").path
            let imported = try CLIResult.run(["import", "wordpress", wordpress.exportUsersPath, "--db", database])
            guard imported.status == 0 else { throw HarnessError("import wordpress failed (\(imported.status)): \(imported.stdout) \(imported.stderr)") }
            for user in wordpress.users where logins?.contains(user.login) ?? true {
                let set = try CLIResult.run(executable: DualgateBinary.url,
                                            ["upstream", "set", user.login, "--upstream-login", user.login, "--password-stdin", "--db", database],
                                            input: Data((user.password + "\n").utf8))
                guard set.status == 0 else { throw HarnessError("upstream set \(user.login) failed (\(set.status)): \(set.stdout) \(set.stderr)") }
            }
            server = try LiveServer.start(["--upstream", wordpress.url] + serveArguments, directory: directory)
        } catch {
            try? wordpress.stop()
            throw error
        }
    }

    deinit {
        server.stop()
        try? wordpress.stop()
    }

    var xmlrpcURL: String { server.baseURL + "/xmlrpc.php" }

    func wordpressUser(_ login: String) throws -> WordPressSite.User {
        guard let user = wordpress.users.first(where: { $0.login == login }) else { throw HarnessError("the site has no \(login)") }
        return user
    }

    /// A dualgate application password for `login` (`app-password create … --json` + flags), registered
    /// as a client secret that WordPress must never receive.
    func clientPassword(_ login: String, _ name: String, _ flags: String...) throws -> (uuid: String, password: String) {
        let result = try CLIResult.run(["app-password", "create", login, "--name", name, "--json"] + flags + ["--db", server.databasePath])
        guard result.status == 0,
              let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
              let uuid = object["uuid"] as? String, let password = object["password"] as? String else {
            throw HarnessError("app-password create \(login) \(flags) failed (\(result.status)): \(result.stdout) \(result.stderr)")
        }
        secrets.issued(password, by: "app-password create \(name)", answer: result.stdout)
        secrets.sentBasic(login: login, password: password)
        secrets.sentBasic(login: login, password: password.replacingOccurrences(of: " ", with: ""))
        return (uuid, password)
    }

    /// The `Authorization` value a forwarded REST request must carry for `login`: its upstream credential.
    func upstreamBasic(_ login: String) throws -> String {
        "Basic " + Data("\(login):\(try wordpressUser(login).password)".utf8).base64EncodedString()
    }

    // MARK: what WordPress received (Tests/WordPressSite/record-requests.php)

    /// Every request WordPress received so far, oldest first, without the harness's readiness checks.
    func received() -> [Received] {
        guard let text = try? String(contentsOfFile: wordpress.receivedPath, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
            let record = Received(object)
            return record.headers["x-dualgate-harness"] == nil ? record : nil
        }
    }

    /// Runs `body`, then returns what WordPress received meanwhile.
    func receivedDuring<T>(_ body: () throws -> T) rethrows -> (T, [Received]) {
        let before = received().count
        let value = try body()
        return (value, Array(received().dropFirst(before)))
    }

    /// The recorder's file holds no client password (chunked or not) and no Basic token made from
    /// one, and WordPress received something at all (so this can fail: an empty record proves nothing).
    func expectNothingLeaked(_ sourceLocation: SourceLocation = #_sourceLocation) {
        var scan = secrets
        scan.addFile("WordPress's received.jsonl", wordpress.receivedPath)
        #expect(!received().isEmpty, "WordPress received nothing: the scenario did not reach it", sourceLocation: sourceLocation)
        #expect(secrets.passwords.count > 0, sourceLocation: sourceLocation)
        #expect(scan.leaks() == [], sourceLocation: sourceLocation)
    }

    /// Skipped visibly (or, under CI=true, failed) when `import requests` does not work.
    static func requireRequests() throws {
        if PythonRESTClients.hasRequests { return }
        if ProcessInfo.processInfo.environment["CI"] == "true" { throw HarnessError("python3 cannot import requests (apt-get install python3-requests)") }
        print("SKIPPED: python3 cannot import requests (apt-get install python3-requests)")
        try Test.cancel("skipped: python3 cannot import requests")
    }
}

/// One line of `received.jsonl`.
struct Received {
    let method: String
    let uri: String
    let authorization: String?
    let authUser: String?
    let isXMLRPC: Bool
    let headers: [String: String]
    let bodyBytes: Int
    let body: String?

    init(_ object: [String: Any]) {
        method = object["method"] as? String ?? ""
        uri = object["uri"] as? String ?? ""
        authorization = object["authorization"] as? String
        authUser = object["auth_user"] as? String
        isXMLRPC = object["xmlrpc"] as? Bool ?? false
        headers = (object["headers"] as? [String: Any] ?? [:]).compactMapValues { $0 as? String }
        bodyBytes = (object["body_bytes"] as? NSNumber)?.intValue ?? -1
        body = object["body"] as? String
    }

    /// True when `text` is in the URI or the body.
    func mentions(_ text: String) -> Bool { uri.contains(text) || (body?.contains(text) ?? false) }
}

/// The gateway clients (`Tests/WordPressSite/clients/*.py`), each printing one JSON object.
enum GatewayClients {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("WordPressSite/clients").path

    static func run(_ script: String, _ arguments: [String]) throws -> [String: Any] {
        guard let python3 = Tool.python3 else { throw HarnessError("python3 not found") }
        let run = try CLIResult.run(executable: python3, [directory + "/" + script] + arguments)
        guard run.status == 0, let line = run.stdout.split(separator: "\n").last,
              let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            throw HarnessError("\(script) failed (\(run.status)): \(run.stdout.suffix(2000)) \(run.stderr.suffix(2000))")
        }
        return object
    }

    /// python-wordpress-xmlrpc 2.3, or a visible skip when pip cannot get it (as XMLRPCWordPressClientTests).
    static func wordpressXMLRPC() throws -> String {
        switch PyPI.installed("python-wordpress-xmlrpc==2.3", probe: "wordpress_xmlrpc/base.py") {
        case .success(let directory): return directory.path
        case .failure(let reason):
            print("SKIPPED (python-wordpress-xmlrpc): \(reason)")
            try Test.cancel("skipped: \(reason)")
        }
    }
}
