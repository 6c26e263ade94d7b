/// Byte classes from RFC 9110 §5.6.2 and §5.5, as small switch functions the optimiser turns into range checks.
enum ASCII {
    static let cr: UInt8 = 13
    static let lf: UInt8 = 10
    static let space: UInt8 = 32
    static let tab: UInt8 = 9
    static let colon: UInt8 = 58
    static let comma: UInt8 = 44

    /// tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
    @inline(__always) static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: true
        case 0x21, 0x23, 0x24, 0x25, 0x26, 0x27, 0x2A, 0x2B, 0x2D, 0x2E, 0x5E, 0x5F, 0x60, 0x7C, 0x7E: true
        default: false
        }
    }

    /// field-vchar / SP / HTAB, obs-text allowed (RFC 9110 §5.5); everything else is a control byte.
    @inline(__always) static func isFieldValueByte(_ byte: UInt8) -> Bool {
        byte == tab || (byte >= 0x20 && byte != 0x7F)
    }

    /// `allSatisfy(isFieldValueByte)`, eight bytes at a time: every header of every answer is
    /// checked, and byte by byte that was 5 % of a request. The last few bytes of a value of eight
    /// or more are checked as the (overlapping) last word, not one by one: most fields are short, and
    /// their tails were half the cost. A word that may hold a byte below 0x20 (a tab among them) or
    /// a DEL sends the whole value to the byte-by-byte rule.
    static func areFieldValueBytes(_ raw: UnsafeRawBufferPointer) -> Bool {
        let count = raw.count
        guard count >= 8 else { return raw.allSatisfy(isFieldValueByte) }
        var index = 0
        while index + 8 <= count {
            guard isPlainWord(raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) else { return raw.allSatisfy(isFieldValueByte) }
            index += 8
        }
        guard index == count || isPlainWord(raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)) else {
            return raw.allSatisfy(isFieldValueByte)
        }
        return true
    }

    /// No byte below 0x20 and no DEL among eight (exact: "has a byte less than n" for n ≤ 0x80).
    @inline(__always) static func isPlainWord(_ word: UInt64) -> Bool {
        let high: UInt64 = 0x8080_8080_8080_8080
        let belowSpace = (word &- 0x2020_2020_2020_2020) & ~word & high
        let flipped = word ^ 0x7F7F_7F7F_7F7F_7F7F
        let delete = (flipped &- 0x0101_0101_0101_0101) & ~flipped & high
        return belowSpace | delete == 0
    }

    @inline(__always) static func isWhitespace(_ byte: UInt8) -> Bool { byte == space || byte == tab }
}
