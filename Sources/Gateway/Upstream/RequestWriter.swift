/// The head (and buffered body) of a forwarded request: HTTP/1.1, keep-alive, `Content-Length` framed
/// unless a streamed body of unknown length follows (then chunked, parts written by `UpstreamPool`).
enum RequestWriter {
    static func bytes(of request: ForwardRequest) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256 + request.headers.count * 48 + request.body.count)
        // Fixed bytes appended as bytes and Strings through their UTF-8 storage: appending a `.utf8`
        // view goes byte by byte, and this runs on every forwarded request.
        appendRaw(request.method, to: &out)
        out.append(0x20)
        appendRaw(request.target, to: &out)
        out.append(contentsOf: versionAndLineEnd)
        for field in request.headers {
            append(field.name, to: &out)
            out.append(0x3A)
            out.append(0x20)
            append(field.value, to: &out)
            out.append(0x0D)
            out.append(0x0A)
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
        out.append(0x0D)
        out.append(0x0A)
        out.append(contentsOf: request.body)
        return out
    }

    private static let versionAndLineEnd = Array(" HTTP/1.1\r\n".utf8)

    /// The method and target as the request line decoder accepted them.
    private static func appendRaw(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { out.append(contentsOf: $0) }
    }

    /// Values we set ourselves come from stored data (an upstream login): a control byte would split the
    /// head, so it becomes a space, as `ResponseSerializer` does for answers.
    // Checked first and copied whole: a byte-by-byte append was a tenth of a forwarded request.
    private static func append(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            if ASCII.areFieldValueBytes(UnsafeRawBufferPointer(bytes)) {
                out.append(contentsOf: bytes)
            } else {
                for byte in bytes { out.append(byte == 0x09 || (byte >= 0x20 && byte != 0x7F) ? byte : 0x20) }
            }
        }
    }
}
