/// The fast path of `ValueDecoder`: a strict, hand-written reader for the plain XML that XML-RPC
/// clients send, feeding the same `DecodingState` events that `XMLParser` would. Foundation's
/// parser was about four fifths of a small call's cost (callgrind: ~126 000 of ~152 000
/// instructions for `demo.addTwoNumbers`).
///
/// It only ever says yes when it is sure: it accepts a document only if every byte is in the
/// subset below, the document is well-formed, and the `DecodingState` built a call without any fault.
/// Anything else — comments, CDATA, processing instructions, DTDs, attributes, prefixes, other
/// entities, CR, a BOM, another encoding, a second root, truncation, too deep, any fault — answers
/// nil, and the caller decodes the document again on the guarded `XMLParser` path, which decides
/// every refusal exactly as before. So faults, hostile input and odd spellings cost what they
/// did; a well-formed call costs a linear scan. No recursion: open elements are an array.
///
/// The subset: an optional `<?xml version="1.0"?>` declaration (optionally `encoding="UTF-8"`),
/// whitespace, one root element; tags are `<name>`, `<name/>` and `</name>` with ASCII names and
/// optional trailing spaces; text is UTF-8 XML characters except CR, with `&lt;` `&gt;` `&amp;`
/// `&quot;` `&apos;` and numeric character references.
enum PullDecoder {
    static func decode(_ body: [UInt8], root: DecodingState.Root) -> DecodingState.Document? {
        body.withUnsafeBufferPointer { bytes in
            var state = DecodingState(root: root)
            guard read(bytes, into: &state), state.isRootClosed, state.failure == nil, !state.isTooDeep else { return nil }
            return state.document
        }
    }

    /// True when the whole document was read as a well-formed document of the subset.
    private static func read(_ bytes: UnsafeBufferPointer<UInt8>, into state: inout DecodingState) -> Bool {
        let count = bytes.count
        var index = 0
        if has(bytes, "<?xml", at: 0) {
            guard let end = declarationEnd(bytes) else { return false }
            index = end
        }
        var open: [Range<Int>] = []                           // names of the open elements
        open.reserveCapacity(8)                               // a call is about six deep: no regrowth
        var rootClosed = false
        while index < count {
            let byte = bytes[index]
            guard byte == lessThan else {
                if open.isEmpty {
                    // Outside the root only whitespace (CR is left to the parser's line-end handling).
                    guard byte == 0x20 || byte == 0x09 || byte == 0x0A else { return false }
                    index += 1
                    continue
                }
                guard let end = readText(bytes, from: index, into: &state) else { return false }
                index = end
                continue
            }
            guard index + 1 < count else { return false }
            if bytes[index + 1] == slash {
                // `</name S? >`, the name of the innermost open element.
                guard let name = open.last else { return false }
                let nameStart = index + 2
                let nameEnd = nameStart + name.count
                guard nameEnd <= count, memcmpEqual(bytes, name.lowerBound, nameStart, name.count) else { return false }
                var cursor = nameEnd
                while cursor < count, isSpace(bytes[cursor]) { cursor += 1 }
                guard cursor < count, bytes[cursor] == greaterThan else { return false }
                open.removeLast()
                state.endElement()
                if open.isEmpty { rootClosed = true }
                index = cursor + 1
            } else {
                // `<name S? >` or `<name S? />`; one root only.
                guard !rootClosed, isNameStart(bytes[index + 1]) else { return false }
                var cursor = index + 2
                while cursor < count, isNameByte(bytes[cursor]) { cursor += 1 }
                let name = (index + 1)..<cursor
                while cursor < count, isSpace(bytes[cursor]) { cursor += 1 }
                guard cursor < count else { return false }
                let selfClosing: Bool
                if bytes[cursor] == greaterThan {
                    selfClosing = false
                    cursor += 1
                } else if bytes[cursor] == slash, cursor + 1 < count, bytes[cursor + 1] == greaterThan {
                    selfClosing = true
                    cursor += 2
                } else {
                    return false                               // an attribute, or not XML
                }
                // An unknown name is a fault: the parser path gives it.
                guard let kind = DecodingState.kind(ascii: UnsafeBufferPointer(rebasing: bytes[name])),
                      state.startElement(kind) else { return false }
                if selfClosing {
                    state.endElement()
                    if open.isEmpty { rootClosed = true }
                } else {
                    open.append(name)
                }
                index = cursor
            }
        }
        return rootClosed && open.isEmpty
    }

    /// `<?xml version="1.0"?>` with `'` or `"`, optionally ` encoding="UTF-8"` (any case): the
    /// index after `?>`, or nil for any other declaration.
    private static func declarationEnd(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 5
        func quoted(_ expected: StaticString, caseInsensitive: Bool) -> Bool {
            guard index < bytes.count, bytes[index] == 0x22 || bytes[index] == 0x27 else { return false }
            let quote = bytes[index]
            let length = expected.utf8CodeUnitCount
            guard index + length + 1 < bytes.count, bytes[index + length + 1] == quote else { return false }
            for offset in 0..<length {
                var byte = bytes[index + 1 + offset]
                if caseInsensitive, byte >= UInt8(ascii: "A"), byte <= UInt8(ascii: "Z") { byte |= 0x20 }
                if byte != expected.utf8Start[offset] { return false }
            }
            index += length + 2
            return true
        }
        guard has(bytes, " version=", at: index) else { return nil }
        index += 9
        guard quoted("1.0", caseInsensitive: false) else { return nil }
        if has(bytes, " encoding=", at: index) {
            index += 10
            guard quoted("utf-8", caseInsensitive: true) else { return nil }
        }
        while index < bytes.count, bytes[index] == 0x20 { index += 1 }
        guard has(bytes, "?>", at: index) else { return nil }
        return index + 2
    }

