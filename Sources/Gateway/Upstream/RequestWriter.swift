/// The head (and buffered body) of a forwarded request: HTTP/1.1, keep-alive, `Content-Length` framed
/// unless a streamed body of unknown length follows (then chunked, parts written by `UpstreamPool`).
enum RequestWriter {
    static func bytes(of request: ForwardRequest) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256 + request.headers.count * 48 + request.body.count)
        out.append(contentsOf: request.method.utf8)
        out.append(0x20)
        out.append(contentsOf: request.target.utf8)
        out.append(contentsOf: " HTTP/1.1\r\n".utf8)
        for field in request.headers {
            append(field.name, to: &out)
            out.append(contentsOf: ": ".utf8)
            append(field.value, to: &out)
            out.append(contentsOf: "\r\n".utf8)
        }
        switch request.streamedBody {
        case .length(let count)?:
            out.append(contentsOf: "Content-Length: \(count)\r\n".utf8)
        case .chunked?:
            out.append(contentsOf: "Transfer-Encoding: chunked\r\n".utf8)
        case nil where !request.body.isEmpty || request.method == "POST" || request.method == "PUT" || request.method == "PATCH":
            out.append(contentsOf: "Content-Length: ".utf8)
            out.append(contentsOf: String(request.body.count).utf8)
            out.append(contentsOf: "\r\n".utf8)
        case nil:
            break
        }
        out.append(contentsOf: "\r\n".utf8)
        out.append(contentsOf: request.body)
        return out
    }

    /// Values we set ourselves come from stored data (an upstream login): a control byte would split the
    /// head, so it becomes a space, as `ResponseSerializer` does for answers.
    private static func append(_ text: String, to out: inout [UInt8]) {
        for byte in text.utf8 { out.append(byte == 0x09 || (byte >= 0x20 && byte != 0x7F) ? byte : 0x20) }
    }
}
