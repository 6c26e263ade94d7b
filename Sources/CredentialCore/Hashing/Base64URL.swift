/// RFC 4648 §5 base64url without padding, as libsodium's `SODIUM_BASE64_VARIANT_URLSAFE_NO_PADDING`
/// (what `wp_fast_hash` uses).
enum Base64URL {
    private static let alphabet: InlineArray<64, UInt8> = [
        65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90,   // A-Z
        97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116,
        117, 118, 119, 120, 121, 122,                                                                              // a-z
        48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 45, 95,                                                            // 0-9 - _
    ]

    static func encode(_ bytes: [UInt8]) -> String {
        let length = (bytes.count * 8 + 5) / 6
        return String(unsafeUninitializedCapacity: length) { out in
            var written = 0
            var index = 0
            while index < bytes.count {
                let remaining = bytes.count - index
                let chunk = UInt32(bytes[index]) << 16
                    | (remaining > 1 ? UInt32(bytes[index + 1]) << 8 : 0)
                    | (remaining > 2 ? UInt32(bytes[index + 2]) : 0)
                let symbols = min(remaining, 3) + 1
                for position in 0..<symbols {
                    out[written] = alphabet[Int((chunk >> UInt32(18 - 6 * position)) & 0x3f)]
                    written += 1
                }
                index += 3
            }
            return written
        }
    }
}