    /// Character data up to the next `<`, references resolved, handed to the state; the index
    /// of that `<`, or nil when the run holds anything outside the subset.
    private static func readText(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, into state: inout DecodingState) -> Int? {
        var index = start
        var hasReference = false
        var hasNonASCII = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte == lessThan { break }
            if byte < 0x20 {
                guard byte == 0x09 || byte == 0x0A else { return nil }   // CR, NUL and other controls: the parser decides
            } else if byte == ampersand {
                hasReference = true
            } else if byte >= 0x80 {
                hasNonASCII = true
            } else if byte == UInt8(ascii: "]"), index + 2 < bytes.count, bytes[index + 1] == UInt8(ascii: "]"),
                      bytes[index + 2] == greaterThan {
                return nil                                     // `]]>` is not allowed in content
            }
            index += 1
        }
        guard index < bytes.count else { return nil }         // truncated
        let run = UnsafeBufferPointer(rebasing: bytes[start..<index])
        if hasNonASCII, !isXMLText(run) { return nil }
        if !hasReference {
            state.characters(String(decoding: run, as: UTF8.self))
            return index
        }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(run.count)
        var cursor = 0
        while cursor < run.count {
            let byte = run[cursor]
            guard byte == ampersand else {
                decoded.append(byte)
                cursor += 1
                continue
            }
            guard let semicolon = run[cursor...].firstIndex(of: UInt8(ascii: ";")), semicolon - cursor <= 12 else { return nil }
            let name = UnsafeBufferPointer(rebasing: run[(cursor + 1)..<semicolon])
            guard let scalar = reference(name) else { return nil }
            appendUTF8(scalar, to: &decoded)
            cursor = semicolon + 1
        }
        state.characters(String(decoding: decoded, as: UTF8.self))
        return index
    }

    /// The five predefined entities and `#NNN;` / `#xHHH;` naming an XML character.
    private static func reference(_ name: UnsafeBufferPointer<UInt8>) -> UInt32? {
        if equals(name, "lt") { return 0x3C }
        if equals(name, "gt") { return 0x3E }
        if equals(name, "amp") { return 0x26 }
        if equals(name, "quot") { return 0x22 }
        if equals(name, "apos") { return 0x27 }
        guard name.count >= 2, name[0] == UInt8(ascii: "#") else { return nil }
        let isHex = name[1] == UInt8(ascii: "x")
        let digits = UnsafeBufferPointer(rebasing: name[(isHex ? 2 : 1)...])
        guard !digits.isEmpty, digits.count <= 8 else { return nil }
        var value: UInt32 = 0
        for byte in digits {
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f") where isHex: digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F") where isHex: digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: return nil
            }
            value = value * (isHex ? 16 : 10) + digit
        }
        return isXMLCharacter(value) ? value : nil
    }

    /// XML 1.0 `Char`.
    private static func isXMLCharacter(_ value: UInt32) -> Bool {
        switch value {
        case 0x09, 0x0A, 0x0D, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }

    /// Valid UTF-8 whose every scalar is an XML character (the run's ASCII bytes are checked by the caller).
    private static func isXMLText(_ run: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let text = String(validating: run, as: UTF8.self) else { return false }
        return text.unicodeScalars.allSatisfy { isXMLCharacter($0.value) }
    }

    private static func appendUTF8(_ value: UInt32, to out: inout [UInt8]) {
        switch value {
        case ..<0x80:
            out.append(UInt8(value))
        case ..<0x800:
            out.append(UInt8(0xC0 | value >> 6)); out.append(UInt8(0x80 | value & 0x3F))
        case ..<0x10000:
            out.append(UInt8(0xE0 | value >> 12)); out.append(UInt8(0x80 | value >> 6 & 0x3F)); out.append(UInt8(0x80 | value & 0x3F))
        default:
            out.append(UInt8(0xF0 | value >> 18)); out.append(UInt8(0x80 | value >> 12 & 0x3F))
            out.append(UInt8(0x80 | value >> 6 & 0x3F)); out.append(UInt8(0x80 | value & 0x3F))
        }
    }

    // MARK: bytes

    private static let lessThan = UInt8(ascii: "<")
    private static let greaterThan = UInt8(ascii: ">")
    private static let slash = UInt8(ascii: "/")
    private static let ampersand = UInt8(ascii: "&")

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A }

    /// ASCII name characters only, and no `:` (prefixes are left to the parser).
    private static func isNameStart(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") || byte == UInt8(ascii: "_")
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        isNameStart(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: ".")
            || byte == UInt8(ascii: "-")
    }

    private static func has(_ bytes: UnsafeBufferPointer<UInt8>, _ marker: StaticString, at index: Int) -> Bool {
        let count = marker.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        for offset in 0..<count where bytes[index + offset] != marker.utf8Start[offset] { return false }
        return true
    }

    private static func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ text: StaticString) -> Bool {
        bytes.count == text.utf8CodeUnitCount && has(bytes, text, at: 0)
    }

    private static func memcmpEqual(_ bytes: UnsafeBufferPointer<UInt8>, _ first: Int, _ second: Int, _ count: Int) -> Bool {
        for offset in 0..<count where bytes[first + offset] != bytes[second + offset] { return false }
        return true
    }
}
