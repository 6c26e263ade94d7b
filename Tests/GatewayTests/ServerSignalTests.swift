import Foundation
import Glibc
import Testing
@testable import Gateway

@Suite("HTTPServer: SIGTERM stops it like stop()", .timeLimit(.minutes(3)))
struct ServerSignalTests {
    /// The only test that handles signals (one signal-handling server per process). The signal goes to the
    /// whole process, so whichever thread takes it, the handler must turn it into a stop, not a kill.
    @Test func sigtermFinishesTheRequestInFlightAndRunReturns() throws {
        let server = try TestServer { $0.handlesSignals = true }
        let deadline = Date().addingTimeInterval(10)
        while !server.server.isRunning && Date() < deadline { usleep(1000) }   // polling a condition, bounded
        try #require(server.server.isRunning)
        let client = try server.connect()
        try client.send("POST /signal HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n")
        #expect(try client.readResponse().status == 100)
        kill(getpid(), SIGTERM)
        try client.send("ok")
        let response = try client.readResponse()
        #expect(response.text == "POST /signal body=2 from=127.0.0.1")
        // Only the signal can end this keep-alive connection and run() well before the 60 s idle timeout.
        #expect(client.waitForClose())
        #expect(server.waitUntilFinished(within: 10))
    }
}
