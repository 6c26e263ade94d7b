import Foundation
import PostgresFixture

/// `dualgate serve` instances on one PostgreSQL database, each with its own temp directory for the
/// audit trail (a `postgres://` store has no directory to put it beside).
struct PostgresServe {
    let url: String
    let directory: URL

    init(url: String) throws {
        self.url = url
        directory = try TempDirectory.make()
    }

    var environment: [String: String] {
        ProcessInfo.processInfo.environment.merging(["DUALGATE_AUDIT_LOG": directory.appendingPathComponent("cli-audit.jsonl").path]) { $1 }
    }

    /// A `serve` on the database; `name` keeps the instances' trails apart.
    func start(_ name: String, _ extraArguments: [String] = []) throws -> LiveServer {
        let own = directory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: own, withIntermediateDirectories: true)
        return try LiveServer.start(["--audit-log", own.appendingPathComponent("audit.jsonl").path] + extraArguments, directory: own, database: url)
    }

    /// `dualgate ARGS --db URL`, with the CLI's audit trail in the temp directory.
    func cli(_ arguments: String...) throws -> CLIResult {
        try CLIResult.run(arguments + ["--db", url], environment: environment)
    }

    /// A new password of `login` for both APIs: (uuid, password).
    func createPassword(_ login: String = "admin", name: String) throws -> (uuid: String, password: String) {
        let result = try CLIResult.run(["app-password", "create", login, "--name", name, "--json", "--db", url], environment: environment)
        guard result.status == 0,
              let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
              let uuid = object["uuid"] as? String, let password = object["password"] as? String else {
            throw HarnessError("app-password create failed (\(result.status)): \(result.stdout) \(result.stderr)")
        }
        return (uuid, password)
    }
}

extension LiveServer {
    /// `wp.getUsersBlogs` as raw XML-RPC.
    func getUsersBlogs(_ login: String, _ password: String) throws -> RawClient.Response {
        let parameters = [login, password].map { "<param><value><string>\($0)</string></value></param>" }.joined()
        return try XMLRPCWire.post(port, XMLRPCWire.call("wp.getUsersBlogs", params: parameters))
    }
}
