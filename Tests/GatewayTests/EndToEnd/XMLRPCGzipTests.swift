import Foundation
@testable import Gateway
import Testing

/// gzip content coding on the XML-RPC path (issue 4 item 8): CPython's client compresses requests
/// when told to and always accepts gzip answers; raw sockets send the hostile forms.
@Suite(.enabled(if: Tool.python3 != nil, "needs python3 on PATH"), .timeLimit(.minutes(3)))
struct XMLRPCGzipTests {
    /// Every request gzipped (`encode_threshold = 0`); records each answer's Content-Encoding.
    static let script = """
        import json, sys, xmlrpc.client
        class Recording(xmlrpc.client.Transport):
            seen = []
            def parse_response(self, response):
                Recording.seen.append(response.getheader("Content-Encoding") or "identity")
                return super().parse_response(response)
        transport = Recording(use_builtin_types=True)
        transport.encode_threshold = 0 if sys.argv[2] == "gzip" else None
        proxy = xmlrpc.client.ServerProxy(sys.argv[1], transport=transport)
        big = {"member%d" % i: "value " * 20 for i in range(300)}
        echoed = proxy.validator1.echoStructTest(big)
        names = proxy.system.listMethods()
        small = proxy.validator1.countTheEntities("<a & 'b'>")
        print(json.dumps({"same": echoed == big, "names": len(names), "small": small["ctAmpersands"], "encodings": Recording.seen}))
        """

