import Foundation
import Synchronization

/// A throwaway PostgreSQL cluster for tests (issue 15 item 6): `initdb` as the `postgres` user in
/// a temp directory chowned to it, the server started by PID on a free port with `setpriv` (which
/// execs, so the PID is the postmaster's), stopped by PID. The recipe is measured in
/// ../shared/reference/environment-facts.md §1. `shared()` is one cluster per test process (each
/// test takes a database of its own); an outage test starts its own and stops it at will.
public final class PostgresCluster: @unchecked Sendable {   // mutable state behind `lock`
    public let port: Int
    public let directory: String
    private let lock = NSLock()
    private var server: Process?

    /// The newest installed PostgreSQL's binaries, nil when none is installed.
    public static let binaries: String? = {
        let root = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        guard let newest = versions.compactMap({ Int($0) }).max() else { return nil }
        let directory = "\(root)/\(newest)/bin"
        return FileManager.default.isExecutableFile(atPath: directory + "/initdb") ? directory : nil
    }()

    /// Tests that need PostgreSQL run when it is installed, and always under CI (where a missing
    /// PostgreSQL must fail, not skip).
    public static var shouldRun: Bool { binaries != nil || ProcessInfo.processInfo.environment["CI"] == "true" }
    public static let skipMessage = "needs PostgreSQL (apt-get install postgresql); under CI=true it fails instead"

    private static let sharedCluster = Mutex<Result<PostgresCluster, PostgresClusterError>?>(nil)

    /// The process's cluster, started at first use and stopped when the process exits.
    public static func shared() throws -> PostgresCluster {
        try sharedCluster.withLock { cluster in
            if let cluster { return try cluster.get() }
            let started = Result { () throws(PostgresClusterError) in try PostgresCluster() }
            cluster = started
            if case .success = started { atexit { PostgresCluster.stopSharedAtExit() } }
            return try started.get()
        }
    }

    private static func stopSharedAtExit() {
        if case .success(let cluster) = sharedCluster.withLock({ $0 }) { cluster.remove() }
    }

    /// A new cluster, initialised and running.
    public init() throws(PostgresClusterError) {
        guard let binaries = Self.binaries else { throw PostgresClusterError("PostgreSQL is not installed (apt-get install postgresql)") }
        let template = "/tmp/dgpg.XXXXXX"                       // short: the socket path is capped at 107 bytes
        var bytes = Array(template.utf8CString)
        guard mkdtemp(&bytes) != nil else { throw PostgresClusterError("mkdtemp failed") }
        directory = String(decoding: bytes.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        port = Self.freePort()
        try Self.run("/bin/chown", ["postgres:", directory])
        try Self.run("/usr/sbin/runuser", ["-u", "postgres", "--", "\(binaries)/initdb", "-D", "\(directory)/data", "-A", "trust",
                                           "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8"])
        try start()
    }

    deinit { remove() }

    /// `postgres://postgres@127.0.0.1:PORT/NAME`.
    public func url(database: String) -> String { "postgres://postgres@127.0.0.1:\(port)/\(database)" }

    /// A fresh, empty database; its URL.
    public func createDatabase() throws -> String {
        let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try psql("CREATE DATABASE \(name)")
        return url(database: name)
    }

    /// Runs `sql` in the `postgres` database and returns its output (unaligned, tuples only).
    @discardableResult
    public func psql(_ sql: String, database: String = "postgres") throws -> String {
        guard let binaries = Self.binaries else { throw PostgresClusterError("PostgreSQL is not installed") }
        return try Self.run("\(binaries)/psql", ["-h", "127.0.0.1", "-p", "\(port)", "-U", "postgres", "-d", database, "-qtAc", sql])
    }

    /// Starts the server (again) on the same port and data, and waits until it accepts connections.
    public func start() throws(PostgresClusterError) {
        guard let binaries = Self.binaries else { throw PostgresClusterError("PostgreSQL is not installed") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        process.arguments = ["--reuid=postgres", "--regid=postgres", "--init-groups", "\(binaries)/postgres", "-D", "\(directory)/data",
                             "-p", "\(port)", "-k", directory, "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off",
                             "-c", "max_connections=300"]
        _ = FileManager.default.createFile(atPath: "\(directory)/server.log", contents: nil)
        let log = FileHandle(forWritingAtPath: "\(directory)/server.log")
        log?.seekToEndOfFile()
        process.standardOutput = log
        process.standardError = log
        do { try process.run() } catch { throw PostgresClusterError("cannot start postgres: \(error)") }
        lock.withLock { server = process }
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if (try? Self.run("\(binaries)/pg_isready", ["-q", "-h", "127.0.0.1", "-p", "\(port)"])) != nil { return }
            if !process.isRunning { break }
            usleep(20_000)
        }
        throw PostgresClusterError("postgres did not become ready: \((try? String(contentsOfFile: "\(directory)/server.log", encoding: .utf8)) ?? "")")
    }

    /// Stops the server by PID: SIGINT is PostgreSQL's fast shutdown (clients are disconnected),
    /// SIGQUIT its immediate one (as a crash: recovery on the next start).
    public func stop(immediately: Bool = false) {
        guard let process = lock.withLock({ () -> Process? in defer { server = nil }; return server }) else { return }
        if process.isRunning { kill(process.processIdentifier, immediately ? SIGQUIT : SIGINT) }
        process.waitUntilExit()
    }

    /// Stops the server and deletes the cluster.
    public func remove() {
        stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    // MARK: helpers

    private static func freePort() -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) throws(PostgresClusterError) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("dgpg-\(UUID().uuidString).out")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: output) }
        guard let handle = try? FileHandle(forWritingTo: output) else { throw PostgresClusterError("cannot create \(output.path)") }
        process.standardOutput = handle
        process.standardError = handle
        do { try process.run() } catch { throw PostgresClusterError("cannot run \(executable): \(error)") }
        process.waitUntilExit()
        try? handle.close()
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0 else {
            throw PostgresClusterError("\(executable) \(arguments.joined(separator: " ")) exited \(process.terminationStatus): \(text)")
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

public struct PostgresClusterError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
