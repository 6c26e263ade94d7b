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
        let password: String
    }

    let url: String
    let port: UInt16
    let version: String
    let users: [User]
    let startupSeconds: Double

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

    private static let started: Result<WordPressSite, HarnessError> = {
        if !missingPackages.isEmpty { return .failure(HarnessError("missing Debian packages: \(missingPackages)")) }
        do {
            let run = try harness(["start", "--parent-pid", String(getpid())])
            guard run.status == 0, let line = run.stdout.split(separator: "\n").last,
                  let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let url = object["url"] as? String, let port = url.split(separator: ":").last.flatMap({ UInt16($0) }),
                  let users = object["users"] as? [[String: Any]] else {
                return .failure(HarnessError("wordpress-site.py start failed (\(run.status)): \(run.stdout) \(run.stderr)"))
            }
            return .success(WordPressSite(
                url: url, port: port, version: object["version"] as? String ?? "?",
                users: users.compactMap { user in
                    guard let login = user["login"] as? String, let role = user["role"] as? String,
                          let password = user["password"] as? String else { return nil }
                    return User(login: login, role: role, password: password)
                },
                startupSeconds: object["startup_seconds"] as? Double ?? 0))
        } catch {
            return .failure(HarnessError("wordpress-site.py start: \(error)"))
        }
    }()

    private init(url: String, port: UInt16, version: String, users: [User], startupSeconds: Double) {
        self.url = url
        self.port = port
        self.version = version
        self.users = users
        self.startupSeconds = startupSeconds
    }

    func user(role: String) throws -> User {
        guard let user = users.first(where: { $0.role == role }) else { throw HarnessError("the site has no \(role)") }
        return user
    }
}
