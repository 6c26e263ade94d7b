import RESTRoutes

/// `FormDecoder.decode` on any bytes: always an object whose names are non-empty; the object,
/// form-encoded again (`k=v`, `k[]=v`, `k[sub]=v`, everything percent-escaped), decodes equal.
enum FormBodyHarness {
    static func check(_ bytes: UnsafeRawBufferPointer) throws(PropertyViolation) {
        let decoded = FormDecoder.decode(Array(bytes))
        guard case .object(let members) = decoded else { throw violation("not an object: \(decoded)") }
        var encoded: [UInt8] = []
        for member in members {
            guard !member.key.isEmpty else { throw violation("an empty name in \(decoded)") }
            switch member.value {
            case .string(let text):
                append(member.key, nil, text, to: &encoded)
            case .array(let items):
                for item in items {
                    guard case .string(let text) = item else { throw violation("a list item that is not a string in \(decoded)") }
                    append(member.key, "", text, to: &encoded)
                }
            case .object(let map):
                for entry in map {
                    guard case .string(let text) = entry.value else { throw violation("a map value that is not a string in \(decoded)") }
                    append(member.key, entry.key, text, to: &encoded)
                }
            default:
                throw violation("a member that is neither string, list nor map in \(decoded)")
            }
        }
        let again = FormDecoder.decode(encoded)
        guard again == decoded else {
            throw violation("decode → encode → decode changed \(decoded) to \(again) (encoded: \(String(decoding: encoded, as: UTF8.self)))")
        }
    }

    /// `name`, `name[]` or `name[sub]`, then `=value`; brackets stay literal, every other byte but
    /// unreserved ones is escaped.
    private static func append(_ name: String, _ sub: String?, _ value: String, to out: inout [UInt8]) {
        if !out.isEmpty { out.append(UInt8(ascii: "&")) }
        escape(name, into: &out)
        if let sub {
            out.append(UInt8(ascii: "["))
            escape(sub, into: &out)
            out.append(UInt8(ascii: "]"))
        }
        out.append(UInt8(ascii: "="))
        escape(value, into: &out)
    }

    private static func escape(_ text: String, into out: inout [UInt8]) {
        let hex = Array("0123456789ABCDEF".utf8)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(byte)
            default:
                out.append(contentsOf: [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
            }
        }
    }

    private static func violation(_ message: String) -> PropertyViolation { PropertyViolation(.restForm, message) }
}
