import Testing
@testable import Gateway

/// Each parser fix the h11 differential check (`hardening/http_diff.py`) led to, on the bare decoder.
@Suite("RequestDecoder: fixes found by the h11 differential check")
struct DifferentialFixTests {
    @Test(arguments: [
        ("GET http://example.com:8080/healthz?x=1 HTTP/1.1\r\nHost: other\r\n\r\n", "/healthz?x=1", "example.com:8080"),
        ("GET HTTPS://example.com HTTP/1.1\r\nHost: other\r\n\r\n", "/", "example.com"),
        ("GET http://example.com?q=1 HTTP/1.1\r\nhost: other\r\n\r\n", "/?q=1", "example.com"),
        ("GET http://example.com/a HTTP/1.0\r\n\r\n", "/a", "example.com"),
    ])
    func absoluteFormRoutesOnItsPathAndHost(_ raw: String, _ target: String, _ host: String) throws {
        for feed in Feed.allCases {
            let head = try #require(feed.decode(Array(raw.utf8)).heads.first, "fed \(feed)")
            #expect(head.target == target, "fed \(feed)")
            #expect(head.headers.filter { $0.name.lowercased() == "host" }.map(\.value) == [host], "fed \(feed)")
        }
    }

    @Test(arguments: ["GET http://user@example.com/ HTTP/1.1\r\nHost: a\r\n\r\n", "GET http:///healthz HTTP/1.1\r\nHost: a\r\n\r\n"])
    func absoluteFormWithoutHostOrWithUserinfoIsRefused(_ raw: String) {
        for feed in Feed.allCases { #expect(feed.decode(raw) == [.reject(400)], "fed \(feed)") }
    }

    @Test func otherSchemesAndFormsStayAsSent() throws {
        for raw in ["GET ftp://example.com/x HTTP/1.1\r\nHost: a\r\n\r\n", "CONNECT example.com:443 HTTP/1.1\r\nHost: a\r\n\r\n"] {
            let head = try #require(Feed.whole.decode(Array(raw.utf8)).heads.first)
            #expect(raw.contains(" \(head.target) "))
        }
    }

    static let chunked = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"

    @Test(arguments: ["1 0\r\nx\r\n0\r\n\r\n", "3 abc\r\nabc\r\n0\r\n\r\n", "3\t=x\r\nabc\r\n0\r\n\r\n"])
    func chunkSizeFollowedBySomethingOtherThanAnExtensionIsRefused(_ body: String) {
        for feed in Feed.allCases { #expect(feed.decode(Self.chunked + body) == [.reject(400)], "fed \(feed)") }
    }

    @Test(arguments: ["3 ;ext\r\nabc\r\n0\r\n\r\n", "3 \t \r\nabc\r\n0\r\n\r\n", "3\t;a=b\r\nabc\r\n0\r\n\r\n"])
    func whitespaceBeforeAnExtensionOrTheLineEndIsAccepted(_ body: String) {
        for feed in Feed.allCases {
            #expect(feed.decode(Self.chunked + body) == [.request(method: "POST", target: "/", body: "abc")], "fed \(feed)")
        }
    }

    @Test(arguments: ["0\r\nbogus\r\n\r\n", "0\r\nX@Y: v\r\n\r\n", "0\r\n: v\r\n\r\n", "0\r\nX : v\r\n\r\n"])
    func trailerLineThatIsNoFieldIsRefused(_ body: String) {
        for feed in Feed.allCases { #expect(feed.decode(Self.chunked + body) == [.reject(400)], "fed \(feed)") }
    }

    @Test func wellFormedTrailersAreStillDropped() {
        for feed in Feed.allCases {
            #expect(feed.decode(Self.chunked + "3\r\nabc\r\n0\r\nX-T: v\r\nEmpty:\r\n\r\n") == [.request(method: "POST", target: "/", body: "abc")],
                    "fed \(feed)")
        }
    }
}
