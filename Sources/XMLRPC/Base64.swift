/// RFC 4648 §4 base64 with padding, for `<base64>`. Decoding ignores XML whitespace anywhere
/// (CPython wraps its output every 76 characters) and accepts the empty string.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    private static let reverse: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(index) }
        return table
    }()

    static func encode(_ data: [UInt8], into out: inout [UInt8]) {
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

    /// Nil for characters outside the alphabet, a wrong length or misplaced padding.
    static func decode(_ text: some Sequence<UInt8>) -> [UInt8]? {
        var out: [UInt8] = []
        var accumulator: UInt32 = 0
        var pending = 0
        var padding = 0
        for byte in text {
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D:
                continue
            case UInt8(ascii: "="):
                padding += 1
                guard padding <= 2 else { return nil }
                continue
            default:
                let sextet = reverse[Int(byte)]
                guard sextet != 0xFF, padding == 0 else { return nil }
                accumulator = accumulator << 6 | UInt32(sextet)
                pending += 1
                if pending == 4 {
                    out.append(UInt8(accumulator >> 16 & 0xFF))
                    out.append(UInt8(accumulator >> 8 & 0xFF))
                    out.append(UInt8(accumulator & 0xFF))
                    accumulator = 0
                    pending = 0
                }
            }
        }
        switch (pending, padding) {
        case (0, 0): break
        case (2, 2):
            out.append(UInt8(accumulator >> 4 & 0xFF))
        case (3, 1):
            out.append(UInt8(accumulator >> 10 & 0xFF))
            out.append(UInt8(accumulator >> 2 & 0xFF))
        default: return nil
        }
        return out
    }
}
