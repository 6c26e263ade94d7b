import Foundation
import Glibc

/// `dualgate serve` on a directory that outlives it: started, killed (SIGKILL) and started again
/// on the same SQLite file. Its stdout and stderr are appended to `serve.stdout` / `serve.stderr`
/// in that directory across every start, so a test can read everything the server ever printed.
/// Unlike `LiveServer` it never deletes the directory (its owner does).
final class RestartableServer {
    struct Start {
        let port: UInt16
        /// From spawning the process to the answer of its first request (`GET /healthz`).
        let secondsToFirstAnswer: Double
    }

    let directory: URL
    let databasePath: String
    let arguments: [String]
    private var process: Process?
    private var stdoutSeen = 0

    var stdoutPath: String { directory.appendingPathComponent("serve.stdout").path }
    var stderrPath: String { directory.appendingPathComponent("serve.stderr").path }

    init(directory: URL, arguments: [String] = []) {
        self.directory = directory
        self.databasePath = directory.appendingPathComponent("dualgate.sqlite").path
        self.arguments = arguments
    }

    /// Everything `serve` printed on stdout in all its runs.
    var stdoutText: String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "" }

    /// Starts `serve --port 0`, waits for its `listening on` line, and times its first answered request.
    func start(timeoutSeconds: Double = 20) throws -> Start {
        precondition(process == nil, "already running")
        let process = Process()
        process.executableURL = DualgateBinary.url
        process.arguments = ["serve", "--port", "0", "--db", databasePath] + arguments
        process.standardOutput = try Self.appending(stdoutPath)
        process.standardError = try Self.appending(stderrPath)
        process.standardInput = FileHandle.nullDevice
        let began = Self.now()
        try process.run()
        self.process = process
        // Files, not pipes: poll the stdout file for this run's `listening on` line.
        var port: UInt16?
        while port == nil {
            let text = stdoutText
            let fresh = text.utf8.count > stdoutSeen ? String(decoding: Array(text.utf8)[stdoutSeen...], as: UTF8.self) : ""
            if let range = fresh.range(of: #"listening on http://[^ \n]*:(\d+)\n"#, options: .regularExpression) {
                port = UInt16(fresh[range].dropLast().split(separator: ":").last ?? "")
                stdoutSeen = text.utf8.count
                break
            }
            if !process.isRunning {
                self.process = nil
                throw HarnessError("serve exited (\(process.terminationStatus)) before listening: \(fresh)")
            }
            if Self.now() - began > timeoutSeconds { throw HarnessError("serve did not listen within \(timeoutSeconds) s") }
            usleep(500)
        }
        let answer = try RawHTTP.request("GET", "/healthz", port: port!)
        guard answer.status == 200 else { throw HarnessError("first /healthz answered \(answer.status)") }
        return Start(port: port!, secondsToFirstAnswer: Self.now() - began)
    }

    /// SIGKILL: no handler runs, nothing is flushed; what is on disk is what a crash leaves.
    func kill() {
        guard let process else { return }
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        self.process = nil
    }

    /// SIGTERM and a clean exit; returns the exit status.
    @discardableResult
    func stop() -> Int32 {
        guard let process else { return -1 }
        process.terminate()
        process.waitUntilExit()
        self.process = nil
        return process.terminationStatus
    }

    var processIdentifier: Int32? { process?.processIdentifier }

    deinit { kill() }

    private static func appending(_ path: String) throws -> FileHandle {
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw HarnessError("cannot open \(path): errno \(errno)") }
        return FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    }

    static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}
