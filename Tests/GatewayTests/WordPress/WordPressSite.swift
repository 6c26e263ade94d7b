import Foundation
import Testing

/// A real WordPress (Debian's packages) started once per test process by
/// `Tests/WordPressSite/wordpress-site.py`, for comparison tests. Its watchdog stops it when this
/// process ends, so no test has to. Without the packages the comparison tests are skipped with
/// a message, except under `CI=true`, where they run and fail (CI installs the packages).
final class WordPressSite: Sendable {
    struct User: Sendable {
        let login: String
        let role: String
        /// A WordPress application password (WordPress's own: valid for REST and XML-RPC there).
        let password: String
        /// WordPress's user id (0 when the harness did not say).
        var id: Int = 0
        /// The uuid of `password` in WordPress.
        var uuid: String = ""
    }

    let url: String
    let port: UInt16
    let version: String
    let users: [User]
    let startupSeconds: Double
    /// The site's temp directory (`wordpress-site.py stop|pause|resume DIR`).
    let directory: String
    /// `received.jsonl`: one line per request WordPress received (Tests/WordPressSite/record-requests.php).
    let receivedPath: String
    /// A WP-CLI-shaped export of the users without passwords, for `dualgate import wordpress`.
    let exportUsersPath: String

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("WordPressSite/wordpress-site.py").path

    /// The Debian packages the site needs that are not installed (`wordpress-site.py missing`).
    static let missingPackages: String = {
        guard let run = try? harness(["missing"]), run.status == 0 else {
            return "python3 (or the harness) not usable"
        }
        return run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }()

    private static func harness(_ arguments: [String]) throws -> CLIResult {
        guard let python3 = Tool.python3 else { throw HarnessError("python3 not found") }
        return try CLIResult.run(executable: python3, [script] + arguments)
    }

    /// Run the comparisons when WordPress is there, and always under CI (where absence is a failure).
    static var shouldRun: Bool { missingPackages.isEmpty || ProcessInfo.processInfo.environment["CI"] == "true" }

    static let skipMessage: Comment = """
        needs a real WordPress: apt-get install wordpress php-cli php-mysql php-xml mariadb-server \
        (see Tests/WordPressSite/README.md); CI=true makes this a failure
        """

    /// The one site of this process, started on first use.
    static func shared() throws -> WordPressSite {
        try started.get()
    }

    private static let started: Result<WordPressSite, HarnessError> = launch()

    /// A site of its own (not the shared one), for tests that stop its web server or count what it
    /// received. Its watchdog stops it when this process ends; `stop()` does it sooner.
    static func startOwn() throws -> WordPressSite {
        try launch().get()
    }

    private static func launch() -> Result<WordPressSite, HarnessError> {
        if !missingPackages.isEmpty { return .failure(HarnessError("missing Debian packages: \(missingPackages)")) }
        do {
            let run = try harness(["start", "--parent-pid", String(getpid())])
            guard run.status == 0, let line = run.stdout.split(separator: "\n").last,
                  let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let url = object["url"] as? String, let port = url.split(separator: ":").last.flatMap({ UInt16($0) }),
                  let users = object["users"] as? [[String: Any]] else {
                return .failure(HarnessError("wordpress-site.py start failed (\(run.status)): \(run.stdout) \(run.stderr)"))
            }
            let directory = object["dir"] as? String ?? ""
            return .success(WordPressSite(
                url: url, port: port, version: object["version"] as? String ?? "?",
                users: users.compactMap { user in
                    guard let login = user["login"] as? String, let role = user["role"] as? String,
                          let password = user["password"] as? String else { return nil }
                    return User(login: login, role: role, password: password,
                                id: (user["id"] as? NSNumber)?.intValue ?? 0, uuid: user["uuid"] as? String ?? "")
                },
                startupSeconds: object["startup_seconds"] as? Double ?? 0,
                directory: directory,
                receivedPath: object["received"] as? String ?? directory + "/received.jsonl",
                exportUsersPath: object["export_users"] as? String ?? directory + "/export-users.json"))
        } catch {
            return .failure(HarnessError("wordpress-site.py start: \(error)"))
        }
    }

    private init(url: String, port: UInt16, version: String, users: [User], startupSeconds: Double,
                 directory: String, receivedPath: String, exportUsersPath: String) {
        self.url = url
        self.port = port
        self.version = version
        self.users = users
        self.startupSeconds = startupSeconds
        self.directory = directory
        self.receivedPath = receivedPath
        self.exportUsersPath = exportUsersPath
    }

    /// Stops PHP's web server only (MariaDB keeps running); returns once the port refuses connections.
    func pause() throws { try control("pause") }

    /// Starts the web server again on the same port; returns once WordPress answers.
    func resume() throws { try control("resume") }

    /// Stops the site and removes its directory (the shared site is left to its watchdog).
    func stop() throws { try control("stop") }

    private func control(_ command: String) throws {
        let run = try Self.harness([command, directory])
        guard run.status == 0 else { throw HarnessError("wordpress-site.py \(command) failed (\(run.status)): \(run.stderr)") }
    }

    func user(role: String) throws -> User {
        guard let user = users.first(where: { $0.role == role }) else { throw HarnessError("the site has no \(role)") }
        return user
    }
}
