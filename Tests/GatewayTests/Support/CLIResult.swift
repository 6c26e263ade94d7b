import Foundation

/// One run of the real `dualgate` binary (or another tool) to completion.
struct CLIResult {
    let status: Int32
    let stdout: String
    let stderr: String

    static func run(_ arguments: [String], environment: [String: String]? = nil) throws -> CLIResult {
        try run(executable: DualgateBinary.url, arguments, environment: environment)
    }

    static func run(executable: URL, _ arguments: [String], environment: [String: String]? = nil, input: Data? = nil) throws -> CLIResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        let directory = try TempDirectory.make()
        defer { try? FileManager.default.removeItem(at: directory) }
        // Files, not pipes: a chatty child can never block on a full pipe while we wait for it.
        let outURL = try TempDirectory.touch(directory.appendingPathComponent("out"))
        let errURL = try TempDirectory.touch(directory.appendingPathComponent("err"))
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        if let input {
            let pipe = Pipe()
            process.standardInput = pipe
            try process.run()
            pipe.fileHandleForWriting.write(input)
            try pipe.fileHandleForWriting.close()
        } else {
            process.standardInput = FileHandle.nullDevice
            try process.run()
        }
        process.waitUntilExit()
        return CLIResult(status: process.terminationStatus,
                         stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
                         stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
    }
}

/// Real third-party clients, found on PATH.
enum Tool {
    static func path(_ name: String) -> URL? {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    static let python3 = path("python3")
    static let curl = path("curl")

    /// Runs a Python script with arguments (`sys.argv[1:]`).
    static func python(_ script: String, _ arguments: [String]) throws -> CLIResult {
        guard let python3 else { throw HarnessError("python3 not found") }
        return try CLIResult.run(executable: python3, ["-c", script] + arguments)
    }

    static func curl(_ arguments: [String]) throws -> CLIResult {
        guard let curl else { throw HarnessError("curl not found") }
        return try CLIResult.run(executable: curl, ["--silent", "--show-error", "--max-time", "20"] + arguments)
    }
}
