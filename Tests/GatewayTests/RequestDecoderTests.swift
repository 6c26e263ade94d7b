import Testing
@testable import Gateway

@Suite("RequestDecoder: valid requests, pipelining, chunked bodies")
struct RequestDecoderTests {
    @Test(arguments: [
        ("GET / HTTP/1.1\r\nHost: a\r\n\r\n", Decoded.request(method: "GET", target: "/", body: "")),
        ("GET /wp-json/wp/v2/users/me?context=edit HTTP/1.1\r\nHost: a\r\nAuthorization: Basic eDp5\r\n\r\n",
         .request(method: "GET", target: "/wp-json/wp/v2/users/me?context=edit", body: "")),
        ("POST /xmlrpc.php HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello", .request(method: "POST", target: "/xmlrpc.php", body: "hello")),
        ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 5\r\nContent-Length: 5\r\n\r\nhello", .request(method: "POST", target: "/", body: "hello")),
        ("\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n", .request(method: "GET", target: "/", body: "")),
        ("GET / HTTP/1.0\r\n\r\n", .request(method: "GET", target: "/", body: "")),
        ("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n", .request(method: "OPTIONS", target: "*", body: "")),
        ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n",
         .request(method: "POST", target: "/", body: "hello world")),
        ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\n\r\nA;name=value;x\r\n0123456789\r\n0\r\nTrailer-One: 1\r\nTrailer-Two: 2\r\n\r\n",
         .request(method: "POST", target: "/", body: "0123456789")),
        ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", .request(method: "POST", target: "/", body: "")),
    ])
    func validRequestDecodes(_ raw: String, _ expected: Decoded) {
        for feed in Feed.allCases {
            #expect(feed.decode(raw) == [expected], "fed \(feed)")
        }
    }

    @Test func threePipelinedRequestsDecodeInOrder() {
        let raw = "GET /one HTTP/1.1\r\nHost: a\r\n\r\n"
            + "POST /two HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc"
            + "POST /three HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nxy\r\n0\r\n\r\n"
            + "GET /partial HTTP/1.1\r\nHo"
        for feed in Feed.allCases {
            #expect(feed.decode(raw) == [
                .request(method: "GET", target: "/one", body: ""),
                .request(method: "POST", target: "/two", body: "abc"),
                .request(method: "POST", target: "/three", body: "xy"),
            ], "fed \(feed)")
        }
    }

    @Test func headersKeepOrderAndSpellingWithValuesTrimmed() throws {
        for feed in Feed.allCases {
            let heads = feed.decode(Array("GET / HTTP/1.1\r\nHost: a\r\nX-One:\t  spaced value \t\r\nx-two:\r\n\r\n".utf8)).heads
            let head = try #require(heads.first, "fed \(feed)")
            #expect(head.headers.map(\.name) == ["Host", "X-One", "x-two"])
            #expect(head.headers.map(\.value) == ["a", "spaced value", ""])
        }
    }

    @Test(arguments: [
        ("GET / HTTP/1.1\r\nHost: a\r\n\r\n", true),
        ("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", false),
        ("GET / HTTP/1.1\r\nHost: a\r\nConnection: Keep-Alive, CLOSE\r\n\r\n", false),
        ("GET / HTTP/1.0\r\n\r\n", false),
        ("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", true),
    ])
    func keepAliveFollowsVersionAndConnectionHeader(_ raw: String, _ keepAlive: Bool) throws {
        for feed in Feed.allCases {
            let head = try #require(feed.decode(Array(raw.utf8)).heads.first, "fed \(feed)")
            #expect(head.keepAlive == keepAlive, "fed \(feed)")
        }
    }

    @Test func expectContinueIsSignalledBeforeTheBody() {
        let raw = "PUT /up HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\ndata"
        for feed in Feed.allCases {
            #expect(feed.decode(raw) == [.sendContinue, .request(method: "PUT", target: "/up", body: "data")], "fed \(feed)")
        }
    }

    @Test func expectContinueWithoutBodyAsksForNothing() {
        for feed in Feed.allCases {
            #expect(feed.decode("GET / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n\r\n")
                == [.request(method: "GET", target: "/", body: "")], "fed \(feed)")
        }
    }

    @Test func declaredLengthOverTheLimitIsRefusedBeforeContinue() {
        let limits = HTTPLimits(maxHeaderBytes: 16 * 1024, maxBodyBytes: 10)
        for feed in Feed.allCases {
            #expect(feed.decode("POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 11\r\n\r\n", limits: limits)
                == [.reject(413)], "fed \(feed)")
            #expect(feed.decode("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n0123456789", limits: limits)
                == [.request(method: "POST", target: "/", body: "0123456789")], "fed \(feed)")
        }
    }

    @Test func chunkedBodyOverTheLimitIsRefusedByRunningTotal() {
        let limits = HTTPLimits(maxHeaderBytes: 16 * 1024, maxBodyBytes: 10)
        let raw = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n6\r\n012345\r\n5\r\n67890\r\n0\r\n\r\n"
        for feed in Feed.allCases {
            #expect(feed.decode(raw, limits: limits) == [.reject(413)], "fed \(feed)")
        }
    }

    @Test func headOfExactlyTheLimitIsAcceptedAndOneByteMoreIsNot() {
        let base = "GET / HTTP/1.1\r\nHost: a\r\nX: \r\n\r\n"
        let limits = HTTPLimits(maxHeaderBytes: 200, maxBodyBytes: 0)
        let fitting = "GET / HTTP/1.1\r\nHost: a\r\nX: " + String(repeating: "v", count: 200 - base.utf8.count) + "\r\n\r\n"
        #expect(fitting.utf8.count == 200)
        for feed in Feed.allCases {
            #expect(feed.decode(fitting, limits: limits) == [.request(method: "GET", target: "/", body: "")], "fed \(feed)")
            let over = "GET / HTTP/1.1\r\nHost: a\r\nX: " + String(repeating: "v", count: 201 - base.utf8.count) + "\r\n\r\n"
            #expect(feed.decode(over, limits: limits) == [.reject(431)], "fed \(feed)")
        }
    }

    @Test func unterminatedHeadOverTheLimitIsRefusedWithoutWaitingForItsEnd() {
        let raw = "GET / HTTP/1.1\r\nHost: a\r\nX: " + String(repeating: "v", count: 17 * 1024)
        for feed in Feed.allCases {
            #expect(feed.decode(raw) == [.reject(431)], "fed \(feed)")
        }
    }
}

@Suite("RequestDecoder: regressions")
struct RequestDecoderRegressionTests {
    @Test func endlessLeadingEmptyLinesHitTheHeaderLimit() {
        let raw = String(repeating: "\r\n", count: 9 * 1024)
        for feed in Feed.allCases {
            #expect(feed.decode(raw) == [.reject(431)], "fed \(feed)")
        }
    }

    @Test func requestAccessorsSplitTheTargetAndFoldHeaderCase() {
        let request = HTTPRequest(method: "GET", target: "/wp-json/?rest_route=/a?b", minorVersion: 1,
                                  headers: [("Content-TYPE", "text/xml"), ("content-type", "second")], body: [], remoteAddress: "::1")
        #expect(request.path == "/wp-json/" && request.query == "rest_route=/a?b")
        #expect(request.header("content-type") == "text/xml")
        #expect(request.header("Content-Length") == nil)
        let plain = HTTPRequest(method: "GET", target: "/x", minorVersion: 1, headers: [], body: [], remoteAddress: "")
        #expect(plain.path == "/x" && plain.query == "")
    }
}
