import CredentialCore
import Foundation
import Testing

/// Gateway mode's HTTP side against a real origin (`fixture-upstream.py`): what crosses, how answers are
/// framed on the way back, keep-alive to the upstream, and every way the upstream can fail.
@Suite(.timeLimit(.minutes(3)))
struct ForwardingTests {
    /// A gateway in front of a fresh fixture upstream, both in one temp directory.
    static func gateway(_ extra: [String] = []) throws -> (LiveServer, FixtureUpstream) {
        let directory = try TempDirectory.make()
        let upstream = try FixtureUpstream.start(in: directory)
        let server = try LiveServer.start(["--upstream", upstream.url] + extra, directory: directory)
        return (server, upstream)
    }

    @Test func hopByHopCookiesAndIdentityFieldsStayBehindBothWays() throws {
        let (server, upstream) = try Self.gateway()
        let answer = try RawHTTP.request("GET", "/wp-json/wp/v2/posts?per_page=2", port: server.port, headers: [
            ("Cookie", "wordpress_logged_in_x=admin"), ("X-WP-Nonce", "abc"), ("X-Dualgate-User", "admin"),
            ("X-Dualgate-Signature", "t=1,v1=00"), ("Connection", "X-Secret-Hop"), ("X-Secret-Hop", "1"),
            ("X-Forwarded-For", "203.0.113.9"), ("Forwarded", "for=203.0.113.9"), ("Keep-Alive", "timeout=1"),
            ("TE", "trailers"), ("Upgrade", "h2c"), ("X-Custom", "kept"),
        ])
        #expect(answer.status == 200)
        let received = try #require(upstream.received().last)
        #expect(received.target == "/wp-json/wp/v2/posts?per_page=2")
        #expect(received.header("Host") == "127.0.0.1:\(upstream.port)")
        for gone in ["Cookie", "X-WP-Nonce", "X-Dualgate-User", "X-Dualgate-Signature", "X-Secret-Hop", "Forwarded",
                     "Keep-Alive", "TE", "Upgrade", "Authorization"] {
            #expect(!received.has(gone), "\(gone) crossed to the upstream")
        }
        #expect(received.header("X-Custom") == "kept")
        #expect(received.header("X-Forwarded-For") == "127.0.0.1", "a client's own X-Forwarded-For is not trusted")
        #expect(received.header("X-Forwarded-Proto") == "http")
        #expect(received.header("X-Forwarded-Host") == "127.0.0.1:\(server.port)")
        // Back: the upstream's hop-by-hop fields (and the one its Connection names) and its cookie stay behind.
        #expect(answer.header("Set-Cookie") == nil)
        #expect(answer.header("X-Hop-Secret") == nil)
        #expect(answer.header("Keep-Alive") == nil)
        #expect(answer.header("X-Upstream") == "yes")
        #expect(answer.json["method"] as? String == "GET")
    }

    @Test func cookiesCrossOnlyWhenAllowed() throws {
        let (server, upstream) = try Self.gateway(["--upstream-pass-cookies"])
        let answer = try RawHTTP.request("GET", "/wp-json/wp/v2/posts", port: server.port,
                                         headers: [("Cookie", "wordpress_logged_in_x=admin"), ("X-WP-Nonce", "abc")])
        let received = try #require(upstream.received().last)
        #expect(received.header("Cookie") == "wordpress_logged_in_x=admin")
        #expect(received.header("X-WP-Nonce") == "abc")
        #expect(answer.header("Set-Cookie") == "upstream_session=1")
    }

    @Test func everyFramingReachesTheClientIntact() throws {
        let (server, upstream) = try Self.gateway()
        defer { upstream.stop() }   // held to the end: a dropped fixture stops at once
        let client = try RawClient(port: server.port)
        func get(_ target: String, method: String = "GET") throws -> RawClient.Response {
            try client.send("\(method) \(target) HTTP/1.1\r\nHost: gateway\r\n\r\n")
            return try client.readResponse(headRequest: method == "HEAD")
        }
        let chunked = try get("/chunked")
        #expect(chunked.status == 200)
        #expect(chunked.header("Transfer-Encoding") == "chunked")
        #expect(chunked.body == Array("first,second,".utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: 70000) + Array(",last".utf8))
        let untilClose = try get("/until-close")
        #expect(untilClose.header("Transfer-Encoding") == "chunked", "an HTTP/1.1 client gets a length-less answer chunked")
        #expect(String(decoding: untilClose.body, as: UTF8.self) == "no length, then close")
        let size = 5 * 1024 * 1024 + 17
        let big = try get("/big/\(size)")
        #expect(big.header("Content-Length") == String(size))
        #expect(big.body.count == size)
        #expect(big.body.enumerated().allSatisfy { $0.element == UInt8($0.offset & 0xFF) })
        let head = try get("/big/1000", method: "HEAD")
        #expect(head.status == 200)
        #expect(head.header("Content-Length") == "1000", "HEAD keeps the upstream's length and sends no content")
        let empty = try get("/nocontent")
        #expect(empty.status == 204)
        #expect(empty.header("X-Upstream") == "yes")
        // The connection is still in step after all of them.
        #expect(try get("/healthz").status == 200)
    }

