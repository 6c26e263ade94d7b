import Glibc
import WireFormat

/// Reads an upstream's status line and header section (RFC 9112 §4, §5), strictly: anything that is not
/// valid HTTP/1.x ends the exchange with a 502 instead of reaching the client.
enum AnswerHeadParser {
    struct Head {
        var status: Int
        /// The head as it arrived, and where each field's name and value (without its optional
        /// whitespace) lie in it. The relay copies the fields it keeps from these bytes; Strings are
        /// made only where an answer is rewritten (`headers`): making them for every relayed answer,
        /// filtering them and writing them back was a third of a forwarded request (callgrind).
        let section: [UInt8]
        let fields: [Field]
        var framing: Framing
        /// Whether the upstream lets the connection be used again (HTTP/1.1 without `Connection: close`).
        var keepAlive: Bool

        struct Field {
            let name: Range<Int>
            let value: Range<Int>
        }

        var headers: [(name: String, value: String)] {
            section.withUnsafeBytes { raw in
                fields.map { (String(decoding: raw[$0.name], as: UTF8.self), String(decoding: raw[$0.value], as: UTF8.self)) }
            }
        }

        /// Calls `body` with each field's name and value bytes, in order.
        func forEachField(_ body: (_ name: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) -> Void) {
            section.withUnsafeBytes { raw in
                for field in fields { body(UnsafeRawBufferPointer(rebasing: raw[field.name]), UnsafeRawBufferPointer(rebasing: raw[field.value])) }
            }
        }
    }

    /// How the answer's content ends (RFC 9112 §6.3).
    enum Framing: Equatable {
        case none
        case length(Int)
        case chunked
        case untilClose
    }

    enum Outcome {
        case needMoreBytes
        case head(Head, consumed: Int)
        case invalid
    }

    /// Generous (WordPress sends long `Link` headers) but bounded.
    static let maxHeadBytes = 64 * 1024

    /// `requestMethod` decides whether content follows (HEAD never has any, RFC 9110 §9.3.2).
    static func parse(_ bytes: UnsafeRawBufferPointer, requestMethod: String) -> Outcome {
        guard let end = headEnd(bytes) else { return bytes.count > maxHeadBytes ? .invalid : .needMoreBytes }
        guard end <= maxHeadBytes else { return .invalid }
        var lines = LineIterator(UnsafeRawBufferPointer(rebasing: bytes[0..<(end - 2)]))
        guard let statusLine = lines.next(), let (minor, status) = parseStatusLine(statusLine) else { return .invalid }
        var fields: [Head.Field] = []
        fields.reserveCapacity(16)   // growing from empty took four reallocations for a usual answer
        let origin = bytes.baseAddress!
        var contentLength: Int?
        var chunked = false
        var transferEncoded = false
        var closes = minor == 0
        while let line = lines.next() {
            guard let first = line.first, ASCII.isTokenByte(first) else { return .invalid }   // no obs-fold
            guard let colon = line.firstIndex(of: ASCII.colon), line[..<colon].allSatisfy(ASCII.isTokenByte) else { return .invalid }
            var start = colon + 1, stop = line.count
            while start < stop, ASCII.isWhitespace(line[start]) { start += 1 }
            while stop > start, ASCII.isWhitespace(line[stop - 1]) { stop -= 1 }
            let value = UnsafeRawBufferPointer(rebasing: line[start..<stop])
            guard ASCII.areFieldValueBytes(value) else { return .invalid }
            let nameBytes = UnsafeRawBufferPointer(rebasing: line[0..<colon])
            // The three names that frame the answer are told on the bytes, and their values read there
            // too: lower-cased Strings and `split` were a fifth of a forwarded request (callgrind).
            if ASCIICase.equalsLowercase(nameBytes, "content-length") {
                // Repeats must agree (RFC 9112 §6.3 ¶5); a list of equal values is one value.
                var valid = true
                FieldList.forEach(value, keepingEmpty: true) { digits in
                    guard valid else { return }
                    guard let length = decimal(digits), contentLength == nil || contentLength == length else {
                        valid = false
                        return
                    }
                    contentLength = length
                }
                guard valid else { return .invalid }
            } else if ASCIICase.equalsLowercase(nameBytes, "transfer-encoding") {
                transferEncoded = true
                var last: UnsafeRawBufferPointer?
                FieldList.forEach(value, keepingEmpty: false) { last = $0 }
                chunked = last.map { ASCIICase.equalsLowercase($0, "chunked") } ?? false
            } else if ASCIICase.equalsLowercase(nameBytes, "connection") {
                var close = false, keepAlive = false
                FieldList.forEach(value, keepingEmpty: false) { token in
                    if ASCIICase.equalsLowercase(token, "close") { close = true }
                    if ASCIICase.equalsLowercase(token, "keep-alive") { keepAlive = true }
                }
                if close { closes = true }
                if minor == 0 && keepAlive { closes = false }
            }
            let lineStart = origin.distance(to: line.baseAddress!)
            fields.append(Head.Field(name: lineStart..<(lineStart + colon), value: (lineStart + start)..<(lineStart + stop)))
        }
        let framing: Framing
        if requestMethod == "HEAD" || (100..<200).contains(status) || status == 204 || status == 304 {
            framing = .none
        } else if transferEncoded {
            // A length beside a transfer coding is a smuggling attempt, not an answer (RFC 9112 §6.1).
            guard contentLength == nil else { return .invalid }
            framing = chunked ? .chunked : .untilClose
        } else if let contentLength {
            framing = contentLength == 0 ? .none : .length(contentLength)
        } else {
            framing = .untilClose
        }
        if framing == .untilClose { closes = true }
        return .head(Head(status: status, section: Array(UnsafeRawBufferPointer(rebasing: bytes[0..<end])), fields: fields,
                          framing: framing, keepAlive: !closes), consumed: end)
    }

