import Testing
@testable import Gateway

@Suite("HTTPServer on a real socket: keep-alive, pipelining, HEAD, 100-continue", .timeLimit(.minutes(3)))
struct ServerConnectionTests {
    @Test func keepAliveServesSeveralRequestsOnOneConnection() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        for target in ["/first", "/second?x=1", "/third"] {
            try client.send("GET \(target) HTTP/1.1\r\nHost: t\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.text == "GET \(target) body=0 from=127.0.0.1")
            #expect(response.header("Connection") == nil)
            #expect(response.header("Content-Type") == "text/plain")
            #expect(response.header("Date")?.hasSuffix(" GMT") == true)
            #expect(response.header("X-Echo") == "1")
        }
    }

    @Test func threePipelinedRequestsInOneWriteAreAnsweredInOrder() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        try client.send("GET /1 HTTP/1.1\r\nHost: t\r\n\r\n"
            + "POST /2 HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabc"
            + "POST /3 HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nwxyz\r\n0\r\n\r\n")
        #expect(try client.readResponse().text == "GET /1 body=0 from=127.0.0.1")
        #expect(try client.readResponse().text == "POST /2 body=3 from=127.0.0.1")
        #expect(try client.readResponse().text == "POST /3 body=4 from=127.0.0.1")
    }

    @Test func headSendsTheGetLengthAndNoBody() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        try client.send("HEAD /big HTTP/1.1\r\nHost: t\r\n\r\nGET /after HTTP/1.1\r\nHost: t\r\n\r\n")
        let head = try client.readResponse(headRequest: true)
        #expect(head.status == 200 && head.header("Content-Length") == "100000")
        // Had any body bytes followed the HEAD answer, this would not parse as the next response.
        #expect(try client.readResponse().text == "GET /after body=0 from=127.0.0.1")
    }

    @Test func expectContinueGetsA100BeforeTheBodyIsSent() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        try client.send("PUT /upload HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n")
        #expect(try client.readResponse().status == 100)
        try client.send("data")
        #expect(try client.readResponse().text == "PUT /upload body=4 from=127.0.0.1")
    }

    @Test func expectContinueOverTheLimitIsRefusedAtOnce() throws {
        let server = try TestServer { $0.maxBodyBytes = 10 }
        defer { server.stop() }
        let client = try server.connect()
        try client.send("PUT /upload HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 11\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.status == 413 && response.header("Connection") == "close")
        #expect(client.waitForClose())
    }

    @Test func http10KeepAliveIsAnsweredInKindAndPlainHTTP10Closes() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        try client.send("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        #expect(try client.readResponse().header("Connection") == "keep-alive")
        try client.send("GET /b HTTP/1.0\r\n\r\n")
        let last = try client.readResponse()
        #expect(last.text == "GET /b body=0 from=127.0.0.1" && last.header("Connection") == "close")
        #expect(client.waitForClose())
    }

    @Test func connectionCloseIsHonoured() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        try client.send("GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
        #expect(try client.readResponse().header("Connection") == "close")
        #expect(client.waitForClose())
    }

    @Test func clientThatHalfClosesAfterItsRequestsStillGetsTheAnswers() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        try client.send("GET /x HTTP/1.1\r\nHost: t\r\n\r\nGET /y HTTP/1.1\r\nHost: t\r\n\r\n")
        client.shutdownWrite()
        #expect(try client.readResponse().text == "GET /x body=0 from=127.0.0.1")
        #expect(try client.readResponse().text == "GET /y body=0 from=127.0.0.1")
        #expect(client.waitForClose())
    }

    @Test func malformedRequestAfterAGoodOneInThePipelineIsRefusedSecond() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        try client.send("GET /good HTTP/1.1\r\nHost: t\r\n\r\nGET /bad HTTP/1.1\r\nHost: t\r\nX-Folded: a\r\n b\r\n\r\nGET /never HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try client.readResponse().text == "GET /good body=0 from=127.0.0.1")
        #expect(try client.readResponse().status == 400)
        #expect(client.waitForClose())
        #expect(client.unread.isEmpty)   // /never was not answered
    }

    @Test func megabyteBodiesArriveWholeByLengthAndChunked() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        let body = [UInt8](repeating: 0x62, count: 1 << 20)
        try client.send("POST /length HTTP/1.1\r\nHost: t\r\nContent-Length: \(body.count)\r\n\r\n")
        try client.send(body)
        #expect(try client.readResponse().text == "POST /length body=1048576 from=127.0.0.1")
        try client.send("POST /chunked HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n")
        for _ in 0..<16 {
            try client.send("10000\r\n")
            try client.send(Array(body[0..<65536]) + Array("\r\n".utf8))
        }
        try client.send("0\r\n\r\n")
        #expect(try client.readResponse().text == "POST /chunked body=1048576 from=127.0.0.1")
    }

    @Test func largeResponseReachesASlowlyReadingClient() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.connect()
        try client.send(String(repeating: "GET /big HTTP/1.1\r\nHost: t\r\n\r\n", count: 30))
        for _ in 0..<30 { #expect(try client.readResponse().body.count == 100_000) }
    }

    @Test func portInUseIsAnErrorNotASilentShare() throws {
        let first = try TestServer()
        defer { first.stop() }
        var configuration = ServerConfiguration()
        configuration.port = first.port
        configuration.threads = 2
        let second = HTTPServer(configuration: configuration) { EchoHandler() }
        #expect(throws: ServerError.self) { try second.bind() }
    }

    @Test func bindsIPv6LoopbackAndWildcardWithRealPorts() throws {
        for (host, threads) in [("0.0.0.0", 2), ("::1", 2), ("::", 0), ("localhost", 1)] {
            var configuration = ServerConfiguration()
            configuration.host = host
            configuration.port = 0
            configuration.threads = threads
            let server = HTTPServer(configuration: configuration) { EchoHandler() }
            #expect(try server.bind() != 0, "host \(host)")
        }
    }
}
