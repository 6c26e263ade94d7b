@testable import Gateway
import Testing

/// The enrolment client's answer framing (RFC 9112 §6.3): Content-Length, chunked, or the close.
@Suite struct HTTPResponseParserTests {
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func contentLengthStopsAtTheLength() throws {
        let raw = Self.bytes("HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 5\r\n\r\nhelloEXTRA")
        let answer = try HTTPResponseParser.parse(raw)
        #expect(answer.status == 201 && answer.body == Self.bytes("hello") && answer.header("content-type") == "application/json")
        #expect(HTTPResponseParser.isComplete(raw))
        #expect(!HTTPResponseParser.isComplete(Self.bytes("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhel")))
        #expect(throws: BlockingHTTPClient.Failure.self) { try HTTPResponseParser.parse(Self.bytes("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhel")) }
    }

    @Test func chunkedWithExtensionsAndTrailers() throws {
        let raw = Self.bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;x=y\r\n{\"a\"\r\na\r\n:\"0123456\"\r\n1\r\n}\r\n0\r\nX-Trailer: 1\r\n\r\n")
        let answer = try HTTPResponseParser.parse(raw)
        #expect(String(decoding: answer.body, as: UTF8.self) == "{\"a\":\"0123456\"}")
        #expect(HTTPResponseParser.isComplete(raw))
        for cut in 1..<raw.count where cut < raw.count - 1 {       // any truncation is incomplete, never a short body
            #expect(!HTTPResponseParser.isComplete(Array(raw.prefix(cut))), "cut at \(cut)")
        }
        #expect(throws: BlockingHTTPClient.Failure.self) { try HTTPResponseParser.parse(Self.bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")) }
    }

    @Test func closeDelimitedAndRefusals() throws {
        #expect(try HTTPResponseParser.parse(Self.bytes("HTTP/1.0 404 Not Found\r\n\r\nall of it")).body == Self.bytes("all of it"))
        #expect(!HTTPResponseParser.isComplete(Self.bytes("HTTP/1.0 404 Not Found\r\n\r\nall of it")))
        #expect(throws: BlockingHTTPClient.Failure.self) { try HTTPResponseParser.parse(Self.bytes("SSH-2.0-OpenSSH\r\n\r\n")) }
        #expect(throws: BlockingHTTPClient.Failure.self) { try HTTPResponseParser.parse(Self.bytes("HTTP/1.1 200 OK\r\n")) }
    }

    @Test func upstreamURLs() throws {
        let origin = try UpstreamOrigin(url: "http://[::1]:8081/blog/")
        #expect(origin.basePath == "/blog" && origin.authority == "[::1]:8081" && origin.url == "http://[::1]:8081/blog")
        #expect(try UpstreamOrigin(url: "http://localhost").authority == "localhost")
        let secure = try UpstreamOrigin(url: "https://localhost/wp")
        #expect(secure.isTLS && secure.host == "localhost" && secure.url == "https://localhost/wp")
        for bad in ["https://", "ftp://x", "http://", "http://a:0", "http://u:p@host/", "http://h/?q", "http://no-such-host.invalid"] {
            #expect(throws: UpstreamOrigin.Problem.self, "\(bad)") { try UpstreamOrigin(url: bad) }
        }
    }
}
