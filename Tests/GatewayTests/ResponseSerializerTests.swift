import Testing
@testable import Gateway

@Suite("ResponseSerializer and DateCache")
struct ResponseSerializerTests {
    private func serialise(_ response: HTTPResponse, omitBody: Bool = false, persistence: ResponseSerializer.Persistence = .implicit) -> String {
        let dates = DateCache()
        dates.refresh(now: 784_111_777)   // RFC 9110 §5.6.7's example instant
        let out = ByteBuffer(capacity: 64)
        ResponseSerializer(dates: dates).write(response, omitBody: omitBody, persistence: persistence, into: out)
        return String(decoding: out.readable, as: UTF8.self)
    }

    @Test func responseCarriesDateTypeAndLength() {
        let text = serialise(HTTPResponse(status: 200, contentType: "application/json", body: Array("{}".utf8)))
        #expect(text == "HTTP/1.1 200 OK\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")
    }

    @Test func headKeepsLengthAndDropsBody() {
        let text = serialise(HTTPResponse(status: 404, contentType: "text/plain", body: Array("missing".utf8)), omitBody: true, persistence: .close)
        #expect(text.hasPrefix("HTTP/1.1 404 Not Found\r\n"))
        #expect(text.contains("Content-Length: 7\r\nConnection: close\r\n\r\n"))
        #expect(text.hasSuffix("\r\n\r\n"))
    }

    @Test func handlerHeadersCannotSplitTheResponseOrOverrideFraming() {
        let response = HTTPResponse(status: 429, contentType: "text/plain", headers: [
            ("Retry-After", "5"), ("X-Evil", "a\r\nSet-Cookie: x"), ("content-length", "99"), ("Connection", "keep-alive"),
        ], body: [])
        let text = serialise(response, persistence: .keepAlive)
        #expect(text.contains("HTTP/1.1 429 Too Many Requests\r\n"))
        #expect(text.contains("Retry-After: 5\r\n"))
        #expect(text.contains("X-Evil: a  Set-Cookie: x\r\n"))
        #expect(!text.contains(": 99"))
        #expect(text.components(separatedBy: "Connection:").count == 2)
        #expect(text.contains("Content-Length: 0\r\nConnection: keep-alive\r\n"))
    }

    @Test func unknownStatusStillGetsAPhrase() {
        #expect(serialise(HTTPResponse(status: 299, contentType: "text/plain", body: [])).hasPrefix("HTTP/1.1 299 Success\r\n"))
    }

    @Test func dateLineIsIMFFixdate() {
        let dates = DateCache()
        dates.refresh(now: 1_798_761_600)   // 2027-01-01T00:00:00Z, a Friday
        #expect(String(decoding: dates.headerLine, as: UTF8.self) == "Date: Fri, 01 Jan 2027 00:00:00 GMT\r\n")
    }
}
