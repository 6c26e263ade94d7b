/// `application/x-www-form-urlencoded` bodies and query strings, read as PHP's `parse_str` does
/// for the shapes WordPress clients send: `+` is a space, `%XX` is a byte (a malformed escape stays
/// as written), `a[]=x&a[]=y` builds a list, `a[k]=v` a map, a repeated plain key keeps the last value.
package enum FormDecoder {
    /// Decodes a raw body (`k=v&k2=v2`).
    package static func decode(_ body: [UInt8]) -> JSON { decodeChecked(body).parameters }

    /// Decodes a raw body, and names the parameters (base names) whose name or value is not valid
    /// UTF-8 once decoded: they are refused, not stored altered (issue 11 item 2).
    static func decodeChecked(_ body: [UInt8]) -> (parameters: JSON, invalidUTF8: Set<String>) {
        let checked = pairs(body[...])
        return (fold(checked.pairs), checked.invalidUTF8)
    }

    /// `k=v&k2=v2` split and percent-decoded, with the base names of the pairs that were not UTF-8.
    package static func pairs<Bytes: RandomAccessCollection<UInt8>>(_ raw: Bytes) -> (pairs: [(name: String, value: String)], invalidUTF8: Set<String>)
    where Bytes.Index == Int, Bytes.SubSequence: RandomAccessCollection<UInt8>, Bytes.SubSequence.Index == Int {
        var pairs: [(name: String, value: String)] = []
        var invalid: Set<String> = []
        for field in raw.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let equals = field.firstIndex(of: UInt8(ascii: "=")) ?? field.endIndex
            let name = percentDecodeChecked(field[field.startIndex..<equals])
            let value: (text: String, isValid: Bool) = equals < field.endIndex ? percentDecodeChecked(field[field.index(after: equals)...]) : ("", true)
            pairs.append((name.text, value.text))
            if !name.isValid || !value.isValid { invalid.insert(baseName(name.text)) }
        }
        return (pairs, invalid)
    }

    /// The parameter a (possibly bracketed) field name sets: `a[]` and `a[k]` set `a`.
    static func baseName(_ name: String) -> String { splitBrackets(name).0 }

    /// Folds already-decoded pairs (e.g. the query) into an object, applying PHP's bracket syntax.
    static func fold(_ pairs: [(name: String, value: String)]) -> JSON {
        var object = JSON.emptyObject
        for pair in pairs {
            let (base, subkey) = splitBrackets(pair.name)
            guard !base.isEmpty else { continue }
            switch subkey {
            case .none:
                object.set(base, .string(pair.value))
            case .some(""):
                var items = object[base]?.arrayValue ?? []
                items.append(.string(pair.value))
                object.set(base, .array(items))
            case .some(let key):
                var map = object[base] ?? .emptyObject
                if case .object = map {} else { map = .emptyObject }
                map.set(key, .string(pair.value))
                object.set(base, map)
            }
        }
        return object
    }

    /// `name[sub]…` → ("name", "sub"); `name` → ("name", nil). PHP turns ` ` and `.` in the base
    /// name into `_`; a `[` without its `]` is kept as part of a plain name (as `_`).
    private static func splitBrackets(_ name: String) -> (String, String?) {
        let trimmed = name.drop { $0 == " " }
        guard let open = trimmed.firstIndex(of: "["),
              let close = trimmed[open...].firstIndex(of: "]") else {
            return (phpKey(trimmed, convertingBracket: true), nil)
        }
        let base = phpKey(trimmed[..<open], convertingBracket: false)
        return (base, String(trimmed[trimmed.index(after: open)..<close]))
    }

    private static func phpKey(_ text: Substring, convertingBracket: Bool) -> String {
        String(text.map { ($0 == " " || $0 == "." || (convertingBracket && $0 == "[")) ? "_" : $0 })
    }

    static func percentDecode(_ text: String) -> String { percentDecode(Array(text.utf8)[...]) }

    /// - Parameter plusAsSpace: true for form fields and queries (`urldecode`), false for paths (`rawurldecode`).
    static func percentDecode<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, plusAsSpace: Bool = true) -> String
    where Bytes.Index == Int {
        // Nearly every route holds nothing to decode: one scan, one String, no buffer.
        guard hasEscapes(bytes, plusAsSpace) else { return String(decoding: bytes, as: UTF8.self) }
        return String(decoding: unescaped(bytes, plusAsSpace), as: UTF8.self)
    }

    /// The decoded text, and whether the decoded bytes were valid UTF-8 (when not, `text` holds
    /// U+FFFD in their place and must not be stored as if the client had sent it).
    static func percentDecodeChecked<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, plusAsSpace: Bool = true)
    -> (text: String, isValid: Bool) where Bytes.Index == Int {
        guard hasEscapes(bytes, plusAsSpace) else { return checked(bytes) }
        return checked(unescaped(bytes, plusAsSpace))
    }

    private static func hasEscapes<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, _ plusAsSpace: Bool) -> Bool {
        bytes.contains { $0 == UInt8(ascii: "%") || (plusAsSpace && $0 == UInt8(ascii: "+")) }
    }

    private static func unescaped<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, _ plusAsSpace: Bool) -> [UInt8]
    where Bytes.Index == Int {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if plusAsSpace, byte == UInt8(ascii: "+") {
                out.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), index + 2 < bytes.endIndex,
                      let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) {
                out.append(high << 4 | low)
                index += 2
            } else {
                out.append(byte)
            }
            index += 1
        }
        return out
    }

    /// ASCII (the common case) needs no further look.
    static func checked<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> (text: String, isValid: Bool) {
        if bytes.allSatisfy({ $0 < 0x80 }) { return (String(decoding: bytes, as: UTF8.self), true) }
        if let text = String(validating: bytes, as: UTF8.self) { return (text, true) }
        return (String(decoding: bytes, as: UTF8.self), false)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
