/// RFC 4648 §4 base64, for XML-RPC's `<base64>` and HTTP Basic credentials; one copy for every
/// module (issue 12 item 4). Decoding takes the two readers' rules as options: XML-RPC skips XML
/// whitespace anywhere (CPython wraps every 76 characters) and wants whole quads; HTTP Basic has
/// no whitespace and, as Foundation's decoder (used there before) read it, does not hold the
/// padding (at most two `=`, at the end) to the length.
public enum Base64 {
    @usableFromInline static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Appends the padded encoding of `data` to `out`.
    public static func encode(_ data: [UInt8], into out: inout [UInt8]) {
        out.reserveCapacity(out.count + (data.count + 2) / 3 * 4)
        var index = 0
        while index + 3 <= data.count {
            let chunk = UInt32(data[index]) << 16 | UInt32(data[index + 1]) << 8 | UInt32(data[index + 2])
            out.append(alphabet[Int(chunk >> 18 & 63)])
            out.append(alphabet[Int(chunk >> 12 & 63)])
            out.append(alphabet[Int(chunk >> 6 & 63)])
            out.append(alphabet[Int(chunk & 63)])
            index += 3
        }
        let rest = data.count - index
        if rest > 0 {
            let chunk = UInt32(data[index]) << 16 | (rest == 2 ? UInt32(data[index + 1]) << 8 : 0)
            out.append(alphabet[Int(chunk >> 18 & 63)])
            out.append(alphabet[Int(chunk >> 12 & 63)])
            out.append(rest == 2 ? alphabet[Int(chunk >> 6 & 63)] : UInt8(ascii: "="))
            out.append(UInt8(ascii: "="))
        }
    }

    /// Decodes `text`; nil for a character outside the alphabet (XML whitespace aside when
    /// `skippingWhitespace`), data after padding, more than two `=`, a last group of one
    /// character, or padding that does not complete the last quad — unless `lenientPadding`,
    /// where any padding of up to two `=` is taken. Spare bits in the last quad are ignored. The
    /// empty text decodes to no bytes.
    public static func decode(_ text: some Sequence<UInt8>, skippingWhitespace: Bool, lenientPadding: Bool = false) -> [UInt8]? {
        var out: [UInt8] = []
        var accumulator: UInt32 = 0
        var pending = 0
        var padding = 0
        for byte in text {
            if skippingWhitespace, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { continue }
            if byte == UInt8(ascii: "=") {
                padding += 1
                guard padding <= 2 else { return nil }
                continue
            }
            let value = sextet(byte)
            guard value < 64, padding == 0 else { return nil }
            accumulator = accumulator << 6 | UInt32(value)
            pending += 1
            if pending == 4 {
                out.append(UInt8(accumulator >> 16 & 0xFF))
                out.append(UInt8(accumulator >> 8 & 0xFF))
                out.append(UInt8(accumulator & 0xFF))
                accumulator = 0
                pending = 0
            }
        }
        // A last quad of 2 data characters needs `==`, of 3 needs `=`, of none needs nothing.
        let needed: Int
        switch pending {
        case 0: needed = 0
        case 2: needed = 2
        case 3: needed = 1
        default: return nil
        }
        guard padding == needed || lenientPadding else { return nil }
        if pending == 2 {
            out.append(UInt8(accumulator >> 4 & 0xFF))
        } else if pending == 3 {
            out.append(UInt8(accumulator >> 10 & 0xFF))
            out.append(UInt8(accumulator >> 2 & 0xFF))
        }
        return out
    }

    /// Canonical base64 (whole quads, correct padding, zero spare bits, not empty) decoded into
    /// `out` (at least `payload.count / 4 * 3` long), with no allocation; the number of bytes
    /// written, or nil for anything else. Every client sends this form of a Basic header.
    @inlinable
    public static func decodeCanonical(_ payload: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>) -> Int? {
        guard !payload.isEmpty, payload.count % 4 == 0, out.count >= payload.count / 4 * 3 else { return nil }
        // Through a table: the character classes' branches were most of decoding a Basic header.
        return sextetTable.withUnsafeBufferPointer { table in decodeQuads(payload, table, into: out) }
    }

    /// `sextet` of every byte value.
    @usableFromInline static let sextetTable: [UInt8] = (0...255).map { sextet(UInt8($0)) }

    @usableFromInline static func decodeQuads(_ payload: UnsafeBufferPointer<UInt8>, _ table: UnsafeBufferPointer<UInt8>,
                                    into out: UnsafeMutableBufferPointer<UInt8>) -> Int? {
        var written = 0
        var index = 0
        while index < payload.count {
            let a = table[Int(payload[index])], b = table[Int(payload[index + 1])]
            let c = table[Int(payload[index + 2])], d = table[Int(payload[index + 3])]
            guard a < 64, b < 64 else { return nil }
            out[written] = a << 2 | b >> 4
            written += 1
            if c == 64 {                                       // `xy==`: one byte, spare bits zero
                guard d == 64, b & 0x0F == 0, index + 4 == payload.count else { return nil }
            } else if d == 64 {                                // `xyz=`: two bytes
                guard c < 64, c & 0x03 == 0, index + 4 == payload.count else { return nil }
                out[written] = b << 4 | c >> 2
                written += 1
            } else {
                guard c < 64, d < 64 else { return nil }
                out[written] = b << 4 | c >> 2
                out[written + 1] = c << 6 | d
                written += 2
            }
            index += 4
        }
        return written
    }

    /// The value of a base64 character, 64 for `=`, 255 for anything else.
    @inlinable @inline(__always)
    static func sextet(_ byte: UInt8) -> UInt8 {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): byte - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): byte - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"): 62
        case UInt8(ascii: "/"): 63
        case UInt8(ascii: "="): 64
        default: 255
        }
    }
}
