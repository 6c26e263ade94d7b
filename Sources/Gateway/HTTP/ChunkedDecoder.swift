/// Incremental `Transfer-Encoding: chunked` decoder (RFC 9112 §7.1). It keeps no bytes of its own: each call
/// consumes what it can, appending chunk data to the body, so any split of the input gives the same result.
package struct ChunkedDecoder {
    package enum Step: Equatable {
        /// Everything offered was consumed; more is needed.
        case needMoreBytes
        /// The last chunk and the trailer section are done; `consumed` bytes belonged to the body.
        case done(consumed: Int)
        case reject(HTTPStatus)
    }

    private enum State {
        case size
        /// Whitespace after the size: only more of it, `;` or CR may follow.
        case sizeSpace
        case extensions
        case sizeLF
        case data
        case dataCR
        case dataLF
        case trailerLineStart
        case trailerName
        case trailerLine
        case trailerLF(endsSection: Bool)
    }

    private let limits: HTTPLimits
    private var state = State.size
    private var chunkSize = 0
    private var sizeDigits = 0
    private var lineBytes = 0
    private var trailerBytes = 0
    private var remaining = 0

    package init(limits: HTTPLimits) { self.limits = limits }

    package mutating func decode(_ bytes: UnsafeRawBufferPointer, into body: inout [UInt8]) -> Step {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch state {
            case .size:
                if let value = Self.hexValue(byte) {
                    // 15 hex digits cannot overflow Int; longer sizes are refused as overflow.
                    sizeDigits += 1
                    guard sizeDigits <= 15 else { return .reject(.badRequest) }
                    chunkSize = chunkSize << 4 | value
                } else {
                    guard sizeDigits > 0 else { return .reject(.badRequest) }
                    if byte == ASCII.cr {
                        state = .sizeLF
                    } else if byte == UInt8(ascii: ";") {
                        state = .extensions
                    } else if ASCII.isWhitespace(byte) {
                        state = .sizeSpace
                    } else {
                        return .reject(.badRequest)
                    }
                }
                lineBytes += 1
            case .sizeSpace:
                // BWS before `;` (RFC 9112 §7.1.1). Anything else is refused: `1 0` must not be read as 1 by us
                // and as 0x10 by a proxy in front of us.
                lineBytes += 1
                guard lineBytes <= limits.maxChunkLineBytes else { return .reject(.badRequest) }
                if byte == ASCII.cr {
                    state = .sizeLF
                } else if byte == UInt8(ascii: ";") {
                    state = .extensions
                } else if !ASCII.isWhitespace(byte) {
                    return .reject(.badRequest)
                }
            case .extensions:
                // chunk-ext is ignored (RFC 9112 §7.1.1) but bounded and must not hide a bare LF or controls.
                lineBytes += 1
                guard lineBytes <= limits.maxChunkLineBytes else { return .reject(.badRequest) }
                if byte == ASCII.cr {
                    state = .sizeLF
                } else if !ASCII.isFieldValueByte(byte) {
                    return .reject(.badRequest)
                }
            case .sizeLF:
                guard byte == ASCII.lf else { return .reject(.badRequest) }
                guard chunkSize <= limits.maxBodyBytes - body.count else { return .reject(.contentTooLarge) }
                if chunkSize == 0 {
                    state = .trailerLineStart
                } else {
                    remaining = chunkSize
                    state = .data
                }
                chunkSize = 0
                sizeDigits = 0
                lineBytes = 0
            case .data:
                let take = min(remaining, bytes.count - index)
                body.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[index..<(index + take)]))
                remaining -= take
                index += take
                if remaining == 0 { state = .dataCR }
                continue
            case .dataCR:
                guard byte == ASCII.cr else { return .reject(.badRequest) }
                state = .dataLF
            case .dataLF:
                guard byte == ASCII.lf else { return .reject(.badRequest) }
                state = .size
            case .trailerLineStart:
                // Trailer fields are read and dropped (RFC 9112 §7.1.2), within the header-size budget.
                trailerBytes += 1
                if byte == ASCII.cr {
                    state = .trailerLF(endsSection: true)
                } else if ASCII.isTokenByte(byte) {
                    state = .trailerName
                } else {
                    return .reject(.badRequest)
                }
            case .trailerName:
                // A trailer field is `token ":" value` like a header field (RFC 9112 §7.1.2, §5.1).
                trailerBytes += 1
                guard trailerBytes <= limits.maxHeaderBytes else { return .reject(.requestHeaderFieldsTooLarge) }
                if byte == ASCII.colon {
                    state = .trailerLine
                } else if !ASCII.isTokenByte(byte) {
                    return .reject(.badRequest)
                }
            case .trailerLine:
                trailerBytes += 1
                guard trailerBytes <= limits.maxHeaderBytes else { return .reject(.requestHeaderFieldsTooLarge) }
                if byte == ASCII.cr {
                    state = .trailerLF(endsSection: false)
                } else if !ASCII.isFieldValueByte(byte) {
                    return .reject(.badRequest)
                }
            case .trailerLF(let endsSection):
                guard byte == ASCII.lf else { return .reject(.badRequest) }
                trailerBytes += 1
                if endsSection { return .done(consumed: index + 1) }
                state = .trailerLineStart
            }
            index += 1
        }
        return .needMoreBytes
    }

    private static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case 0x30...0x39: Int(byte - 0x30)
        case 0x41...0x46: Int(byte - 0x41 + 10)
        case 0x61...0x66: Int(byte - 0x61 + 10)
        default: nil
        }
    }
}
