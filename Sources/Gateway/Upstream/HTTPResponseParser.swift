/// Reads an HTTP/1.1 answer (RFC 9112): status line, header fields, and a body framed by
/// `Transfer-Encoding: chunked`, `Content-Length`, or the end of the connection.
enum HTTPResponseParser {
    typealias Failure = BlockingHTTPClient.Failure

    static func parse(_ raw: [UInt8]) throws(Failure) -> BlockingHTTPClient.Response {
        guard let headEnd = endOfHead(raw) else { throw Failure("the answer ended inside its head") }
        let headText = String(decoding: raw[..<headEnd], as: UTF8.self)
        var lines = headText.linesSeparatedByCRLF
        let statusLine = lines.removeFirst()
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]), (100...599).contains(status) else {
            throw Failure("not an HTTP/1.1 answer")
        }
        var headers: [(name: String, value: String)] = []
        for line in lines where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { throw Failure("a malformed header line") }
            headers.append((line[..<colon].lowercased(), String(line[line.index(after: colon)...]).trimmingSpaces))
        }
        let rest = Array(raw[(headEnd + 4)...])
        let body: [UInt8]
        if let coding = headers.first(where: { $0.name == "transfer-encoding" })?.value, coding.lowercased().hasSuffix("chunked") {
            guard let decoded = dechunk(rest) else { throw Failure("a malformed or truncated chunked body") }
            body = decoded.body
        } else if let length = headers.first(where: { $0.name == "content-length" }).flatMap({ Int($0.value) }) {
            guard rest.count >= length else { throw Failure("the answer ended \(length - rest.count) bytes short") }
            body = Array(rest.prefix(length))
        } else {
            body = rest
        }
        return .init(status: status, headers: headers, body: body)
    }

    /// Whether `raw` already holds a whole framed answer (so reading may stop before the close).
    static func isComplete(_ raw: [UInt8]) -> Bool {
        guard let headEnd = endOfHead(raw) else { return false }
        let answer = parseHeadOnly(raw, headEnd)
        let rest = Array(raw[(headEnd + 4)...])
        if answer.chunked { return dechunk(rest) != nil }
        if let length = answer.length { return rest.count >= length }
        return false
    }

    private static func parseHeadOnly(_ raw: [UInt8], _ headEnd: Int) -> (chunked: Bool, length: Int?) {
        let lines = String(decoding: raw[..<headEnd], as: UTF8.self).linesSeparatedByCRLF.dropFirst()
        var chunked = false, length: Int?
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased(), value = String(line[line.index(after: colon)...]).trimmingSpaces
            if name == "transfer-encoding", value.lowercased().hasSuffix("chunked") { chunked = true }
            if name == "content-length" { length = Int(value) }
        }
        return (chunked, length)
    }

    private static func endOfHead(_ raw: [UInt8]) -> Int? {
        guard raw.count >= 4 else { return nil }
        for index in 0...(raw.count - 4) where raw[index] == 13 && raw[index + 1] == 10 && raw[index + 2] == 13 && raw[index + 3] == 10 {
            return index
        }
        return nil
    }

    /// The body of a complete chunked encoding, or nil when it is malformed or not yet complete.
    static func dechunk(_ bytes: [UInt8]) -> (body: [UInt8], consumed: Int)? {
        var body: [UInt8] = []
        var index = 0
        while true {
            guard let lineEnd = crlf(in: bytes, from: index) else { return nil }
            let line = String(decoding: bytes[index..<lineEnd], as: UTF8.self)
            let sizeText = line.split(separator: ";", maxSplits: 1).first.map(String.init)?.trimmingSpaces ?? ""
            guard !sizeText.isEmpty, sizeText.count <= 8, let size = Int(sizeText, radix: 16) else { return nil }
            index = lineEnd + 2
            if size == 0 {
                // Trailer fields until an empty line.
                while true {
                    guard let end = crlf(in: bytes, from: index) else { return nil }
                    defer { index = end + 2 }
                    if end == index { return (body, end + 2) }
                }
            }
            guard bytes.count >= index + size + 2, bytes[index + size] == 13, bytes[index + size + 1] == 10 else { return nil }
            body += bytes[index..<(index + size)]
            index += size + 2
        }
    }

    private static func crlf(in bytes: [UInt8], from start: Int) -> Int? {
        var index = start
        while index + 1 < bytes.count {
            if bytes[index] == 13, bytes[index + 1] == 10 { return index }
            index += 1
        }
        return nil
    }
}

private extension String {
    /// CRLF is one `Character` in Swift, so this splits on line ends.
    var linesSeparatedByCRLF: [String] { split(separator: Character("\r\n"), omittingEmptySubsequences: false).map(String.init) }

    /// Optional whitespace around a field value (RFC 9110 §5.5): spaces and tabs.
    var trimmingSpaces: String {
        var slice = self[...]
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }
}
