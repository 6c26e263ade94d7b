/// Lower-case textual UUIDs as WordPress uses them for application passwords.
package enum UUIDFormat {
    /// A random (version 4, RFC 9562 §5.4) UUID, lower-case `8-4-4-4-12`. WordPress's
    /// `wp_generate_uuid4` draws from `mt_rand`; we use the system CSPRNG.
    package static func generateV4() -> String {
        var generator = SystemRandomNumberGenerator()
        return generateV4(using: &generator)
    }

    static func generateV4(using generator: inout some RandomNumberGenerator) -> String {
        var bytes = [UInt8](repeating: 0, count: 16)
        for half in 0..<2 {
            var word = generator.next()
            for index in 0..<8 {
                bytes[half * 8 + index] = UInt8(truncatingIfNeeded: word)
                word >>= 8
            }
        }
        bytes[6] = (bytes[6] & 0x0f) | 0x40                 // version 4
        bytes[8] = (bytes[8] & 0x3f) | 0x80                 // variant 10xx: 8, 9, a or b
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(36)
        for (index, byte) in bytes.enumerated() {
            if index == 4 || index == 6 || index == 8 || index == 10 { text.append(UInt8(ascii: "-")) }
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// `wp_is_uuid($uuid)` without a version: lower-case hex `8-4-4-4-12`, any version nibble.
    /// Upper-case hex is refused, as in WordPress.
    package static func isValid(_ text: some StringProtocol) -> Bool {
        let bytes = text.utf8
        guard bytes.count == 36 else { return false }
        for (index, byte) in bytes.enumerated() {
            switch index {
            case 8, 13, 18, 23:
                if byte != UInt8(ascii: "-") { return false }
            default:
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"): continue
                default: return false
                }
            }
        }
        return true
    }
}