    @Test(arguments: ["gzip", "identity"])
    func cpythonClientRoundTripsThroughGzip(requestCoding: String) throws {
        let server = try LiveServer.start(["--enable-validator"])
        let run = try Tool.python(Self.script, [server.baseURL + "/xmlrpc.php", requestCoding])
        #expect(run.status == 0, "\(run.stderr)")
        let answer = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stdout) \(run.stderr)")
        #expect(answer["same"] as? Bool == true)
        #expect((answer["names"] as? Int ?? 0) > 20)
        #expect(answer["small"] as? Int == 1)
        // The echo (~40 KB) and the method list (> 1 KiB) come back gzipped; the small struct does not.
        #expect(answer["encodings"] as? [String] == ["gzip", "gzip", "identity"])
    }

    @Test func gzipRequestFromRawSocketAndGzipAnswerInflate() throws {
        let server = try LiveServer.start(["--enable-validator"])
        let payload = String(repeating: "<&>", count: 2000)
        let document = XMLRPCWire.call("validator1.echoStructTest",
                                       params: "<param><value><struct><member><name>s</name><value>\(payload.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;"))</value></member></struct></value></param>")
        let compressed = try #require(Gzip.deflate(Array(document.utf8)))
        let reply = try XMLRPCWire.post(server.port, compressed, headers: [("Content-Encoding", "gzip"), ("Accept-Encoding", "deflate, gzip;q=0.5")])
        #expect(reply.status == 200)
        #expect(reply.header("Content-Encoding") == "gzip")
        #expect(reply.header("Vary") == "Accept-Encoding")
        guard case .bytes(let inflated) = Gzip.inflate(reply.body, limit: 1 << 20) else { Issue.record("answer is not gzip"); return }
        #expect(String(decoding: inflated, as: UTF8.self).contains("&lt;&amp;&gt;&lt;&amp;&gt;"))
        // A client that refuses gzip gets the plain answer.
        let refused = try XMLRPCWire.post(server.port, compressed, headers: [("Content-Encoding", "gzip"), ("Accept-Encoding", "gzip;q=0, *")])
        #expect(refused.status == 200 && refused.header("Content-Encoding") == nil && refused.text.contains("<methodResponse>"))
    }

    @Test func chunkedGzipBodyOnAKeptAliveConnection() throws {
        let server = try LiveServer.start()
        let connection = try RawClient(port: server.port)
        let compressed = try #require(Gzip.deflate(Array(XMLRPCWire.call("demo.addTwoNumbers", params: "<param><value><int>40</int></value></param><param><value><int>2</int></value></param>").utf8)))
        // Two chunks, split inside the gzip stream, then a plain call on the same connection.
        let half = compressed.count / 2
        var request = Array("POST /RPC2 HTTP/1.1\r\nHost: a\r\nContent-Type: text/xml\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)
        request += Array("\(String(half, radix: 16))\r\n".utf8) + compressed[..<half] + Array("\r\n".utf8)
        request += Array("\(String(compressed.count - half, radix: 16))\r\n".utf8) + compressed[half...] + Array("\r\n0\r\n\r\n".utf8)
        try connection.send(request)
        let first = try connection.readResponse()
        #expect(XMLRPCWire.isSuccess(first) && first.text.contains("<int>42</int>"), "\(first.text)")
        let plain = XMLRPCWire.call("demo.sayHello")
        try connection.send("POST /RPC2 HTTP/1.1\r\nHost: a\r\nContent-Length: \(plain.utf8.count)\r\n\r\n\(plain)")
        #expect(try connection.readResponse().text.contains("Hello!"))
    }

    @Test func zipBombIs413AndTheServerStillAnswers() throws {
        // 1 MiB limit; 64 MiB of zeros deflate to ~64 KB, well under the limit before inflation.
        let server = try LiveServer.start(["--max-body", "1048576"])
        let bomb = try #require(Gzip.deflate([UInt8](repeating: 0, count: 64 << 20)))
        #expect(bomb.count < 1 << 20)
        let started = Date()
        let reply = try XMLRPCWire.post(server.port, bomb, headers: [("Content-Encoding", "gzip")])
        #expect(reply.status == 413)
        #expect(Date().timeIntervalSince(started) < 5, "inflation must stop at the limit")
        // Just over the limit after inflation is refused too; under it is served.
        let padded = XMLRPCWire.call("demo.sayHello") + String(repeating: " ", count: 1 << 20)
        #expect(try XMLRPCWire.post(server.port, try #require(Gzip.deflate(Array(padded.utf8))), headers: [("Content-Encoding", "gzip")]).status == 413)
        let fits = XMLRPCWire.call("demo.sayHello") + String(repeating: " ", count: 1000)
        let served = try XMLRPCWire.post(server.port, try #require(Gzip.deflate(Array(fits.utf8))), headers: [("Content-Encoding", "gzip")])
        #expect(XMLRPCWire.isSuccess(served), "\(served.text)")
    }

    @Test func corruptOrTruncatedGzipIs400AndUnknownCodingIs415() throws {
        let server = try LiveServer.start()
        let good = try #require(Gzip.deflate(Array(XMLRPCWire.call("demo.sayHello").utf8)))
        var flipped = good
        flipped[flipped.count - 6] ^= 0xFF                           // the CRC-32 trailer no longer matches
        let cases: [(String, [UInt8], String, Int)] = [
            ("not gzip at all", Array(XMLRPCWire.call("demo.sayHello").utf8), "gzip", 400),
            ("bad checksum", flipped, "gzip", 400),
            ("truncated", Array(good.prefix(good.count / 2)), "gzip", 400),
            ("trailing garbage", good + Array("junk".utf8), "gzip", 400),
            ("empty", [], "gzip", 400),
            ("brotli", good, "br", 415),
            ("deflate", good, "deflate", 415),
            ("gzip then unknown", good, "gzip, compress", 415),
        ]
        for (name, body, coding, status) in cases {
            let reply = try XMLRPCWire.post(server.port, body, headers: [("Content-Encoding", coding)])
            #expect(reply.status == status, "\(name)")
            if status == 415 { #expect(reply.header("Accept-Encoding") == "gzip, identity", "\(name)") }
            #expect(!reply.text.contains("methodResponse"), "\(name): a coding problem is an HTTP status, not a fault")
        }
        for coding in ["identity", "x-gzip", "GZIP", " gzip , identity "] {
            let body = coding == "identity" ? Array(XMLRPCWire.call("demo.sayHello").utf8) : good
            #expect(XMLRPCWire.isSuccess(try XMLRPCWire.post(server.port, body, headers: [("Content-Encoding", coding)])), "\(coding)")
        }
    }

    @Test func acceptEncodingFollowsRFC9110Weights() {
        #expect(ContentCoding.acceptsGzip("gzip"))
        #expect(ContentCoding.acceptsGzip("deflate, GZip;q=0.8"))
        #expect(ContentCoding.acceptsGzip("*"))
        #expect(ContentCoding.acceptsGzip("x-gzip"))
        #expect(!ContentCoding.acceptsGzip(nil))
        #expect(!ContentCoding.acceptsGzip("identity"))
        #expect(!ContentCoding.acceptsGzip("gzip;q=0"))
        #expect(!ContentCoding.acceptsGzip("gzip; q=0.000, *"))
        #expect(!ContentCoding.acceptsGzip("*;q=0"))
        #expect(ContentCoding.acceptsGzip("gzip;q=0.001"))
    }

    @Test func inflateStopsAtTheLimitAndReadsConcatenatedMembers() throws {
        let first = try #require(Gzip.deflate(Array("hello ".utf8)))
        let second = try #require(Gzip.deflate(Array("world".utf8)))
        #expect(Gzip.inflate(first + second, limit: 100) == .bytes(Array("hello world".utf8)))
        let thousand = try #require(Gzip.deflate([UInt8](repeating: 65, count: 1000)))
        #expect(Gzip.inflate(thousand, limit: 1000) == .bytes([UInt8](repeating: 65, count: 1000)))
        #expect(Gzip.inflate(thousand, limit: 999) == .tooLarge)
        #expect(Gzip.inflate(thousand, limit: Int.max) == .bytes([UInt8](repeating: 65, count: 1000)), "`--max-body` at its maximum must not overflow")
        #expect(Gzip.inflate(thousand, limit: 0) == .tooLarge)
        #expect(ContentCoding.decode(thousand, contentEncoding: "gzip, gzip", limit: 5000) == .corrupt, "one layer only")
        let twice = try #require(Gzip.deflate(thousand))
        #expect(ContentCoding.decode(twice, contentEncoding: "gzip, gzip", limit: 5000) == .body([UInt8](repeating: 65, count: 1000)))
        #expect(ContentCoding.decode(twice, contentEncoding: "gzip, gzip, gzip", limit: 5000) == .unsupported)
    }
}
