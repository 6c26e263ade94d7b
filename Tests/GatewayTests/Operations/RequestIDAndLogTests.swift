import Foundation
import Testing

/// Issue 17 items 2–4 one by one: request ids (made, refused from an untrusted peer, forwarded, audited),
/// the access log's SIGHUP reopen, `--version`, the startup summary, metrics only on their own listener.
@Suite(.timeLimit(.minutes(3)))
struct RequestIDAndLogTests {
    @Test func idsAreMadePerRequestAndAClientsOwnIsIgnoredFromAnUntrustedPeer() throws {
        let directory = try TempDirectory.make()
        let upstream = try FixtureUpstream.start(in: directory)
        defer { upstream.stop() }
        let server = try LiveServer.start(["--upstream", upstream.url], directory: directory)
        let first = try RawHTTP.request("GET", "/healthz", port: server.port)
        let second = try RawHTTP.request("GET", "/healthz", port: server.port)
        let ids = [first.header("X-Request-Id"), second.header("X-Request-Id")].compactMap { $0 }
        #expect(ids.count == 2 && ids[0] != ids[1])
        #expect(ids.allSatisfy { $0.range(of: #"^[0-9a-f]{8}-[0-9a-f]+$"#, options: .regularExpression) != nil }, "\(ids)")
        // No --trusted-proxy: the client's id is not believed, neither on the answer nor upstream.
        let forwarded = try RawHTTP.request("GET", "/some/page", port: server.port, headers: [("X-Request-Id", "spoofed-id")])
        #expect(forwarded.status == 200)
        let answered = try #require(forwarded.header("X-Request-Id"))
        #expect(answered != "spoofed-id")
        let received = try #require(upstream.received().last)
        #expect(received.headers.filter { $0.0.lowercased() == "x-request-id" }.map(\.1) == [answered], "exactly dualgate's id goes upstream")
        // A refusal answered here carries an id, and its audit event the same one.
        let refused = try RawHTTP.request("GET", "/wp-json/wp/v2/users/me/application-passwords", port: server.port,
                                          basic: ("admin", "abcd efgh ijkl mnop qrst uvwx"), headers: [("X-Request-Id", "spoofed-id")])
        #expect(refused.status == 401)
        let refusedID = try #require(refused.header("X-Request-Id"))
        #expect(refusedID != "spoofed-id")
        // The audit trail has a writer thread of its own.
        let auditPath = directory.appendingPathComponent("dualgate.audit.jsonl").path
        let deadline = Date().addingTimeInterval(10)
        var audit = ""
        while !audit.contains("auth_failed") && Date() < deadline {
            audit = (try? String(contentsOfFile: auditPath, encoding: .utf8)) ?? ""
            usleep(20_000)
        }
        let event = try #require(audit.split(separator: "\n").last { $0.contains("auth_failed") })
        #expect(event.contains(#""request_id":"\#(refusedID)""#), "\(event)")
        #expect(!audit.contains("spoofed-id"))
    }

    @Test func aTrustedProxysIdIsKeptAndAHostileOneIsNot() throws {
        let server = try LiveServer.start(["--trusted-proxy", "127.0.0.1/32"])
        let kept = try RawHTTP.request("GET", "/healthz", port: server.port, headers: [("X-Request-Id", "lb-7f3a:0001")])
        #expect(kept.header("X-Request-Id") == "lb-7f3a:0001")
        // Spaces, quotes or an endless value could break a log line or a header: replaced, even from the proxy.
        let hostile = try RawHTTP.request("GET", "/healthz", port: server.port, headers: [("X-Request-Id", "a\"b c")])
        #expect(hostile.header("X-Request-Id") != nil && hostile.header("X-Request-Id") != "a\"b c")
    }

