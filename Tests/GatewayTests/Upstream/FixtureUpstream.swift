import Foundation

/// `fixture-upstream.py` as a child process: a real HTTP/1.1 origin on 127.0.0.1 that records every
/// request it receives, for checking what crosses the gateway.
final class FixtureUpstream: @unchecked Sendable {   // immutable after start
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("fixture-upstream.py").path

    let port: UInt16
    let recordPath: String
    private let process: Process
    let isTLS: Bool

    var url: String { "\(isTLS ? "https" : "http")://127.0.0.1:\(port)" }

    /// `port` 0 picks a free one; a fixed port brings an upstream back where a stopped one was.
    /// `tls`: serve HTTPS with this certificate and key.
    static func start(in directory: URL, port: UInt16 = 0, tls: (certificate: String, key: String)? = nil) throws -> FixtureUpstream {
        let record = directory.appendingPathComponent("upstream-received.jsonl").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, record, String(port)] + (tls.map { [$0.certificate, $0.key] } ?? [])
        let output = Pipe()
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: TempDirectory.touch(directory.appendingPathComponent("upstream.stderr")))
        try process.run()
        var text = ""
        while !text.contains("\n") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { throw HarnessError("fixture upstream exited before printing its port") }
            text += String(decoding: chunk, as: UTF8.self)
        }
        guard let line = text.split(separator: "\n").first, line.hasPrefix("port "), let bound = UInt16(line.dropFirst(5)) else {
            throw HarnessError("fixture upstream printed '\(text)'")
        }
        return FixtureUpstream(port: bound, recordPath: record, process: process, isTLS: tls != nil)
    }

    private init(port: UInt16, recordPath: String, process: Process, isTLS: Bool) {
        self.isTLS = isTLS
        self.port = port
        self.recordPath = recordPath
        self.process = process
    }

    /// Every request received so far, in order.
    func received() -> [Received] {
        guard let text = try? String(contentsOfFile: recordPath, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
            return Received(object)
        }
    }

    /// SIGKILL: nothing to clean up, and a child of a test-pool thread may have SIGTERM blocked.
    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    deinit { stop() }

    struct Received {
        let connection: Int
        let method: String
        let target: String
        let headers: [(String, String)]
        let bodyLength: Int
        let bodySHA256: String

        init(_ object: [String: Any]) {
            connection = object["connection"] as? Int ?? -1
            method = object["method"] as? String ?? ""
            target = object["target"] as? String ?? ""
            headers = (object["headers"] as? [[String]] ?? []).map { ($0[0], $0[1]) }
            bodyLength = object["body_length"] as? Int ?? -1
            bodySHA256 = object["body_sha256"] as? String ?? ""
        }

        func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
        func has(_ name: String) -> Bool { header(name) != nil }
    }
}