    @Test func upstreamConnectionsAreKeptAlive() throws {
        let (server, upstream) = try Self.gateway(["--threads", "1"])
        let client = try RawClient(port: server.port)
        for index in 0..<20 {
            try client.send("GET /echo/\(index) HTTP/1.1\r\nHost: gateway\r\n\r\n")
            #expect(try client.readResponse().status == 200)
        }
        let connections = Set(upstream.received().map(\.connection))
        #expect(upstream.received().count == 20)
        #expect(connections.count == 1, "20 requests took \(connections.count) upstream connections")
    }

    @Test func pipelinedRequestsAreAnsweredInOrderAroundAForwardedOne() throws {
        let (server, upstream) = try Self.gateway()
        defer { upstream.stop() }   // held to the end: a dropped fixture stops at once
        let client = try RawClient(port: server.port)
        try client.send("GET /slow/0.3 HTTP/1.1\r\nHost: g\r\n\r\nGET /healthz HTTP/1.1\r\nHost: g\r\n\r\nGET /echo/third HTTP/1.1\r\nHost: g\r\n\r\n")
        let first = try client.readResponse()
        let second = try client.readResponse()
        let third = try client.readResponse()
        #expect(String(decoding: first.body, as: UTF8.self) == "slow")
        #expect(String(decoding: second.body, as: UTF8.self) == #"{"status":"ok"}"#)
        #expect(third.json["target"] as? String == "/echo/third")
    }

    @Test func aDeadUpstreamIsA502AndItsReturnIsNoticedWithoutARestart() throws {
        let directory = try TempDirectory.make()
        var upstream = try FixtureUpstream.start(in: directory)
        let port = upstream.port
        let server = try LiveServer.start(["--upstream", upstream.url], directory: directory)
        #expect(try RawHTTP.request("GET", "/wp-json/wp/v2/posts", port: server.port).status == 200)
        upstream.stop()
        let down = try RawHTTP.request("GET", "/wp-json/wp/v2/posts", port: server.port)
        #expect(down.status == 502)
        #expect(down.json["code"] as? String == "upstream_unavailable")
        #expect((down.json["data"] as? [String: Any])?["status"] as? Int == 502)
        let page = try RawHTTP.request("GET", "/some/page", port: server.port)
        #expect(page.status == 502)
        #expect(try RawHTTP.request("GET", "/healthz", port: server.port).status == 200)
        upstream = try FixtureUpstream.start(in: directory, port: port)
        let back = try RawHTTP.request("GET", "/wp-json/wp/v2/posts", port: server.port)
        #expect(back.status == 200)
        #expect(back.json["method"] as? String == "GET")
    }

    @Test(arguments: ["/garbage", "/reset"])
    func anAnswerThatIsNotHTTPIsA502(_ path: String) throws {
        let (server, upstream) = try Self.gateway()
        defer { upstream.stop() }   // held to the end: a dropped fixture stops at once
        let answer = try RawHTTP.request("GET", "/wp-json/wp/v2" + path, port: server.port)
        #expect(answer.status == 502)
        #expect(answer.json["code"] as? String == "upstream_unavailable")
        #expect(!String(decoding: answer.body, as: UTF8.self).contains("NOT HTTP"))
    }

    @Test func aSlowUpstreamTimesOutWithoutDelayingAnyoneElse() throws {
        let (server, upstream) = try Self.gateway(["--upstream-timeout", "1", "--threads", "1"])
        defer { upstream.stop() }   // held to the end: a dropped fixture stops at once
        let started = Date()
        let slow = Thread.detachedResult { try RawHTTP.request("GET", "/wp-json/wp/v2/slow/5", port: server.port) }
        // While the slow one waits on the same (single) loop, others are answered at once.
        Thread.sleep(forTimeInterval: 0.2)
        for _ in 0..<10 {
            let began = Date()
            #expect(try RawHTTP.request("GET", "/echo/fast", port: server.port).status == 200)
            #expect(Date().timeIntervalSince(began) < 0.5)
        }
        let answer = try slow.get()
        #expect(answer.status == 504)
        #expect(answer.json["code"] as? String == "upstream_timeout")
        #expect(Date().timeIntervalSince(started) < 4, "the timeout is --upstream-timeout, not the upstream's 5 s")
    }

