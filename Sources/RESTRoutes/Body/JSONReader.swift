/// Why a request body is not JSON, with PHP's `json_last_error()` numbers and texts, which
/// WordPress copies into `rest_invalid_json`'s data.
package struct JSONReadError: Error, Equatable {
    let code: Int
    let message: String

    static let depth = JSONReadError(code: 1, message: "Maximum stack depth exceeded")
    static let controlCharacter = JSONReadError(code: 3, message: "Control character error, possibly incorrectly encoded")
    static let syntax = JSONReadError(code: 4, message: "Syntax error")
    static let utf8 = JSONReadError(code: 5, message: "Malformed UTF-8 characters, possibly incorrectly encoded")
    static let utf16 = JSONReadError(code: 10, message: "Single unpaired UTF-16 surrogate in unicode escape")
}

/// An RFC 8259 parser for request bodies. Recursive descent with a depth cap (PHP's
/// `json_decode` default, 512) so that a hostile body cannot exhaust the loop thread's stack.
/// Duplicate keys: the last one wins, in the first one's place (PHP arrays).
package struct JSONReader {
    static let maximumDepth = 512

    package static func parse(_ bytes: [UInt8]) throws(JSONReadError) -> JSON {
        var reader = JSONReader(bytes: bytes)
        reader.skipWhitespace()
        let value = try reader.parseValue(depth: 1)
        reader.skipWhitespace()
        guard reader.position == bytes.count else { throw .syntax }
        return value
    }

    private let bytes: [UInt8]
    private var position = 0

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { position += 1 }
    }

    private mutating func expect(_ literal: String) throws(JSONReadError) {
        for byte in literal.utf8 {
            guard current == byte else { throw .syntax }
            position += 1
        }
    }

    private mutating func parseValue(depth: Int) throws(JSONReadError) -> JSON {
        guard let byte = current else { throw .syntax }
        switch byte {
        case UInt8(ascii: "{"): return try parseObject(depth: depth)
        case UInt8(ascii: "["): return try parseArray(depth: depth)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expect("true"); return .bool(true)
        case UInt8(ascii: "f"): try expect("false"); return .bool(false)
        case UInt8(ascii: "n"): try expect("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw .syntax
        }
    }

    private mutating func parseObject(depth: Int) throws(JSONReadError) -> JSON {
        guard depth <= Self.maximumDepth else { throw .depth }
        position += 1
        var object = JSON.emptyObject
        skipWhitespace()
        if current == UInt8(ascii: "}") { position += 1; return object }
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\"") else { throw .syntax }
            let key = try parseString()
            skipWhitespace()
            try expect(":")
            skipWhitespace()
            object.set(key, try parseValue(depth: depth + 1))
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "}"): position += 1; return object
            default: throw .syntax
            }
        }
    }

    private mutating func parseArray(depth: Int) throws(JSONReadError) -> JSON {
        guard depth <= Self.maximumDepth else { throw .depth }
        position += 1
        var items: [JSON] = []
        skipWhitespace()
        if current == UInt8(ascii: "]") { position += 1; return .array(items) }
        while true {
            skipWhitespace()
            items.append(try parseValue(depth: depth + 1))
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "]"): position += 1; return .array(items)
            default: throw .syntax
            }
        }
    }

    private mutating func parseNumber() throws(JSONReadError) -> JSON {
        let start = position
        var isInteger = true
        if current == UInt8(ascii: "-") { position += 1 }
        guard let first = current, isDigit(first) else { throw .syntax }
        position += 1
        if first != UInt8(ascii: "0") { skipDigits() }
        if current == UInt8(ascii: ".") {
            isInteger = false
            position += 1
            guard let digit = current, isDigit(digit) else { throw .syntax }
            skipDigits()
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            isInteger = false
            position += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
            guard let digit = current, isDigit(digit) else { throw .syntax }
            skipDigits()
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        // PHP turns integers that overflow into floats.
        if isInteger, let number = Int64(text) { return .int(number) }
        return .double(Double(text) ?? 0)
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private mutating func skipDigits() {
        while let byte = current, isDigit(byte) { position += 1 }
    }

    private mutating func parseString() throws(JSONReadError) -> String {
        position += 1                                           // opening quote
        var scalars = String.UnicodeScalarView()
        while true {
            guard let byte = current else { throw .syntax }
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                return String(scalars)
            case UInt8(ascii: "\\"):
                position += 1
                scalars.append(try parseEscape())
            case 0..<0x20:
                throw .controlCharacter
            case 0x20..<0x80:
                scalars.append(Unicode.Scalar(byte))
                position += 1
            default:
                scalars.append(try parseUTF8Sequence())
            }
        }
    }

    private mutating func parseEscape() throws(JSONReadError) -> Unicode.Scalar {
        guard let byte = current else { throw .syntax }
        position += 1
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let unit = try parseHex4()
            switch unit {
            case 0xD800..<0xDC00:
                guard current == UInt8(ascii: "\\"), position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "u") else { throw .utf16 }
                position += 2
                let low = try parseHex4()
                guard (0xDC00..<0xE000).contains(low) else { throw .utf16 }
                return Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))!
            case 0xDC00..<0xE000:
                throw .utf16
            default:
                return Unicode.Scalar(unit)!
            }
        default:
            throw .syntax
        }
    }

    private mutating func parseHex4() throws(JSONReadError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = current else { throw .syntax }
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw .syntax
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    /// One well-formed multi-byte UTF-8 sequence (RFC 3629: no overlongs, no surrogates, ≤ U+10FFFF).
    private mutating func parseUTF8Sequence() throws(JSONReadError) -> Unicode.Scalar {
        let lead = bytes[position]
        let length: Int
        var value: UInt32
        switch lead {
        case 0xC2...0xDF: length = 2; value = UInt32(lead & 0x1F)
        case 0xE0...0xEF: length = 3; value = UInt32(lead & 0x0F)
        case 0xF0...0xF4: length = 4; value = UInt32(lead & 0x07)
        default: throw .utf8
        }
        guard position + length <= bytes.count else { throw .utf8 }
        for offset in 1..<length {
            let next = bytes[position + offset]
            guard next & 0xC0 == 0x80 else { throw .utf8 }
            value = value << 6 | UInt32(next & 0x3F)
        }
        let minimum: UInt32 = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000
        guard value >= minimum, value <= 0x10FFFF, let scalar = Unicode.Scalar(value) else { throw .utf8 }
        position += length
        return scalar
    }
}
