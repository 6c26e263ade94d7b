/// Writes an access-log line into space already reserved in a `ByteBuffer`, without a capacity check
/// per piece: `AccessLogLine` reserves the line's upper bound once (fixed text, plus every string at its
/// worst-case escaped length), then writes ~25 pieces here. A checked append per piece (a reserve and a
/// `memcpy` call each) was half of the line's cost (callgrind, W1).
struct LineWriter {
    private let start: UnsafeMutablePointer<UInt8>
    private var cursor: UnsafeMutablePointer<UInt8>
    private let limit: UnsafeMutablePointer<UInt8>

    init(into buffer: ByteBuffer, reserving bound: Int) {
        buffer.reserve(bound)
        start = buffer.writableStart
        cursor = start
        limit = start + bound
    }

    /// The bytes written; the caller commits them to the buffer.
    var count: Int { cursor - start }

    mutating func put(_ text: StaticString) {
        let length = text.utf8CodeUnitCount
        precondition(cursor + length <= limit, "access-log line bound too small")
        var source = text.utf8Start
        for _ in 0..<length {
            cursor.pointee = source.pointee
            cursor += 1
            source += 1
        }
    }

    mutating func put(byte: UInt8) {
        precondition(cursor < limit, "access-log line bound too small")
        cursor.pointee = byte
        cursor += 1
    }

    mutating func put(_ bytes: [UInt8]) {
        precondition(cursor + bytes.count <= limit, "access-log line bound too small")
        for byte in bytes {
            cursor.pointee = byte
            cursor += 1
        }
    }

    /// Decimal digits of a non-negative integer.
    mutating func putDecimal(_ value: Int) {
        let digits = ByteBuffer.decimalCount(value)
        precondition(cursor + digits <= limit, "access-log line bound too small")
        ByteBuffer.writeDecimal(value, digits: digits, at: cursor)
        cursor += digits
    }

    /// RFC 8259 §7 string: quotes, backslashes and control characters escaped; other UTF-8 as is (a Swift
    /// string is valid UTF-8, so the line is too). At most `6 × bytes + 2` written (`worstCase`).
    mutating func putQuoted(_ text: String) {
        if let done: Void = text.utf8.withContiguousStorageIfAvailable({ putQuoted(bytes: $0) }) { return done }
        Array(text.utf8).withUnsafeBufferPointer { putQuoted(bytes: $0) }
    }

    static func worstCase(_ text: String) -> Int { 6 * text.utf8.count + 2 }

    private mutating func putQuoted(bytes: UnsafeBufferPointer<UInt8>) {
        precondition(cursor + 6 * bytes.count + 2 <= limit, "access-log line bound too small")
        cursor.pointee = 0x22
        cursor += 1
        for byte in bytes {
            switch byte {
            case 0x22, 0x5C:
                cursor[0] = 0x5C
                cursor[1] = byte
                cursor += 2
            case 0..<0x20:
                cursor[0] = 0x5C
                cursor[1] = 0x75   // u
                cursor[2] = 0x30
                cursor[3] = 0x30
                cursor[4] = Self.hexDigit(byte >> 4)
                cursor[5] = Self.hexDigit(byte & 0x0F)
                cursor += 6
            default:
                cursor.pointee = byte
                cursor += 1
            }
        }
        cursor.pointee = 0x22
        cursor += 1
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 { nibble < 10 ? 0x30 + nibble : 0x57 + nibble }
}
