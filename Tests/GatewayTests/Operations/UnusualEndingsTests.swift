import Foundation
import Testing

/// Issue 17's requests that do not end the usual way, each still counted, logged and given an id: refused
/// while framing (no handler sees them), forwarded but cut off, and lines dropped when the log's writer
/// cannot keep up. Also the names of a gzipped XML-RPC call.
@Suite(.enabled(if: Tool.python3 != nil, "needs python3 on PATH"), .timeLimit(.minutes(3)))
struct UnusualEndingsTests {
    @Test func framingRefusalsAreCountedLoggedAndCarryTheirId() throws {
        let directory = try TempDirectory.make()
        let log = directory.appendingPathComponent("access.jsonl").path
        let server = try LiveServer.start(["--metrics", "127.0.0.1:0", "--access-log", log], directory: directory)
        let metricsPort = try OperationsHarness.metricsPort(server)
        let client = try RawClient(port: server.port)
        try client.send("GET /healthz HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n")
        let refused = try client.readResponse()
        #expect(refused.status == 400)
        let id = try #require(refused.header("X-Request-Id"))
        let stalled = try RawClient(port: server.port)
        try stalled.send("GET /healthz HTTP/1.1\r\nHost: x\r\n" + "X-Long: " + String(repeating: "a", count: 70_000) + "\r\n\r\n")
        let tooLarge = try stalled.readResponse()
        #expect(tooLarge.status == 431)
        let lines = try OperationsHarness.lines(log, atLeast: 2)
        let line = try #require(lines.first { $0["request_id"] as? String == id }, "\(lines)")
        #expect(line["protocol"] as? String == "unparsed")
        #expect(line["status"] as? Int == 400)
        #expect((line["bytes_in"] as? Int ?? 0) > 40 && (line["bytes_out"] as? Int ?? 0) > 0)
        #expect(line["client"] as? String == "127.0.0.1")
        #expect(lines.contains { $0["status"] as? Int == 431 && $0["request_id"] as? String == tooLarge.header("X-Request-Id") })
        let scrape = try OperationsHarness.scrape(metricsPort)
        #expect(scrape.contains(#"dualgate_requests_total{protocol="unparsed",status="400"} 1"#), "\(scrape)")
        #expect(scrape.contains(#"dualgate_requests_total{protocol="unparsed",status="431"} 1"#))
        #expect(server.stop() == 0)
    }

