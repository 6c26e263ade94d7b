import Testing
@testable import Gateway

@Suite("HTTPServer on a real socket: refusals, timeouts, stop()", .timeLimit(.minutes(3)))
struct ServerLimitTests {
    static let refusals: [(String, Int)] = [
        ("GET / HTTP/1.1\r\nHost: t\r\nX-Big: " + String(repeating: "b", count: 17 * 1024) + "\r\n\r\n", 431),
        ("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 1000\r\n\r\n", 413),
        ("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n200\r\n" + String(repeating: "c", count: 512) + "\r\n", 413),
        ("GET / HTTP/1.1\r\nHost : t\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nxyz\r\n", 400),
        ("GET / HTTP/1.1\r\n\r\n", 400),
        ("GET /<script> HTTP/9.9\r\nHost: t\r\n\r\n", 505),
        ("\u{16}\u{3}\u{1}\u{2}\u{0}\u{1}\u{0}\u{1}\u{fc}\u{3}\u{3}\r\n\r\n", 400),
    ]

    @Test(arguments: refusals)
    func refusalIsAnsweredClosedAndOthersAreStillServed(_ raw: String, _ status: Int) throws {
        let server = try TestServer { $0.maxBodyBytes = 100 }
        defer { server.stop() }
        let hostile = try server.connect()
        try hostile.send(raw)
        let response = try hostile.readResponse()
        #expect(response.status == status)
        #expect(response.header("Connection") == "close")
        #expect(response.header("Content-Type") == "text/plain; charset=utf-8")
        #expect(response.text == "\(HTTPStatus(status).reasonPhrase)\n")   // fixed text, never the input
        #expect(hostile.waitForClose())
        let next = try server.connect()
        try next.send("GET /next HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try next.readResponse().text == "GET /next body=0 from=127.0.0.1")
    }

    @Test func refusalIsReadableEvenWhileTheClientKeepsSending() throws {
        let server = try TestServer { $0.maxBodyBytes = 100 }
        defer { server.stop() }
        let client = try server.connect()
        try client.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 100000\r\n\r\n")
        try client.send([UInt8](repeating: 0x7A, count: 100_000))
        #expect(try client.readResponse().status == 413)
    }

    @Test func stalledHeadIsAnswered408AndClosed() throws {
        let server = try TestServer { $0.headerTimeoutSeconds = 1 }
        defer { server.stop() }
        let client = try server.connect(receiveTimeoutSeconds: 5)
        try client.send("GET / HTTP/1.1\r\nHo")
        #expect(try client.readResponse().status == 408)
        #expect(client.waitForClose())
    }

    @Test func connectionThatNeverSendsARequestIsDropped() throws {
        let server = try TestServer { $0.headerTimeoutSeconds = 1 }
        defer { server.stop() }
        let silent = try server.connect(receiveTimeoutSeconds: 5)
        #expect(silent.waitForClose())
        #expect(silent.unread.isEmpty)
    }

    @Test func stalledBodyIsClosed() throws {
        let server = try TestServer { $0.bodyTimeoutSeconds = 1 }
        defer { server.stop() }
        let client = try server.connect(receiveTimeoutSeconds: 5)
        try client.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nhalf")
        #expect(client.waitForClose())
    }

    @Test func idleKeepAliveConnectionIsClosed() throws {
        let server = try TestServer { $0.idleTimeoutSeconds = 1 }
        defer { server.stop() }
        let client = try server.connect(receiveTimeoutSeconds: 5)
        try client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try client.readResponse().status == 200)
        #expect(client.waitForClose())
        #expect(client.unread.isEmpty)   // idle close is silent
    }

    @Test func stopFinishesTheRequestInFlightThenRunReturns() throws {
        let server = try TestServer()
        let client = try server.connect()
        try client.send("PUT /late HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n")
        #expect(try client.readResponse().status == 100)   // the server is now inside this request
        let idle = try server.connect()
        try idle.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try idle.readResponse().status == 200)
        server.server.stop()
        #expect(idle.waitForClose())
        try client.send("data")
        let response = try client.readResponse()
        #expect(response.text == "PUT /late body=4 from=127.0.0.1")
        #expect(response.header("Connection") == "close")
        #expect(client.waitForClose())
        #expect(server.stop())
        #expect(throws: RawClient.Failure.self) { try server.connect() }   // no longer accepting
    }

    @Test func stopWithNoConnectionsReturnsPromptly() throws {
        let server = try TestServer()
        #expect(server.stop())
    }
}
