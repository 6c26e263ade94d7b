/// Serialises `JSON` byte for byte as PHP's `json_encode` with no flags, which is what
/// WordPress's REST server sends (`wp_json_encode`): `/` is escaped as `\/`, every non-ASCII
/// scalar becomes `\uXXXX` (lower-case hex, surrogate pairs above U+FFFF), control characters use
/// the short escapes of RFC 8259 §7 where they exist.
package enum JSONWriter {
    package static func bytes(_ value: JSON, pretty: Bool = false) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        if pretty { writePretty(value, indent: 0, into: &out) } else { write(value, into: &out) }
        return out
    }

    /// `JSON_PRETTY_PRINT` (WordPress's `_pretty`): four spaces per level, `": "`, and empty
    /// containers kept as `[]` / `{}`.
    private static func writePretty(_ value: JSON, indent: Int, into out: inout [UInt8]) {
        func newline(_ level: Int) {
            out.append(0x0A)
            out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: level * 4))
        }
        switch value {
        case .array(let items) where !items.isEmpty:
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                newline(indent + 1)
                writePretty(item, indent: indent + 1, into: &out)
            }
            newline(indent)
            out.append(UInt8(ascii: "]"))
        case .object(let members) where !members.isEmpty:
            out.append(UInt8(ascii: "{"))
            for (index, member) in members.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                newline(indent + 1)
                writeString(member.key, into: &out)
                out.append(contentsOf: [UInt8(ascii: ":"), UInt8(ascii: " ")])
                writePretty(member.value, indent: indent + 1, into: &out)
            }
            newline(indent)
            out.append(UInt8(ascii: "}"))
        default:
            write(value, into: &out)
        }
    }

    static func string(_ value: JSON, pretty: Bool = false) -> String { String(decoding: bytes(value, pretty: pretty), as: UTF8.self) }

    static func write(_ value: JSON, into out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let flag): out.append(contentsOf: (flag ? "true" : "false").utf8)
        case .int(let number): out.append(contentsOf: String(number).utf8)
        case .double(let number): writeDouble(number, into: &out)
        case .string(let text): writeString(text, into: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                write(item, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (index, member) in members.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                writeString(member.key, into: &out)
                out.append(UInt8(ascii: ":"))
                write(member.value, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// PHP (serialize_precision -1) writes the shortest round-trip form and keeps `.0` on
    /// integral values; JSON has no NaN or infinity, where PHP fails we write 0.
    private static func writeDouble(_ number: Double, into out: inout [UInt8]) {
        guard number.isFinite else { out.append(UInt8(ascii: "0")); return }
        out.append(contentsOf: number.description.utf8)
    }

    private static let hex = Array("0123456789abcdef".utf8)

    private static func writeString(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in                               // a Swift String is valid UTF-8
            var index = 0
            var plainStart = 0                                 // bytes that need no escape are copied in runs
            while index < bytes.count {
                let byte = bytes[index]
                if byte >= 0x20 && byte < 0x80 && byte != 0x22 && byte != 0x5C && byte != 0x2F {
                    index += 1
                    continue
                }
                if plainStart < index { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[plainStart..<index])) }
                index += 1
                switch byte {
                case 0x22: out.append(0x5C); out.append(0x22)      // \"
                case 0x5C: out.append(0x5C); out.append(0x5C)      // \\
                case 0x2F: out.append(0x5C); out.append(0x2F)      // \/ (PHP without JSON_UNESCAPED_SLASHES)
                case 0x08: out.append(0x5C); out.append(UInt8(ascii: "b"))
                case 0x0C: out.append(0x5C); out.append(UInt8(ascii: "f"))
                case 0x0A: out.append(0x5C); out.append(UInt8(ascii: "n"))
                case 0x0D: out.append(0x5C); out.append(UInt8(ascii: "r"))
                case 0x09: out.append(0x5C); out.append(UInt8(ascii: "t"))
                case 0..<0x20: writeEscape(UInt32(byte), into: &out)
                default:
                    // Lead byte of a 2-, 3- or 4-byte sequence: rebuild the scalar, escape it
                    // (PHP's json_encode without JSON_UNESCAPED_UNICODE).
                    let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
                    var value = UInt32(byte) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
                    for _ in 1..<length {
                        value = value << 6 | UInt32(bytes[index] & 0x3F)
                        index += 1
                    }
                    if value >= 0x10000 {
                        let offset = value - 0x10000
                        writeEscape(0xD800 + (offset >> 10), into: &out)
                        writeEscape(0xDC00 + (offset & 0x3FF), into: &out)
                    } else {
                        writeEscape(value, into: &out)
                    }
                }
                plainStart = index
            }
            if plainStart < bytes.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[plainStart...])) }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func writeEscape(_ unit: UInt32, into out: inout [UInt8]) {
        out.append(0x5C)
        out.append(UInt8(ascii: "u"))
        out.append(hex[Int(unit >> 12 & 0xF)])
        out.append(hex[Int(unit >> 8 & 0xF)])
        out.append(hex[Int(unit >> 4 & 0xF)])
        out.append(hex[Int(unit & 0xF)])
    }
}