    @Test func theIndexComesFromTheUpstreamWithDualgatesAuthentication() throws {
        let (server, upstream) = try Self.gateway()
        defer { upstream.stop() }   // held to the end: a dropped fixture stops at once
        for target in ["/wp-json/", "/?rest_route=/"] {
            let answer = try RawHTTP.request("GET", target, port: server.port, headers: [("Accept-Encoding", "gzip")])
            #expect(answer.status == 200)
            #expect(answer.json["name"] as? String == "Upstream site")
            let authentication = answer.json["authentication"] as? [String: Any]
            let endpoints = (authentication?["application-passwords"] as? [String: Any])?["endpoints"] as? [String: Any]
            #expect(endpoints?["authorization"] as? String == "http://127.0.0.1:\(server.port)/wp-admin/authorize-application.php")
            #expect(authentication?["upstream-only"] == nil)
        }
    }

    @Test(arguments: [false, true])
    func aRESTBodyStreamsToTheUpstreamAsItArrives(chunked: Bool) throws {
        let (server, upstream) = try Self.gateway()
        defer { upstream.stop() }
        // The upstream answers on the head alone: that answer can only reach the client before its body
        // ends if the gateway forwarded the head without waiting for the body.
        let client = try RawClient(port: server.port)
        let framing = chunked ? "Transfer-Encoding: chunked" : "Content-Length: 4000000"
        try client.send("POST /wp-json/wp/v2/media/early HTTP/1.1\r\nHost: g\r\nContent-Type: image/png\r\n\(framing)\r\n\r\n")
        let first = [UInt8](repeating: 0x41, count: 100_000)
        try client.send(chunked ? Array("\(String(first.count, radix: 16))\r\n".utf8) + first + Array("\r\n".utf8) : first)
        let early = try client.readResponse()
        #expect(early.status == 200)
        #expect(String(decoding: early.body, as: UTF8.self) == "early")
        #expect(upstream.received().first?.target == "/wp-json/wp/v2/media/early")
        // A whole upload, sent in pieces, arrives byte for byte.
        let sender = try RawClient(port: server.port)
        let size = 3 * 1024 * 1024 + 5
        let payload = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        try sender.send("POST /wp-json/wp/v2/media HTTP/1.1\r\nHost: g\r\nContent-Type: application/octet-stream\r\n"
                        + (chunked ? "Transfer-Encoding: chunked" : "Content-Length: \(size)") + "\r\n\r\n")
        var offset = 0
        while offset < size {
            let piece = Array(payload[offset..<min(size, offset + 256 * 1024)])
            try sender.send(chunked ? Array("\(String(piece.count, radix: 16))\r\n".utf8) + piece + Array("\r\n".utf8) : piece)
            offset += piece.count
        }
        if chunked { try sender.send("0\r\n\r\n") }
        let answer = try sender.readResponse()
        #expect(answer.status == 200)
        #expect(answer.json["body_length"] as? Int == size)
        let received = try #require(upstream.received().last)
        #expect(received.bodyLength == size)
        #expect(received.bodySHA256 == SHA256.hex(payload))
        #expect(received.header(chunked ? "Transfer-Encoding" : "Content-Length") == (chunked ? "chunked" : String(size)))
    }

    @Test func interactiveLoginsAreNotForwarded() throws {
        let (server, upstream) = try Self.gateway()
        let answer = try RawHTTP.request("POST", "/wp-login.php", port: server.port, body: "log=admin&pwd=secret")
        #expect(answer.status == 403)
        #expect(upstream.received().isEmpty)
    }
}

extension Thread {
    /// Runs `work` on a thread of its own (not the test pool's) and hands back its result.
    static func detachedResult<T: Sendable>(_ work: @escaping @Sendable () throws -> T) -> DetachedResult<T> {
        let result = DetachedResult<T>()
        let thread = Thread { result.finish(Result { try work() }) }
        thread.start()
        return result
    }
}

final class DetachedResult<T: Sendable>: @unchecked Sendable {   // guarded by its semaphore
    private var result: Result<T, any Error>?
    private let done = DispatchSemaphore(value: 0)

    func finish(_ value: Result<T, any Error>) {
        result = value
        done.signal()
    }

    func get() throws -> T {
        done.wait()
        done.signal()
        return try result!.get()
    }
}
