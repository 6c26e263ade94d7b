import WireFormat
/// Writes status line, headers and body into a connection's reused output buffer.
struct ResponseSerializer {
    /// What the `Connection` header says (RFC 9112 §9.3): nothing for HTTP/1.1 keep-alive,
    /// `keep-alive` for an HTTP/1.0 client that asked for it, `close` when we close.
    enum Persistence {
        case implicit
        case keepAlive
        case close
    }

    let dates: DateCache

    /// `requestID`: `X-Request-Id` (issue 17), written here so that no header array grows for it.
    func write(_ response: HTTPResponse, omitBody: Bool, persistence: Persistence, into out: ByteBuffer, requestID: String? = nil) {
        writeStatusLineAndDate(response.status, into: out)
        out.appendField(name: "Content-Type", value: response.contentType)
        out.append("Content-Length: ")
        out.appendDecimal(response.body.count)
        out.append("\r\n")
        write(persistence, into: out)
        if let requestID { out.appendField(name: "X-Request-Id", value: requestID) }
        for field in response.headers where Self.isAllowed(field.name) {
            out.appendField(name: field.name, value: field.value)
        }
        out.append("\r\n")
        if !omitBody { out.append(response.body) }
    }

    /// A forwarded answer's head: the upstream's status and (filtered) fields, our `Date`, framing and
    /// `Connection`. The fields include the framing one (`Content-Length` or `Transfer-Encoding`);
    /// `fields` writes them (`ByteBuffer.appendField`), straight from the upstream's head.
    func writeForwardedHead(status code: Int, persistence: Persistence, into out: ByteBuffer, fields: (ByteBuffer) -> Void) {
        writeStatusLineAndDate(code, into: out)
        write(persistence, into: out)
        fields(out)
        out.append("\r\n")
    }

    private func writeStatusLineAndDate(_ code: Int, into out: ByteBuffer) {
        let status = HTTPStatus(code)
        out.append("HTTP/1.1 ")
        out.appendDecimal(status.code)
        out.append(byte: ASCII.space)
        out.append(status.reasonPhrase)
        out.append("\r\n")
        out.append(dates.headerLine)
    }

    private func write(_ persistence: Persistence, into out: ByteBuffer) {
        switch persistence {
        case .implicit: break
        case .keepAlive: out.append("Connection: keep-alive\r\n")
        case .close: out.append("Connection: close\r\n")
        }
    }

    /// The fixed answer to a request we refuse: a short plain-text body that never echoes the input.
    func writeRejection(_ status: HTTPStatus, into out: ByteBuffer, requestID: String? = nil) {
        let body = Array("\(status.reasonPhrase)\n".utf8)
        write(HTTPResponse(status: status.code, contentType: "text/plain; charset=utf-8", body: body),
              omitBody: false, persistence: .close, into: out, requestID: requestID)
    }

    func writeContinue(into out: ByteBuffer) {
        out.append("HTTP/1.1 100 Continue\r\n\r\n")
    }

    /// The server owns framing and connection headers; a handler's copies would contradict ours.
    private static func isAllowed(_ name: String) -> Bool {
        switch name.utf8.count {
        case 4: !ASCIICase.isLowercase(name, "date")
        case 10: !ASCIICase.isLowercase(name, "connection")
        case 12: !ASCIICase.isLowercase(name, "content-type")
        case 14: !ASCIICase.isLowercase(name, "content-length")
        case 17: !ASCIICase.isLowercase(name, "transfer-encoding")
        default: !name.isEmpty
        }
    }
}
