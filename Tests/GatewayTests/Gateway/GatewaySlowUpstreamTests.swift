import Foundation
import Testing

/// Issue 13 item 6, last words: "a deliberately slow upstream while other clients are served on
/// time", and the `--upstream-timeout` answer. The upstream is `Tests/WordPressSite/slow-upstream.py`
/// (answers `/…slow…` after 30 s, anything else at once); no WordPress needed. Requests without
/// credentials are forwarded anonymously.
@Suite(.enabled(if: Tool.python3 != nil && Tool.curl != nil, "needs python3 and curl on PATH"), .timeLimit(.minutes(3)))
struct GatewaySlowUpstreamTests {
    @Test("slow upstream: each slow request gets 504 upstream_timeout after --upstream-timeout 2 while 20 concurrent fast requests are answered long before it")
    func slowUpstreamDoesNotHoldOthersUp() throws {
        let upstream = try SlowUpstream.start()
        defer { upstream.stop() }
        let server = try LiveServer.start(["--upstream", upstream.url, "--upstream-timeout", "2", "--upstream-connections", "64", "--threads", "2"])
        defer { server.stop() }

        // First, that the fast path is really forwarded (and works) before timing anything.
        let warm = try TimedCurl.get(server.baseURL + "/wp-json/fast?warm=1")
        #expect(warm.status == 200 && warm.body.contains("\"/wp-json/fast\""), "\(warm)")

        // Four slow requests in flight (more than the two event loops), then twenty fast ones at once.
        let slow = TimedCurl.inBackground((0..<4).map { server.baseURL + "/wp-json/slow/\($0)" })
        Thread.sleep(forTimeInterval: 0.3)
        let fastURLs = (0..<10).map { server.baseURL + "/healthz?n=\($0)" } + (0..<10).map { server.baseURL + "/wp-json/fast?n=\($0)" }
        let fast = TimedCurl.inBackground(fastURLs).wait()
        let slowAnswers = slow.wait()

        // Held behind the slow ones, a fast request would take at least the 2 s timeout less the 0.3 s head
        // start. 1.5 s leaves room for 20 curl processes starting at once on a loaded 2-core CI box (one
        // took 1.03 s there while the whole suite ran); unloaded they take a few milliseconds.
        for (url, answer) in zip(fastURLs, fast) {
            #expect(answer.status == 200, "\(url): \(answer)")
            #expect(answer.seconds < 1.5, "\(url) took \(answer.seconds) s while the slow requests were waiting")
        }
        let forwardedFast = fast.suffix(10)
        #expect(forwardedFast.allSatisfy { $0.body.contains("\"/wp-json/fast\"") }, "the fast path came from the upstream")
        print("slow upstream: fast requests took at most \(String(format: "%.3f", fast.map(\.seconds).max() ?? -1)) s")

        for answer in slowAnswers {
            #expect(answer.status == 504, "\(answer)")
            #expect(answer.json["code"]?.string == "upstream_timeout", "\(answer)")
            #expect(answer.seconds >= 1.8 && answer.seconds < 10, "answered after \(answer.seconds) s with --upstream-timeout 2")
        }
        // The slow requests were in flight at the upstream meanwhile; the fast ones all got there.
        #expect(try upstream.count() >= 4 + 10 + 1)

        // And afterwards the gateway is not stuck: a fast request is still answered at once.
        let after = try TimedCurl.get(server.baseURL + "/wp-json/fast?after=1")
        #expect(after.status == 200 && after.seconds < 1.5, "\(after)")
    }
}

/// `slow-upstream.py` as a child process (its output goes to a file; its watchdog ends it with us).
final class SlowUpstream: @unchecked Sendable {   // immutable after start
    let url: String
    private let process: Process
    private let directory: URL

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("WordPressSite/slow-upstream.py").path

    static func start() throws -> SlowUpstream {
        guard let python3 = Tool.python3 else { throw HarnessError("python3 not found") }
        let directory = try TempDirectory.make()
        let output = try TempDirectory.touch(directory.appendingPathComponent("slow-upstream.out"))
        let process = Process()
        process.executableURL = python3
        process.arguments = [script, "--parent-pid", String(getpid())]
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: TempDirectory.touch(directory.appendingPathComponent("slow-upstream.err")))
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if let text = try? String(contentsOf: output, encoding: .utf8), let line = text.split(separator: "\n").first,
               let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], let url = object["url"] as? String {
                return SlowUpstream(url: url, process: process, directory: directory)
            }
            if !process.isRunning { break }
            Thread.sleep(forTimeInterval: 0.02)
        }
        process.terminate()
        throw HarnessError("slow-upstream.py did not start: \((try? String(contentsOf: directory.appendingPathComponent("slow-upstream.err"), encoding: .utf8)) ?? "")")
    }

    private init(url: String, process: Process, directory: URL) {
        self.url = url
        self.process = process
        self.directory = directory
    }

    /// Requests the upstream received so far.
    func count() throws -> Int {
        let answer = try TimedCurl.get(url + "/count")
        guard let count = answer.json["count"]?.int else { throw HarnessError("slow upstream /count: \(answer)") }
        return count
    }

    /// SIGKILL: nothing to flush, and a child of Foundation's Process may have SIGTERM blocked.
    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        try? FileManager.default.removeItem(at: directory)
    }
}

/// GET with curl, timed by curl itself (`%{time_total}`: from before connecting to the last byte;
/// the cost of starting a process is not in it).
enum TimedCurl {
    struct Answer: Sendable, CustomStringConvertible {
        let status: Int
        let seconds: Double
        let body: String
        var json: WireJSON { (try? WireJSON.parse(Array(body.utf8))) ?? .null }
        var description: String { "\(status) after \(String(format: "%.3f", seconds)) s: \(body.prefix(300))" }
    }

    static func get(_ url: String) throws -> Answer {
        let directory = try TempDirectory.make()
        defer { try? FileManager.default.removeItem(at: directory) }
        let body = directory.appendingPathComponent("body")
        let run = try Tool.curl(["--output", body.path, "--write-out", "%{http_code} %{time_total}", url])
        let words = run.stdout.split(separator: " ")
        guard words.count == 2, let status = Int(words[0]), let seconds = Double(words[1]) else {
            return Answer(status: 0, seconds: .infinity, body: "curl: \(run.stdout) \(run.stderr)")
        }
        return Answer(status: status, seconds: seconds, body: (try? String(contentsOf: body, encoding: .utf8)) ?? "")
    }

    /// Starts one thread per URL at once; `wait()` gives the answers in the URLs' order.
    static func inBackground(_ urls: [String]) -> Pending {
        let pending = Pending(count: urls.count)
        for (index, url) in urls.enumerated() {
            pending.group.enter()
            let thread = Thread {
                defer { pending.group.leave() }
                let answer = (try? get(url)) ?? Answer(status: 0, seconds: .infinity, body: "harness error")
                pending.set(index, answer)
            }
            thread.stackSize = 256 * 1024
            thread.start()
        }
        return pending
    }

    final class Pending: @unchecked Sendable {   // `answers` only under `lock`
        let group = DispatchGroup()
        private let lock = NSLock()
        private var answers: [Answer]

        init(count: Int) { answers = Array(repeating: Answer(status: -1, seconds: .infinity, body: ""), count: count) }

        func set(_ index: Int, _ answer: Answer) { lock.withLock { answers[index] = answer } }

        func wait() -> [Answer] {
            group.wait()
            return lock.withLock { answers }
        }
    }
}