    @Test func forwardsCutOffMidAnswerOrLeftByTheClientAreLoggedAsCut() throws {
        let directory = try TempDirectory.make()
        let upstream = try FixtureUpstream.start(in: directory)
        defer { upstream.stop() }
        let log = directory.appendingPathComponent("access.jsonl").path
        let server = try LiveServer.start(["--upstream", upstream.url, "--access-log", log], directory: directory)
        // The upstream announces 1 000 bytes, sends 10 and closes: the client gets the head and the 10, then a close.
        let cut = try RawClient(port: server.port)
        try cut.send("GET /cut HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(cut.waitForClose())
        #expect(String(decoding: cut.unread, as: UTF8.self).hasPrefix("HTTP/1.1 200"))
        // The client vanishes (a reset) while the upstream is still thinking.
        do {
            let leaving = try RawClient(port: server.port)
            try leaving.send("GET /slow/2 HTTP/1.1\r\nHost: x\r\n\r\n")
            usleep(300_000)
            leaving.resetOnClose()
        }
        let lines = try OperationsHarness.lines(log, atLeast: 2)
        let broken = try #require(lines.first { $0["path"] as? String == "/cut" }, "\(lines)")
        #expect(broken["status"] as? Int == 200 && broken["upstream_status"] as? Int == 200)
        #expect(broken["completed"] as? Bool == false)
        #expect(broken["bytes_out"] as? Int ?? 0 > 10)
        let left = try #require(lines.first { $0["path"] as? String == "/slow/2" }, "\(lines)")
        #expect(left["status"] as? Int == 499, "nginx's 'client closed request': nothing was relayed")
        #expect(left["completed"] as? Bool == false)
        #expect(left["upstream_status"] is NSNull)
        // An answer relayed whole says nothing of the kind.
        _ = try RawHTTP.request("GET", "/echo", port: server.port)
        let whole = try #require(try OperationsHarness.lines(log, atLeast: 3).first { $0["path"] as? String == "/echo" })
        #expect(whole["completed"] == nil)
        #expect(server.stop() == 0)
    }

    @Test func aGzippedCallsMethodNamesAreLogged() throws {
        let directory = try TempDirectory.make()
        let log = directory.appendingPathComponent("access.jsonl").path
        let server = try LiveServer.start(["--access-log", log], directory: directory)
        // CPython's client gzips a request longer than `encode_threshold` bytes.
        let run = try Tool.python("""
            import sys, xmlrpc.client
            transport = xmlrpc.client.Transport()
            transport.encode_threshold = 0
            proxy = xmlrpc.client.ServerProxy(sys.argv[1], transport=transport)
            multicall = xmlrpc.client.MultiCall(proxy)
            multicall.system.listMethods()
            multicall.system.methodHelp("system.listMethods")
            print(len(list(multicall())))
            """, ["http://127.0.0.1:\(server.port)/xmlrpc.php"])
        #expect(run.status == 0 && run.stdout == "2\n", "\(run.stderr)")
        let line = try #require(try OperationsHarness.lines(log, atLeast: 1).first)
        #expect(line["xmlrpc_methods"] as? [String] == ["system.multicall", "system.listMethods", "system.methodHelp"], "\(line)")
        #expect(server.stop() == 0)
    }

    /// The writer blocked (a FIFO nobody reads): lines beyond the 4 MiB queue are dropped, never waited for,
    /// and every request is either a line or counted in `dualgate_access_log_dropped_total`.
    @Test func linesTheWriterCannotTakeAreDroppedAndCounted() throws {
        let directory = try TempDirectory.make()
        let fifo = directory.appendingPathComponent("access.fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let go = directory.appendingPathComponent("go").path
        let received = directory.appendingPathComponent("received.jsonl").path
        // Opens the FIFO (so serve's open returns) and reads nothing until told.
        let reader = Process()
        reader.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        reader.arguments = ["python3", "-c", """
            import os, signal, sys, time
            signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM])
            fd = os.open(sys.argv[1], os.O_RDONLY)
            while not os.path.exists(sys.argv[2]):
                time.sleep(0.02)
            with open(sys.argv[3], "wb") as out:
                while chunk := os.read(fd, 1 << 16):
                    out.write(chunk)
            """, fifo, go, received]
        try reader.run()
        defer { if reader.isRunning { kill(reader.processIdentifier, SIGKILL) }; reader.waitUntilExit() }
        let server = try LiveServer.start(["--threads", "1", "--metrics", "127.0.0.1:0", "--access-log", fifo], directory: directory)
        let metricsPort = try OperationsHarness.metricsPort(server)
        // ~1.6 KiB lines: 6 000 of them are more than twice the queue.
        let total = 6_000
        let flood = try Tool.python("""
            import socket, sys
            port, total = int(sys.argv[1]), int(sys.argv[2])
            request = ("GET /healthz?pad=" + "p" * 1500 + " HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n").encode()
            marker = b'{"status":"ok"}'
            connection = socket.create_connection(("127.0.0.1", port))
            done, pending = 0, b""
            while done < total:
                batch = min(200, total - done)
                connection.sendall(request * batch)
                got = 0
                while got < batch:
                    data = connection.recv(1 << 20)
                    if not data:
                        sys.exit("closed after %d" % (done + got))
                    pending += data
                    found = pending.count(marker)
                    if found:
                        got += found
                        pending = pending[pending.rfind(marker) + len(marker):]
                done += batch
            print(done)
            """, [String(server.port), String(total)])
        #expect(flood.status == 0 && flood.stdout == "\(total)\n", "\(flood.stderr)")
        // Each loop hands over its last lines within its once-a-second sweep; then the count is final.
        sleep(2)
        let scrape = try OperationsHarness.scrape(metricsPort)
        let droppedLine = try #require(scrape.split(separator: "\n").first { $0.hasPrefix("dualgate_access_log_dropped_total ") })
        let dropped = try #require(Int(droppedLine.split(separator: " ")[1]))
        #expect(dropped > 0, "\(droppedLine)")
        #expect(server.isRunning, "a blocked log must not stop the server")
        #expect(try RawHTTP.request("GET", "/healthz", port: server.port).status == 200, "nor delay its answers")
        #expect(FileManager.default.createFile(atPath: go, contents: nil))
        #expect(server.stop() == 0)
        reader.waitUntilExit()
        let lines = try String(contentsOfFile: received, encoding: .utf8).split(separator: "\n")
        #expect(lines.count + dropped == total + 1, "\(lines.count) written + \(dropped) dropped; \(total) flooded + 1 probe")
    }
}