    @Test func sighupReopensTheAccessLog() throws {
        let directory = try TempDirectory.make()
        let path = directory.appendingPathComponent("access.jsonl").path
        let server = try LiveServer.start(["--access-log", path], directory: directory)
        _ = try RawHTTP.request("GET", "/healthz?before=1", port: server.port)
        #expect(try OperationsHarness.lines(path, atLeast: 1).count == 1)
        let rotated = path + ".1"
        try FileManager.default.moveItem(atPath: path, toPath: rotated)
        #expect(kill(server.processIdentifier, SIGHUP) == 0)
        // The writer notices within its poll interval; until then lines still go to the renamed file.
        let deadline = Date().addingTimeInterval(10)
        while !FileManager.default.fileExists(atPath: path) && Date() < deadline { usleep(10_000) }
        #expect(server.isRunning, "SIGHUP must not stop serve")
        _ = try RawHTTP.request("GET", "/healthz?after=1", port: server.port)
        let fresh = try OperationsHarness.lines(path, atLeast: 1)
        #expect(fresh.count == 1 && fresh.first?["path"] as? String == "/healthz?after=1")
        let old = try OperationsHarness.lines(rotated, atLeast: 1)
        #expect(old.count == 1 && old.first?["path"] as? String == "/healthz?before=1")
        #expect(server.stop() == 0)
    }

    @Test func accessLogToStandardOutput() throws {
        // Its own child writing to a file: LiveServer reads stdout through a pipe only up to `listening on`.
        let directory = try TempDirectory.make()
        let output = directory.appendingPathComponent("serve.stdout")
        let process = Process()
        process.executableURL = DualgateBinary.url
        process.arguments = ["serve", "--port", "0", "--db", directory.appendingPathComponent("dualgate.sqlite").path, "--access-log", "-"]
        process.standardOutput = try FileHandle(forWritingTo: TempDirectory.touch(output))
        process.standardError = try FileHandle(forWritingTo: TempDirectory.touch(directory.appendingPathComponent("serve.stderr")))
        try process.run()
        defer { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        func stdout() -> String { (try? String(contentsOf: output, encoding: .utf8)) ?? "" }
        let deadline = Date().addingTimeInterval(20)
        var port: UInt16?
        while port == nil && Date() < deadline {
            if let range = stdout().range(of: #"listening on http://127\.0\.0\.1:\d+"#, options: .regularExpression) {
                port = UInt16(stdout()[range].split(separator: ":").last!)
            }
            usleep(20_000)
        }
        let answer = try RawHTTP.request("GET", "/healthz", port: try #require(port))
        let id = try #require(answer.header("X-Request-Id"))
        while !stdout().contains(id) && Date() < deadline { usleep(20_000) }
        #expect(stdout().contains(#""request_id":"\#(id)""#))
    }

    @Test func versionAndStartupSummary() throws {
        let version = try CLIResult.run(["--version"])
        #expect(version.status == 0 && version.stdout == "dualgate 0.17.0\n")
        let directory = try TempDirectory.make()
        let server = try LiveServer.start(["--metrics", "127.0.0.1:0", "--trusted-proxy", "10.0.0.0/8", "--max-body", "1000"],
                                          directory: directory)
        let metricsPort = try OperationsHarness.metricsPort(server)
        let stderr = try String(contentsOf: directory.appendingPathComponent("serve.stderr"), encoding: .utf8)
        #expect(stderr.contains("dualgate 0.17.0 starting:"))
        #expect(stderr.contains("listener: http://127.0.0.1:\(server.port)"))
        #expect(stderr.contains("store: \(server.databasePath)"))
        #expect(stderr.contains("upstream: none") && stderr.contains("TLS: off"))
        #expect(stderr.contains("metrics: http://127.0.0.1:\(metricsPort)/metrics"))
        #expect(stderr.contains("changed defaults: --max-body 1000 --trusted-proxy 10.0.0.0/8"), "\(stderr)")
        let password = try #require(server.bootstrapPassword)
        #expect(!stderr.contains(password) && !stderr.contains(password.replacingOccurrences(of: " ", with: "")))
        // Metrics are not served on the main port, and the metrics port serves nothing else.
        #expect(try RawHTTP.request("GET", "/metrics", port: server.port).status == 404)
        #expect(try RawHTTP.request("GET", "/healthz", port: metricsPort).status == 404)
        #expect(try OperationsHarness.scrape(metricsPort).contains("dualgate_build_info{version=\"0.17.0\"} 1"))
        #expect(server.stop() == 0)
    }
}
