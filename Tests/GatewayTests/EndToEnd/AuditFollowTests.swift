import Foundation
import Testing

/// Issue 3 item 4: `dualgate audit tail --follow` keeps printing events as another process (the
/// running server, the CLI) appends them, readably and without any password. Untested before the
/// coverage audit.
@Suite(.timeLimit(.minutes(3)))
struct AuditFollowTests {
    @Test func followPrintsEventsAppendedByOtherProcesses() async throws {
        let server = try LiveServer.start()
        defer { server.stop() }
        let output = try TempDirectory.touch(server.directory.appendingPathComponent("follow.out"))
        let follower = Process()
        follower.executableURL = DualgateBinary.url
        follower.arguments = ["audit", "tail", "-n", "1", "--follow", "--db", server.databasePath]
        follower.standardOutput = try FileHandle(forWritingTo: output)
        follower.standardError = follower.standardOutput
        try follower.run()
        // SIGKILL only if the SIGTERM below was never reached (a failed #require): this cleanup must not hang.
        defer { if follower.isRunning { kill(follower.processIdentifier, SIGKILL); follower.waitUntilExit() } }

        /// Polls the follower's output (bounded: 10 s) until `predicate` holds; returns the last text read.
        /// Sleeps with `Task.sleep` so that the wait does not hold one of the test runner's threads.
        func waitFor(_ predicate: (String) -> Bool) async throws -> String {
            let deadline = Date().addingTimeInterval(10)
            while true {
                // Read after every sleep, the last one included: a busy runner may resume us late.
                let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
                if predicate(text) || Date() >= deadline { return text }
                try await Task.sleep(nanoseconds: 50_000_000)
            }
        }

        // Ready once it has printed the last event written before it started (`-n 1`: the bootstrap
        // password's creation); only then can an event appended later be expected from --follow.
        let ready = try await waitFor { $0.contains("bootstrap") }
        #expect(ready.split(separator: "\n").count == 1, "-n 1 prints one event: \(ready)")
        let created = try server.createPassword(name: "followed by the tail")                  // another process: the CLI
        var text = try await waitFor { $0.contains(created.uuid) }
        #expect(text.contains("create") && text.contains(#"name="followed by the tail""#), "\(text)")
        #expect(try RawHTTP.request("GET", "/wp-json/wp/v2/users/me", port: server.port, basic: ("admin", "wrong guess")).status == 401)
        text = try await waitFor { $0.contains("auth_failed") }                                            // the server's own writer
        #expect(text.contains("auth_failed") && text.contains("incorrect_password") && text.contains("127.0.0.1"), "\(text)")
        #expect(follower.isRunning, "--follow must keep running until stopped")
        let passwords = [created.password, created.password.replacingOccurrences(of: " ", with: "")]
        #expect(!passwords.contains { text.contains($0) }, "no password may reach the trail")
        // SIGTERM stops it even though `Process` spawned it with the stop signals blocked (bounded wait).
        follower.terminate()
        let deadline = Date().addingTimeInterval(5)
        while follower.isRunning, Date() < deadline { try await Task.sleep(nanoseconds: 20_000_000) }
        #expect(!follower.isRunning, "audit tail --follow ignored SIGTERM")
    }
}
