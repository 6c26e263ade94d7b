import Foundation

/// A JSON value read off the wire, keeping member order (WordPress's shapes are ordered and some
/// clients depend on it). Written for the tests, independent of the server's own JSON code, so a
/// bug there cannot hide itself.
indirect enum WireJSON: Equatable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([WireJSON])
    case object([Member])

    struct Member: Equatable {
        let key: String
        let value: WireJSON
    }

    struct Malformed: Error, CustomStringConvertible {
        let description: String
    }

    static func parse(_ bytes: [UInt8]) throws -> WireJSON {
        var reader = Reader(bytes: bytes)
        let value = try reader.value()
        reader.skipSpace()
        guard reader.position == bytes.count else { throw Malformed(description: "trailing bytes at \(reader.position)") }
        return value
    }

    subscript(key: String) -> WireJSON? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    subscript(index: Int) -> WireJSON? {
        guard case .array(let items) = self, items.indices.contains(index) else { return nil }
        return items[index]
    }

    /// Member names in order; [] for anything but an object.
    var keys: [String] {
        guard case .object(let members) = self else { return [] }
        return members.map(\.key)
    }

    var string: String? { if case .string(let text) = self { text } else { nil } }
    var int: Int? { if case .number(let number) = self, number == number.rounded() { Int(number) } else { nil } }
    var bool: Bool? { if case .bool(let flag) = self { flag } else { nil } }
    var items: [WireJSON]? { if case .array(let items) = self { items } else { nil } }
    var isNull: Bool { self == .null }
    var strings: [String]? { items?.compactMap(\.string) }

    var description: String {
        switch self {
        case .null: "null"
        case .bool(let flag): String(flag)
        case .number(let number): String(number)
        case .string(let text): "\"\(text)\""
        case .array(let items): "[" + items.map(\.description).joined(separator: ",") + "]"
        case .object(let members): "{" + members.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",") + "}"
        }
    }

    private struct Reader {
        let bytes: [UInt8]
        var position = 0

        mutating func skipSpace() {
            while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
        }

        mutating func value() throws -> WireJSON {
            skipSpace()
            guard position < bytes.count else { throw Malformed(description: "unexpected end") }
            switch bytes[position] {
            case UInt8(ascii: "{"): return try object()
            case UInt8(ascii: "["): return try array()
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            default: return try number()
            }
        }

        mutating func literal(_ word: String) throws {
            let expected = Array(word.utf8)
            guard bytes.count - position >= expected.count, Array(bytes[position..<position + expected.count]) == expected else {
                throw Malformed(description: "bad literal at \(position)")
            }
            position += expected.count
        }

        mutating func expect(_ byte: UInt8) throws {
            skipSpace()
            guard position < bytes.count, bytes[position] == byte else { throw Malformed(description: "expected \(Character(Unicode.Scalar(byte))) at \(position)") }
            position += 1
        }

        mutating func peek(_ byte: UInt8) -> Bool {
            skipSpace()
            return position < bytes.count && bytes[position] == byte
        }

        mutating func object() throws -> WireJSON {
            try expect(UInt8(ascii: "{"))
            var members: [Member] = []
            if peek(UInt8(ascii: "}")) { position += 1; return .object(members) }
            repeat {
                skipSpace()
                let key = try string()
                try expect(UInt8(ascii: ":"))
                members.append(Member(key: key, value: try value()))
            } while try more(closing: UInt8(ascii: "}"))
            return .object(members)
        }

        mutating func array() throws -> WireJSON {
            try expect(UInt8(ascii: "["))
            var items: [WireJSON] = []
            if peek(UInt8(ascii: "]")) { position += 1; return .array(items) }
            repeat { items.append(try value()) } while try more(closing: UInt8(ascii: "]"))
            return .array(items)
        }

        /// After an element: `,` → true, the closing bracket → false.
        mutating func more(closing: UInt8) throws -> Bool {
            if peek(UInt8(ascii: ",")) { position += 1; return true }
            try expect(closing)
            return false
        }

        mutating func number() throws -> WireJSON {
            let start = position
            while position < bytes.count, "+-0123456789.eE".utf8.contains(bytes[position]) { position += 1 }
            guard let number = Double(String(decoding: bytes[start..<position], as: UTF8.self)) else {
                throw Malformed(description: "bad number at \(start)")
            }
            return .number(number)
        }

        mutating func string() throws -> String {
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw Malformed(description: "expected a string at \(position)") }
            position += 1
            var out: [UInt8] = []
            while position < bytes.count {
                let byte = bytes[position]
                position += 1
                switch byte {
                case UInt8(ascii: "\""):
                    guard let text = String(validating: out, as: UTF8.self) else { throw Malformed(description: "invalid UTF-8 in a string") }
                    return text
                case UInt8(ascii: "\\"):
                    guard position < bytes.count else { break }
                    let escape = bytes[position]
                    position += 1
                    switch escape {
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "u"):
                        var code = try hex4()
                        if (0xD800..<0xDC00).contains(code) {
                            try literal("\\u")
                            let low = try hex4()
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        }
                        guard let scalar = Unicode.Scalar(code) else { throw Malformed(description: "bad \\u escape") }
                        out.append(contentsOf: Array(String(Character(scalar)).utf8))
                    default: out.append(escape)           // \" \\ \/
                    }
                default:
                    out.append(byte)
                }
            }
            throw Malformed(description: "unterminated string")
        }

        mutating func hex4() throws -> UInt32 {
            guard bytes.count - position >= 4, let code = UInt32(String(decoding: bytes[position..<position + 4], as: UTF8.self), radix: 16) else {
                throw Malformed(description: "bad \\u escape at \(position)")
            }
            position += 4
            return code
        }
    }
}
