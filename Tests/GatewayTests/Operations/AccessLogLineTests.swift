import CredentialCore
import Foundation
import Testing
@testable import Gateway

/// The access-log line and request ids as bytes: what a hostile login or target does to a line, which
/// query values are cut, how paths are classified, what ids look like.
@Suite struct AccessLogLineTests {
    func line(target: String, login: String? = nil, kind: RequestProtocol = .rest) throws -> [String: Any] {
        var trace = RequestTrace()
        trace.id = "00c0ffee-1"
        trace.method = "GET"
        trace.target = target
        trace.client = "192.0.2.1"
        trace.kind = kind
        trace.login = login
        trace.api = login == nil ? nil : .rest
        trace.outcome = login == nil ? nil : .incorrectPassword
        let buffer = ByteBuffer(capacity: 16)
        AccessLogLine.append(&trace, status: 401, micros: 1234, time: (Array("2026-12-07T01:02:03".utf8), 4), to: buffer)
        let bytes = Array(buffer.readable)
        #expect(bytes.last == 0x0A && bytes.filter { $0 == 0x0A }.count == 1, "one line")
        return try #require(JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    @Test func hostileLoginsStayOneValidLine() throws {
        let login = "a\"b\\c\nd\u{01}é✓"
        let object = try line(target: "/wp-json/", login: login)
        #expect(object["login"] as? String == login)
        #expect(object["status"] as? Int == 401 && object["duration_us"] as? Int == 1234 && object["auth"] as? String == "incorrect_password")
        #expect(object["time"] as? String == "2026-12-07T01:02:03.004Z")
    }

    @Test func aLoginShapedLikeAPasswordIsWithheld() throws {
        let object = try line(target: "/wp-json/", login: "abcd EFGH ijkl MNOP qrst UVWX")
        #expect(object["login"] as? String != "abcd EFGH ijkl MNOP qrst UVWX")
    }

    @Test(arguments: [
        ("/a?password=hunter2&x=1", "/a?password=&x=1"),
        ("/a?_wpnonce=abc&API_KEY=k&Auth_Token=t&log=admin", "/a?_wpnonce=&API_KEY=&Auth_Token=&log=admin"),
        ("/a?pwd=s&pwd=t&&plain", "/a?pwd=&pwd=&&plain"),
        ("/wp-json/wp/v2/posts", "/wp-json/wp/v2/posts"),
    ])
    func credentialQueryValuesAreCut(target: String, logged: String) throws {
        #expect(try line(target: target)["path"] as? String == logged)
    }

    @Test(arguments: [
        ("/wp-json/wp/v2/users/me", RequestProtocol.rest), ("/?rest_route=/wp/v2/users/me", .rest), ("/xmlrpc.php", .xmlrpc),
        ("/xmlrpc.php?x=1", .xmlrpc), ("/RPC2", .xmlrpc), ("/healthz", .health), ("/about/", .page), ("/xmlrpc.phpx", .page),
    ])
    func protocolsAreJudgedOnThePath(target: String, kind: RequestProtocol) {
        #expect(RequestProtocol(target: target) == kind)
    }

    @Test func idsAreShortDistinctAndSafe() {
        var ids = RequestIDs()
        let made = (0..<300).map { _ in ids.make() }
        #expect(Set(made).count == 300)
        #expect(made.allSatisfy { $0.utf8.count <= 15 && RequestIDs.isAcceptable($0) })
        #expect(made[0].hasSuffix("-1") && made[255].hasSuffix("-100"))
        #expect(!RequestIDs.isAcceptable("a b") && !RequestIDs.isAcceptable("") && !RequestIDs.isAcceptable(String(repeating: "a", count: 129)))
    }

    @Test func decimalsAtDigitBoundaries() throws {
        let values = [0, 7, 9, 10, 99, 100, 999, 1_000, 65_535, 1_000_000, Int.max]
        let buffer = ByteBuffer(capacity: 16)
        for value in values {
            buffer.appendDecimal(value)
            buffer.append(byte: 0x20)
        }
        buffer.appendDecimal(-5)   // never negative on the wire: clamped
        #expect(String(decoding: Array(buffer.readable), as: UTF8.self) == values.map(String.init).joined(separator: " ") + " 0")
        var trace = RequestTrace()
        trace.id = "1"
        trace.bytesIn = Int.max
        trace.bytesOut = 10
        let line = ByteBuffer(capacity: 16)
        AccessLogLine.append(&trace, status: 599, micros: UInt64.max, time: (Array("2026-12-07T01:02:03".utf8), 999), to: line)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(Array(line.readable))) as? [String: Any])
        #expect(object["bytes_in"] as? Int == Int.max && object["bytes_out"] as? Int == 10 && object["status"] as? Int == 599)
        #expect(object["duration_us"] as? Int == Int.max && object["time"] as? String == "2026-12-07T01:02:03.999Z")
    }
}
