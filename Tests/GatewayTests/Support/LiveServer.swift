import Foundation
import Testing

/// A real `dualgate serve` on a fresh temp directory and SQLite file, on `--port 0`.
final class LiveServer: @unchecked Sendable {   // immutable after start; `stop` is idempotent
    let directory: URL
    let databasePath: String
    let port: UInt16
    /// The first application password `serve` printed for `admin` (chunked form).
    let bootstrapPassword: String?
    private let process: Process

    /// "https" when `serve` was started with `--tls-cert` (read from its `listening on` line).
    let scheme: String

    var baseURL: String { "\(scheme)://127.0.0.1:\(port)" }

    /// `extraArguments` go after `serve --port 0 --db PATH`; `environment` (when given) is added to
    /// this process's own for `serve`. A `directory` made beforehand may already hold the store
    /// (`dualgate.sqlite`, e.g. filled through `CLIResult.run` before the server starts).
    /// `database`: another `--db` (a `postgres://` URL: several servers on one store).
    static func start(_ extraArguments: [String] = [], directory: URL? = nil, environment: [String: String]? = nil,
                      database: String? = nil) throws -> LiveServer {
        let directory = try directory ?? TempDirectory.make()
        let databasePath = database ?? directory.appendingPathComponent("dualgate.sqlite").path
        let process = Process()
        process.executableURL = DualgateBinary.url
        process.arguments = ["serve", "--port", "0", "--db", databasePath] + extraArguments
        if let environment { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: TempDirectory.touch(directory.appendingPathComponent("serve.stderr")))
        try process.run()
        var text = ""
        var port: UInt16?
        var scheme = "http"
        while port == nil {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty {
                process.waitUntilExit()
                let errors = (try? String(contentsOf: directory.appendingPathComponent("serve.stderr"), encoding: .utf8)) ?? ""
                throw HarnessError("serve exited (\(process.terminationStatus)) before listening; stdout: \(text) stderr: \(errors)")
            }
            text += String(decoding: chunk, as: UTF8.self)
            if let range = text.range(of: #"listening on https?://[^ \n]*:(\d+)"#, options: .regularExpression) {
                let line = String(text[range])
                if line.contains("https://") { scheme = "https" }
                port = UInt16(line.split(separator: ":").last ?? "")
            }
        }
        let password = text.split(separator: "\n").first { $0.contains("password: ") }.map { String($0.split(separator: ":", maxSplits: 1)[1].dropFirst()) }
        return LiveServer(directory: directory, databasePath: databasePath, port: port!, scheme: scheme, bootstrapPassword: password,
                          process: process, stdoutSoFar: text)
    }

    let stdoutAtStart: String

    private init(directory: URL, databasePath: String, port: UInt16, scheme: String, bootstrapPassword: String?, process: Process,
                 stdoutSoFar: String) {
        self.directory = directory
        self.databasePath = databasePath
        self.port = port
        self.scheme = scheme
        self.bootstrapPassword = bootstrapPassword
        self.process = process
        self.stdoutAtStart = stdoutSoFar
    }

    /// Runs `dualgate ARGS --db <this server's db>`.
    func cli(_ arguments: String...) throws -> CLIResult {
        try CLIResult.run(arguments + ["--db", databasePath])
    }

    /// Runs `dualgate ARGS --db <this server's db>` with `input` on its standard input
    /// (`--password-stdin`).
    func cli(_ arguments: [String], input: String) throws -> CLIResult {
        try CLIResult.run(executable: DualgateBinary.url, arguments + ["--db", databasePath], input: Data(input.utf8))
    }

    /// The process id of `serve` (a test that must prove it was not restarted compares it).
    var processIdentifier: Int32 { process.processIdentifier }

    /// Runs a CLI command that must succeed and print one JSON object.
    func cliJSON(_ arguments: String...) throws -> [String: Any] {
        let result = try CLIResult.run(arguments + ["--db", databasePath])
        guard result.status == 0 else { throw HarnessError("dualgate \(arguments) failed (\(result.status)): \(result.stderr)") }
        guard let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] else {
            throw HarnessError("not a JSON object: \(result.stdout)")
        }
        return object
    }

    /// Creates a password through the CLI and returns (uuid, chunked password).
    /// `app-password list LOGIN --json`: the items as the REST API shows them.
    func cliList(login: String = "admin") throws -> [[String: Any]] {
        let result = try CLIResult.run(["app-password", "list", login, "--json", "--db", databasePath])
        guard result.status == 0, let items = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] else {
            throw HarnessError("app-password list failed (\(result.status)): \(result.stdout) \(result.stderr)")
        }
        return items
    }

    func createPassword(login: String = "admin", name: String, _ flags: String...) throws -> (uuid: String, password: String) {
        let result = try CLIResult.run(["app-password", "create", login, "--name", name, "--json"] + flags + ["--db", databasePath])
        guard result.status == 0,
              let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
              let uuid = object["uuid"] as? String, let password = object["password"] as? String else {
            throw HarnessError("app-password create failed (\(result.status)): \(result.stdout) \(result.stderr)")
        }
        return (uuid, password)
    }

    /// SIGTERM, then waits for a clean exit; returns the exit status.
    @discardableResult
    func stop() -> Int32 {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        return process.terminationStatus
    }

    var isRunning: Bool { process.isRunning }

    deinit {
        if process.isRunning { process.terminate(); process.waitUntilExit() }
        if ProcessInfo.processInfo.environment["DUALGATE_KEEP_TEST_DIRS"] == nil { try? FileManager.default.removeItem(at: directory) }
    }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The `dualgate` executable built next to the test bundle.
enum DualgateBinary {
    static let url: URL = {
        let runner = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var directory = URL(fileURLWithPath: runner).deletingLastPathComponent()
        // On Linux the runner is `<build>/debug/dualgatePackageTests.xctest`; look beside it and one level up.
        for _ in 0..<3 {
            let candidate = directory.appendingPathComponent("dualgate")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: runner).deletingLastPathComponent().appendingPathComponent("dualgate")
    }()
}

enum TempDirectory {
    static func make() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dualgate-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func touch(_ url: URL) throws -> URL {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        return url
    }
}