    /// Offset just past the blank line ending the head, if it has arrived.
    private static func headEnd(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard bytes.count >= 4, let base = bytes.baseAddress else { return nil }
        let limit = min(bytes.count, maxHeadBytes + 4)
        var index = 0
        while index + 3 < limit {
            guard let found = memchr(base + index, Int32(ASCII.cr), limit - index - 3) else { return nil }
            let at = base.distance(to: UnsafeRawPointer(found))
            if bytes[at + 1] == ASCII.lf && bytes[at + 2] == ASCII.cr && bytes[at + 3] == ASCII.lf { return at + 4 }
            index = at + 1
        }
        return nil
    }

    /// 1 to 15 ASCII digits as a number, else nil.
    private static func decimal(_ digits: UnsafeRawBufferPointer) -> Int? {
        guard !digits.isEmpty, digits.count <= 15 else { return nil }
        var number = 0
        for digit in digits {
            guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") else { return nil }
            number = number * 10 + Int(digit - UInt8(ascii: "0"))
        }
        return number
    }

    /// `HTTP/1.x SSS reason`; the reason is not kept (the gateway writes its own).
    private static func parseStatusLine(_ line: UnsafeRawBufferPointer) -> (minor: Int, status: Int)? {
        guard line.count >= 12, line.starts(with: "HTTP/1.".utf8), line[8] == ASCII.space else { return nil }
        guard line[7] == UInt8(ascii: "0") || line[7] == UInt8(ascii: "1") else { return nil }
        var status = 0
        for index in 9..<12 {
            let digit = line[index]
            guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") else { return nil }
            status = status * 10 + Int(digit - UInt8(ascii: "0"))
        }
        guard status >= 100, line.count == 12 || line[12] == ASCII.space else { return nil }
        // Reason: visible text only (RFC 9112 §4).
        guard line.dropFirst(12).allSatisfy({ $0 == ASCII.tab || ($0 >= 0x20 && $0 != 0x7F) }) else { return nil }
        return (Int(line[7] - UInt8(ascii: "0")), status)
    }
}
