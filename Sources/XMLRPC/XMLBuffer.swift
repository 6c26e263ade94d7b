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
    /// capped at `RequestDecoder.maximumDepth`, the rest are built by our own handlers. The tags
    /// around a value are written as one literal each side: every `append` of a literal costs about
    /// a hundred instructions whatever its length (a fifteenth of a `wp.getUsersBlogs` call).
    mutating func write(_ value: Value) throws(Fault) {
        switch value {
        case .int(let number):
            if let small = Int32(exactly: number) {
                append("<value><int>"); appendASCII(String(small)); append("</int></value>")
            } else {
                // CPython reads <i8> but cannot read a 64-bit number in <int>.
                append("<value><i8>"); appendASCII(String(number)); append("</i8></value>")
            }
        case .boolean(let flag):
            append(flag ? "<value><boolean>1</boolean></value>" : "<value><boolean>0</boolean></value>")
        case .string(let text):
            append("<value><string>"); appendEscaped(text); append("</string></value>")
        case .double(let number):
            guard number.isFinite else { throw Fault.internalError }
            // Swift's description is the shortest text that round-trips (e.g. 1e+100, 5e-324, 0.1).
            append("<value><double>"); appendASCII(number.description); append("</double></value>")
        case .dateTime(let moment):
            append("<value><dateTime.iso8601>"); appendASCII(moment.description); append("</dateTime.iso8601></value>")
        case .base64(let data):
            append("<value><base64>"); Base64.encode(data, into: &bytes); append("</base64></value>")
        case .struct(let members):
            append("<value><struct>")
            for member in members {
                append("<member><name>"); appendEscaped(member.name, quotes: true); append("</name>")
                try write(member.value)
                append("</member>")
            }
            append("</struct></value>")
        case .array(let elements):
            append("<value><array><data>")
            for element in elements { try write(element) }
            append("</data></array></value>")
        case .nil:
            append("<value><nil/></value>")
        }
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
