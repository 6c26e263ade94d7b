import Foundation
import Glibc
import Testing

/// `serve --max-connections` on the real binary. The crowd and descriptor-exhaustion runs
/// (`hardening/load_test.py --short`) run from `.ci/run` after `swift test`, not here: they keep a test
/// thread waiting for ~20 s while loading both cores, which starved the in-process server tests past their
/// time limits on a 2-core machine.
@Suite("serve --max-connections and --max-connections-per-address", .timeLimit(.minutes(3)))
struct LoadSurvivalTests {
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

    @Test func oneAddressCannotTakeMoreThanItsShare() throws {
        let server = try LiveServer.start(["--max-connections-per-address", "2", "--threads", "2"])
        defer { server.stop() }
        let held = try (0..<2).map { _ in try RawClient(port: server.port, receiveTimeoutSeconds: 5) }
        for client in held {
            try client.send("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().status == 200)
        }
        let third = try RawClient(port: server.port, receiveTimeoutSeconds: 5)
        #expect(third.waitForClose())
        #expect(third.unread.isEmpty)
        // Another client address (still loopback) is served while 127.0.0.1 is at its cap.
        #expect(try Self.healthStatus(port: server.port, from: "127.0.0.2") == "HTTP/1.1 200 OK")
        #expect(held.count == 2)
    }

    /// One `GET /healthz` from a chosen loopback source address; the status line.
    static func healthStatus(port: UInt16, from source: String) throws -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw HarnessError("socket") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        func address(_ host: String, _ port: UInt16) -> sockaddr_in {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            inet_pton(AF_INET, host, &address.sin_addr)
            return address
        }
        var local = address(source, 0)
        var remote = address("127.0.0.1", port)
        let size = socklen_t(MemoryLayout<sockaddr_in>.size)
        guard withUnsafePointer(to: &local, { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, size) } }) == 0,
              withUnsafePointer(to: &remote, { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, size) } }) == 0 else {
            throw HarnessError("bind/connect from \(source): errno \(errno)")
        }
        let request = Array("GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n".utf8)
        guard send(fd, request, request.count, Int32(MSG_NOSIGNAL)) == request.count else { throw HarnessError("send") }
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(fd, &chunk, chunk.count, 0)
            if count <= 0 { break }
            received += chunk[0..<count]
        }
        return String(decoding: received, as: UTF8.self).components(separatedBy: "\r\n").first ?? ""
    }
}
