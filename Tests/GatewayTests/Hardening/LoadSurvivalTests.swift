import Foundation
import Testing

/// The short form of `hardening/load_test.py`: the real binary under a crowd of keep-alive, slowloris and
/// silent clients while authenticated REST and XML-RPC requests must all succeed; then under `ulimit -n 64`
/// at `--max-connections` and at real EMFILE, where existing clients must keep being served, the server must
/// not spin, and new clients must be served again once descriptors are free. No latency target is checked
/// here (timing targets go in benchmarks); the long run's figures are in `hardening/load.md`.
@Suite("Load and descriptor exhaustion (short)", .timeLimit(.minutes(2)))
struct LoadSurvivalTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("hardening/load_test.py")

    @Test func serverSurvivesSlowClientsAndDescriptorExhaustion() throws {
        guard let python3 = Tool.python3 else {
            print("SKIPPED LoadSurvivalTests: python3 not found")
            try Test.cancel("skipped: python3 not found")
        }
        let run = try CLIResult.run(executable: python3, [Self.script.path, "--short", "--check", "--binary", DualgateBinary.url.path])
        #expect(run.status == 0, "\(run.stdout.suffix(4000))\n\(run.stderr.suffix(2000))")
        #expect(run.stdout.contains("RESULT: PASS"))
        // All three phases ran and passed (load, at --max-connections, EMFILE).
        #expect(run.stdout.components(separatedBy: "\"pass\": true").count == 4)
    }

    @Test func connectionsBeyondMaxConnectionsAreClosedAtOnceAndTheHeldOnesKeepWorking() throws {
        let server = try LiveServer.start(["--max-connections", "3", "--threads", "2"])
        defer { server.stop() }
        var held = try (0..<3).map { _ in try RawClient(port: server.port, receiveTimeoutSeconds: 5) }
        for client in held {
            try client.send("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().status == 200)
        }
        let started = Date()
        let extra = try RawClient(port: server.port, receiveTimeoutSeconds: 5)
        #expect(extra.waitForClose())
        #expect(extra.unread.isEmpty)
        #expect(Date().timeIntervalSince(started) < 4, "closed at once, not by the 10 s head deadline")
        for client in held {   // the three held connections are still served
            try client.send("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().status == 200)
        }
        held.removeLast()   // frees a slot (the client's deinit closes its socket)
        var served = false
        for _ in 0..<50 where !served {   // the server sees the close on its next loop turn
            let next = try RawClient(port: server.port, receiveTimeoutSeconds: 5)
            try? next.send("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
            served = (try? next.readResponse().status) == 200
            if !served { usleep(100_000) }
        }
        #expect(served)
        #expect(held.count == 2)
    }
}
