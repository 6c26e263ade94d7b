import WireFormat
/// Collects the fields that decide framing and connection reuse while the head is read, then decides once.
/// Every ambiguity is refused, because a proxy in front of us might have read it differently
/// (request smuggling, RFC 9112 §6.1, §6.3, §11.2).
struct HeaderSemantics {
    struct Decision {
        let framing: BodyFraming
        let keepAlive: Bool
        let expectsContinue: Bool
    }

    private var contentLength: Int?
    private var transferEncodingCount = 0
    private var transferEncodingIsChunked = false
    private var hostCount = 0
    private var connectionClose = false
    private var connectionKeepAlive = false
    private var expectsContinue = false

    mutating func note(name: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) -> HeadRejection? {
        switch name.count {
        case 4 where ASCIICase.equalsLowercase(name, "host"):
            hostCount += 1
            // RFC 9112 §3.2: more than one Host is a 400.
            if hostCount > 1 { return .bad }
        case 6 where ASCIICase.equalsLowercase(name, "expect"):
            if ASCIICase.equalsLowercase(value, "100-continue") { expectsContinue = true }
        case 10 where ASCIICase.equalsLowercase(name, "connection"):
            for token in ListElements(value) {
                if ASCIICase.equalsLowercase(token, "close") { connectionClose = true }
                if ASCIICase.equalsLowercase(token, "keep-alive") { connectionKeepAlive = true }
            }
        case 14 where ASCIICase.equalsLowercase(name, "content-length"):
            return noteContentLength(value)
        case 17 where ASCIICase.equalsLowercase(name, "transfer-encoding"):
            // Only exactly one `chunked` is understood; any other coding or list is refused with 400.
            for token in ListElements(value) {
                transferEncodingCount += 1
                transferEncodingIsChunked = ASCIICase.equalsLowercase(token, "chunked")
            }
            if transferEncodingCount != 1 || !transferEncodingIsChunked { return .bad }
        default:
            break
        }
        return nil
    }

    /// `Content-Length: 5`, `5, 5` and repeated equal fields are one length (RFC 9110 §8.6); anything else is 400.
    private mutating func noteContentLength(_ value: UnsafeRawBufferPointer) -> HeadRejection? {
        var sawElement = false
        for element in ListElements(value, keepEmpty: true) {
            guard !element.isEmpty, element.count <= 18 else { return .bad }
            var length = 0
            for byte in element {
                guard byte >= 0x30, byte <= 0x39 else { return .bad }
                length = length * 10 + Int(byte - 0x30)
            }
            if let earlier = contentLength, earlier != length { return .bad }
            contentLength = length
            sawElement = true
        }
        return sawElement ? nil : .bad
    }

    func decide(minorVersion: Int, limits: HTTPLimits) -> Result<Decision, HeadRejection> {
        if minorVersion == 1 && hostCount == 0 { return .failure(.bad) }
        let framing: BodyFraming
        if transferEncodingCount > 0 {
            // Both framings at once, or chunked from an HTTP/1.0 client, is faulty framing (RFC 9112 §6.1).
            if contentLength != nil || minorVersion == 0 { return .failure(.bad) }
            framing = .chunked
        } else if let length = contentLength {
            if length > limits.maxBodyBytes { return .failure(HeadRejection(status: .contentTooLarge)) }
            framing = length == 0 ? .none : .length(length)
        } else {
            framing = .none
        }
        let keepAlive = minorVersion == 1 ? !connectionClose : (connectionKeepAlive && !connectionClose)
        let hasBody = framing != .none
        return .success(Decision(framing: framing, keepAlive: keepAlive,
                                 expectsContinue: expectsContinue && minorVersion == 1 && hasBody))
    }
}

/// Elements of a comma-separated field value with OWS trimmed (RFC 9110 §5.6.1); empty ones skipped unless asked.
struct ListElements: Sequence, IteratorProtocol {
    private let bytes: UnsafeRawBufferPointer
    private var position = 0
    private var finished = false
    private let keepEmpty: Bool

    init(_ bytes: UnsafeRawBufferPointer, keepEmpty: Bool = false) {
        self.bytes = bytes
        self.keepEmpty = keepEmpty
    }

    mutating func next() -> UnsafeRawBufferPointer? {
        while !finished {
            var end = position
            while end < bytes.count, bytes[end] != ASCII.comma { end += 1 }
            var start = position
            var stop = end
            if end >= bytes.count { finished = true } else { position = end + 1 }
            while start < stop, ASCII.isWhitespace(bytes[start]) { start += 1 }
            while stop > start, ASCII.isWhitespace(bytes[stop - 1]) { stop -= 1 }
            if start < stop || keepEmpty { return UnsafeRawBufferPointer(rebasing: bytes[start..<stop]) }
        }
        return nil
    }
}
