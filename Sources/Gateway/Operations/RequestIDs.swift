/// Request ids (issue 17 item 3): a random 32-bit prefix per loop and a counter, `1a2b3c4d-2f`. Made
/// in place as bytes and at most 15 of them until a loop's millionth-odd request, so the id is a small
/// string (no allocation); the first version (16 hex digits of prefix, `String(radix:)` and `+`) cost
/// ~1 500 instructions a request. Ids are for correlating lines, not secrets: 32 random bits keep two
/// loops' or two processes' ids apart with ample odds for that.
struct RequestIDs {
    private let prefix: UInt32
    private var next: UInt64 = 0

    init() {
        var generator = SystemRandomNumberGenerator()
        prefix = generator.next()
    }

    mutating func make() -> String {
        next &+= 1
        var digits = 1
        while digits < 16 && next >> (4 * UInt64(digits)) != 0 { digits += 1 }
        let length = 9 + digits
        let prefix = UInt64(self.prefix), counter = next
        return String(unsafeUninitializedCapacity: length) { buffer in
            for index in 0..<8 { buffer[index] = Self.hex(prefix >> (4 * UInt64(7 - index))) }
            buffer[8] = 0x2D
            for index in 0..<digits { buffer[9 + index] = Self.hex(counter >> (4 * UInt64(digits - 1 - index))) }
            return length
        }
    }

    private static func hex(_ value: UInt64) -> UInt8 {
        let nibble = UInt8(truncatingIfNeeded: value) & 0x0F
        return nibble < 10 ? 0x30 + nibble : 0x57 + nibble
    }

    /// A client's id, believed from a trusted proxy: 1–128 characters of letters, digits and `-._:`,
    /// so it cannot break a log line or a header.
    static func isAcceptable(_ id: String) -> Bool {
        let bytes = id.utf8
        return !bytes.isEmpty && bytes.count <= 128 && bytes.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
                || byte == 0x2D || byte == 0x2E || byte == 0x5F || byte == 0x3A
        }
    }
}
