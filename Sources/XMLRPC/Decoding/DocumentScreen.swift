import Glibc

/// A linear byte scan run before any byte reaches libxml2, refusing what the parser would handle
/// badly or silently (measured in reference/xmlrpc.md §10): any DTD (`<!DOCTYPE`: XXE, internal
/// entities silently expanded to "", quadratic entity blow-up), element start tags with many
/// attributes (libxml2's attribute handling is quadratic), and encodings in which those markers
/// would not appear as ASCII bytes (UTF-16/32, EBCDIC, UTF-7, ISO-2022): only ASCII-compatible,
/// stateless encodings get through, so the byte scan sees what the parser will see.
enum DocumentScreen {
    /// XML-RPC needs no attributes; namespace declarations (`xmlns:ex`) are the only ones allowed,
    /// and a handful of them is plenty.
    static let maximumAttributesPerElement = 8

    static func check(_ body: [UInt8]) -> Fault? {
        body.withUnsafeBufferPointer { check($0) }
    }

    private static func check(_ bytes: UnsafeBufferPointer<UInt8>) -> Fault? {
        // NUL is never XML; it is also how UTF-16/32 (which would hide `<!DOCTYPE` from a byte scan) look.
        if let base = bytes.baseAddress, memchr(base, 0, bytes.count) != nil { return .notWellFormed }
        var index = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }   // UTF-8 BOM
        let start = index
        while index < bytes.count, isSpace(bytes[index]) { index += 1 }
        // An empty body is left to the parser (no root element -> -32700 there).
        guard index < bytes.count else { return nil }
        // libxml2 guesses UTF-16/32/EBCDIC from the first bytes; ASCII-compatible text starts with '<'.
        guard bytes[index] == UInt8(ascii: "<") else { return .notWellFormed }
        if index == start, let fault = checkDeclaredEncoding(bytes, from: index) { return fault }
        if hasProcessingInstructionWithoutData(bytes) { return .notWellFormed }
        // libxml2 reports bytes that are not UTF-8 but goes on and hands them to XMLParser's callbacks,
        // which force-unwrap their UTF-8 decoding: one such byte in an element name trapped the process
        // (found by fuzz/ `xmlrpc`). Only a declared single-byte encoding makes libxml2 convert every byte.
        // libxml2 switches encoding only on a declaration it accepts (`version="!.0"` made it keep the raw
        // bytes), so the declaration must match the XML grammar exactly to be trusted.
        let declaresSingleByte = start == 0 && index == 0 && strictDeclarationEncoding(bytes).map(isSingleByteEncoding) == true
        if !declaresSingleByte, String(validating: bytes, as: UTF8.self) == nil { return .notWellFormed }   // not UTF-8

        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "<") else { index += 1; continue }
            let next = index + 1 < bytes.count ? bytes[index + 1] : 0
            switch next {
            case UInt8(ascii: "!"):
                if has(bytes, "<!--", at: index) {
                    guard let end = find(bytes, "-->", from: index + 4) else { return nil }
                    index = end + 3
                } else if has(bytes, "<![CDATA[", at: index) {
                    guard let end = find(bytes, "]]>", from: index + 9) else { return nil }
                    index = end + 3
                } else {
                    // `<!DOCTYPE` (or any other declaration): WordPress refuses it too.
                    return .notWellFormed
                }
            case UInt8(ascii: "?"):
                guard let end = find(bytes, "?>", from: index + 2) else { return nil }
                index = end + 2
            default:
                guard let (end, attributes) = scanTag(bytes, from: index + 1) else { return nil }
                if attributes > maximumAttributesPerElement {
                    return .invalidXMLRPC("XML-RPC elements carry no attributes.")
                }
                index = end + 1
            }
        }
        return nil
    }

    /// `<?target?>`: libxml2 reports it with NULL data and XMLParser calls strlen on that: SIGSEGV (found
    /// by fuzz/ `xmlrpc`). Searched in the whole body, whatever libxml2's recovery makes of the markup
    /// around it: after each `<?`, a run without white space or `<` that reaches `?>`. Linear: a run
    /// stops at the next `<`.
    private static func hasProcessingInstructionWithoutData(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        var index = 0
        while index + 1 < bytes.count {
            guard let found = memchr(base + index, Int32(UInt8(ascii: "<")), bytes.count - index) else { return false }
            index = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base + 1
            guard index < bytes.count, bytes[index] == UInt8(ascii: "?") else { continue }
            var run = index + 1
            while run < bytes.count, !isSpace(bytes[run]), bytes[run] != UInt8(ascii: "<") {
                if bytes[run] == UInt8(ascii: "?"), run + 1 < bytes.count, bytes[run + 1] == UInt8(ascii: ">") { return true }
                run += 1
            }
            index = run
        }
        return false
    }

    /// Counts `=` outside quoted values up to the tag's closing `>`; nil when the tag never closes
    /// (the parser reports the truncation).
    private static func scanTag(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> (end: Int, attributes: Int)? {
        var index = start
        var quote: UInt8 = 0
        var attributes = 0
        while index < bytes.count {
            let byte = bytes[index]
            if quote != 0 {
                if byte == quote { quote = 0 }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: "=") {
                attributes += 1
            } else if byte == UInt8(ascii: ">") {
                return (index, attributes)
            }
            index += 1
        }
        return nil
    }

    /// `<?xml version="1.0" encoding="…"?>`: only encodings in which every ASCII character is its
    /// ASCII byte and no byte sequence shifts state.
    private static func checkDeclaredEncoding(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Fault? {
        guard let name = declaredEncoding(bytes, from: start) else { return nil }
        if allowedEncodings.contains(name) || isSingleByteEncoding(name) { return nil }
        return .notWellFormed                                   // an encoding we do not let through
    }

    /// Latin-1 and its relatives: libxml2 converts each byte to UTF-8. Exact names only: with a name it
    /// does not know (`windows-125\u{8D}` got through a prefix test), libxml2 passes the bytes on as they are.
    private static func isSingleByteEncoding(_ name: String) -> Bool { singleByteEncodings.contains(name) }

    private static let singleByteEncodings: Set<String> = Set(["latin1", "iso_8859-1", "iso8859-1"]
        + [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 16].map { "iso-8859-\($0)" }
        + (1250...1258).map { "windows-\($0)" })

    /// The lower-cased `encoding="…"` of an XML declaration at `start`; nil without one.
    private static func declaredEncoding(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> String? {
        guard has(bytes, "<?xml", at: start), let end = find(bytes, "?>", from: start + 5) else { return nil }
        let declaration = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        guard let keyword = declaration.range(of: "encoding") else { return nil }
        var rest = declaration[keyword.upperBound...].drop { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        guard rest.first == "=" else { return nil }           // malformed: the parser will say so
        rest = rest.dropFirst().drop { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
        return rest.dropFirst().prefix { $0 != quote }.lowercased()
    }

    /// The encoding of a declaration that is exactly XML 1.0's `XMLDecl` (§2.8, §4.3.3), lower-cased:
    /// `<?xml` S `version` Eq '1.' digits, S `encoding` Eq EncName, optionally S `standalone` Eq yes|no, S? `?>`.
    /// Nil for anything else, including a declaration without an encoding.
    private static func strictDeclarationEncoding(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var index = 0
        func literal(_ text: String) -> Bool {
            let expected = Array(text.utf8)
            guard index + expected.count <= bytes.count, Array(bytes[index..<index + expected.count]) == expected else { return false }
            index += expected.count
            return true
        }
        func spaces() -> Bool {
            let before = index
            while index < bytes.count, isSpace(bytes[index]) { index += 1 }
            return index > before
        }
        func equals() -> Bool {
            _ = spaces()
            guard literal("=") else { return false }
            _ = spaces()
            return true
        }
        /// A quoted value whose bytes all satisfy `allowed`; nil when unquoted, unterminated or empty.
        func quoted(_ allowed: (UInt8) -> Bool) -> [UInt8]? {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") else { return nil }
            let quote = bytes[index]
            index += 1
            let valueStart = index
            while index < bytes.count, bytes[index] != quote {
                guard allowed(bytes[index]) else { return nil }
                index += 1
            }
            guard index < bytes.count, index > valueStart else { return nil }
            index += 1
            return Array(bytes[valueStart..<index - 1])
        }
        func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") }
        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

        guard literal("<?xml"), spaces(), literal("version"), equals(),
              let version = quoted({ isDigit($0) || $0 == UInt8(ascii: ".") }),
              version.count >= 3, version[0] == UInt8(ascii: "1"), version[1] == UInt8(ascii: "."), !version[2...].contains(UInt8(ascii: ".")),
              spaces(), literal("encoding"), equals(),
              let name = quoted({ isLetter($0) || isDigit($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }),
              isLetter(name[0]) else { return nil }
        let afterEncoding = index
        if spaces(), literal("standalone") {
            guard equals(), let value = quoted(isLetter), value == Array("yes".utf8) || value == Array("no".utf8) else { return nil }
        } else {
            index = afterEncoding
        }
        _ = spaces()
        guard literal("?>") else { return nil }
        return String(decoding: name, as: UTF8.self).lowercased()
    }

    private static let allowedEncodings: Set<String> = ["utf-8", "utf8", "us-ascii", "ascii", "latin1", "iso_8859-1", "iso8859-1"]

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    private static func has(_ bytes: UnsafeBufferPointer<UInt8>, _ marker: StaticString, at index: Int) -> Bool {
        let count = marker.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        let pattern = marker.utf8Start
        for offset in 0..<count where bytes[index + offset] != pattern[offset] { return false }
        return true
    }

    private static func find(_ bytes: UnsafeBufferPointer<UInt8>, _ marker: StaticString, from start: Int) -> Int? {
        let first = marker.utf8Start[0]
        var index = start
        while index < bytes.count {
            if bytes[index] == first, has(bytes, marker, at: index) { return index }
            index += 1
        }
        return nil
    }
}
