import Glibc
import WireFormat

/// Turns a complete head (request line + header lines, each ending CRLF, blank line excluded) into a
/// `RequestHead`, deciding framing and keep-alive on the way.
enum HeadReader {
    static func read(_ head: UnsafeRawBufferPointer, limits: HTTPLimits) -> Result<RequestHead, HeadRejection> {
        var lines = LineIterator(head)
        guard let requestLine = lines.next() else { return .failure(.bad) }
        let start: RequestLine
        switch RequestLine.parse(requestLine) {
        case .success(let line): start = line
        case .failure(let rejection): return .failure(rejection)
        }
        var headers: [(name: String, value: String)] = []
        headers.reserveCapacity(12)             // one allocation for a typical head, not one per doubling
        var semantics = HeaderSemantics()
        while let line = lines.next() {
            // obs-fold (RFC 9112 §5.2) and any space before the colon (§5.1) are refused.
            guard let first = line.first, ASCII.isTokenByte(first) else { return .failure(.bad) }
            var colon = 1
            while colon < line.count, line[colon] != ASCII.colon {
                guard ASCII.isTokenByte(line[colon]) else { return .failure(.bad) }
                colon += 1
            }
            guard colon < line.count else { return .failure(.bad) }
            var valueStart = colon + 1
            var valueEnd = line.count
            guard ASCII.areFieldValueBytes(UnsafeRawBufferPointer(rebasing: line[valueStart..<valueEnd])) else { return .failure(.bad) }
            while valueStart < valueEnd, ASCII.isWhitespace(line[valueStart]) { valueStart += 1 }
            while valueEnd > valueStart, ASCII.isWhitespace(line[valueEnd - 1]) { valueEnd -= 1 }
            let name = UnsafeRawBufferPointer(rebasing: line[0..<colon])
            let value = UnsafeRawBufferPointer(rebasing: line[valueStart..<valueEnd])
            if let rejection = semantics.note(name: name, value: value) { return .failure(rejection) }
            headers.append((String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self)))
        }
        var target = start.target
        switch AbsoluteForm.parse(target) {
        case .success(let absolute)?:
            target = absolute.originForm
            if let index = headers.firstIndex(where: { ASCIICase.isLowercase($0.name, "host") }) {
                headers[index].value = absolute.authority
            } else {
                headers.append(("Host", absolute.authority))
            }
        case .failure(let rejection)?:
            return .failure(rejection)
        case nil:
            break
        }
        switch semantics.decide(minorVersion: start.minorVersion, limits: limits) {
        case .success(let decision):
            return .success(RequestHead(method: start.method, target: target, minorVersion: start.minorVersion,
                                        headers: headers, framing: decision.framing, keepAlive: decision.keepAlive,
                                        expectsContinue: decision.expectsContinue))
        case .failure(let rejection):
            return .failure(rejection)
        }
    }
}

/// Lines of a head, each without its CRLF (the parser has already checked every LF follows a CR).
struct LineIterator {
    private let bytes: UnsafeRawBufferPointer
    private var position = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    mutating func next() -> UnsafeRawBufferPointer? {
        guard position < bytes.count, let base = bytes.baseAddress else { return nil }
        // The head ends in CRLF, so an LF is always found.
        guard let found = memchr(base + position, Int32(ASCII.lf), bytes.count - position) else { return nil }
        let end = base.distance(to: UnsafeRawPointer(found))
        let line = UnsafeRawBufferPointer(rebasing: bytes[position..<(end - 1)])
        position = end + 1
        return line
    }
}
