import WireFormat
/// The byte buffer `ValueEncoder` writes into, with XML 1.0 text escaping.
struct XMLBuffer {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    mutating func append(_ raw: [UInt8]) { bytes.append(contentsOf: raw) }

    mutating func append(_ raw: StaticString) {
        raw.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Writes `<value>…</value>`. Recursion is bounded by how deep values can be: decoded ones are
    /// capped at `RequestDecoder.maximumDepth`, the rest are built by our own handlers.
    mutating func write(_ value: Value) throws(Fault) {
        append("<value>")
        switch value {
        case .int(let number):
            if let small = Int32(exactly: number) {
                append("<int>"); appendASCII(String(small)); append("</int>")
            } else {
                // CPython reads <i8> but cannot read a 64-bit number in <int>.
                append("<i8>"); appendASCII(String(number)); append("</i8>")
            }
        case .boolean(let flag):
            append(flag ? "<boolean>1</boolean>" : "<boolean>0</boolean>")
        case .string(let text):
            append("<string>"); appendEscaped(text); append("</string>")
        case .double(let number):
            guard number.isFinite else { throw Fault.internalError }
            // Swift's description is the shortest text that round-trips (e.g. 1e+100, 5e-324, 0.1).
            append("<double>"); appendASCII(number.description); append("</double>")
        case .dateTime(let moment):
            append("<dateTime.iso8601>"); appendASCII(moment.description); append("</dateTime.iso8601>")
        case .base64(let data):
            append("<base64>"); Base64.encode(data, into: &bytes); append("</base64>")
        case .struct(let members):
            append("<struct>")
            for member in members {
                append("<member><name>"); appendEscaped(member.name, quotes: true); append("</name>")
                try write(member.value)
                append("</member>")
            }
            append("</struct>")
        case .array(let elements):
            append("<array><data>")
            for element in elements { try write(element) }
            append("</data></array>")
        case .nil:
            append("<nil/>")
        }
        append("</value>")
    }

    private mutating func appendASCII(_ text: String) { bytes.append(contentsOf: text.utf8) }

    /// Escapes `&`, `<`, `>` (and `"` when asked), writes CR as `&#13;` (a raw CR would reach the
    /// peer as LF: XML 1.0 §2.11 line-end normalisation) and drops what XML 1.0 cannot carry at all,
    /// raw or as a reference (§2.2 `Char`): C0 controls other than TAB/LF/CR, U+FFFE and U+FFFF.
    /// Swift strings hold no lone surrogates, so nothing else can be invalid.
    mutating func appendEscaped(_ text: String, quotes: Bool = false) {
        var text = text
        text.withUTF8 { utf8 in
            // The usual text needs nothing escaped or dropped: copied in one go.
            if utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x80 && $0 != UInt8(ascii: "&") && $0 != UInt8(ascii: "<")
                                 && $0 != UInt8(ascii: ">") && $0 != UInt8(ascii: "\"") }) {
                bytes.append(contentsOf: utf8)
                return
            }
            var index = 0
            let count = utf8.count
            while index < count {
                let byte = utf8[index]
                switch byte {
                case UInt8(ascii: "&"): append("&amp;")
                case UInt8(ascii: "<"): append("&lt;")
                case UInt8(ascii: ">"): append("&gt;")
                case UInt8(ascii: "\""):
                    if quotes { append("&quot;") } else { bytes.append(byte) }
                case 0x0D: append("&#13;")
                case 0x09, 0x0A: bytes.append(byte)
                case 0x00..<0x20: break
                case 0xEF where index + 2 < count && utf8[index + 1] == 0xBF && (utf8[index + 2] == 0xBE || utf8[index + 2] == 0xBF):
                    index += 2                                  // U+FFFE / U+FFFF
                default: bytes.append(byte)
                }
                index += 1
            }
        }
    }
}
