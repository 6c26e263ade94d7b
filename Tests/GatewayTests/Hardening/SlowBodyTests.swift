import Foundation
import Testing
@testable import Gateway

@Suite("Slow bodies are cut off by a minimum average rate", .timeLimit(.minutes(3)))
struct SlowBodyTests {
    /// A byte a second is progress for the per-read body timeout (3 s here), so before the rate rule such a
    /// client held its connection for as long as it liked; now the body gets bodyTimeout + 1 s per 500 bytes.
    @Test func bodyTrickledAByteASecondIsAnswered408WhileStillTrickling() throws {
        let server = try TestServer { $0.bodyTimeoutSeconds = 3 }
        defer { server.stop() }
        let client = try server.connect(receiveTimeoutSeconds: 1)
        try client.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 1000\r\n\r\n")
        var answer: RawClient.Response?
        for _ in 0..<15 where answer == nil {
            try? client.send("x")              // progress, well within the 3 s per-read timeout
            answer = try? client.readResponse() // waits up to 1 s
        }
        #expect(answer?.status == 408)
    }

    @Test func bodyAtAReasonableRateIsServed() throws {
        let server = try TestServer { $0.bodyTimeoutSeconds = 2 }
        defer { server.stop() }
        let client = try server.connect(receiveTimeoutSeconds: 10)
        let chunk = String(repeating: "y", count: 1000)
        try client.send("POST /slow HTTP/1.1\r\nHost: t\r\nContent-Length: \(chunk.count * 4)\r\n\r\n")
        for _ in 0..<4 {   // 4 000 bytes over ~3 s: more than 500 bytes a second
            try client.send(chunk)
            usleep(750_000)
        }
        #expect(try client.readResponse().status == 200)
    }
}
