/// `application/x-www-form-urlencoded` bodies and query strings, read as PHP's `parse_str` does
/// for the shapes WordPress clients send: `+` is a space, `%XX` is a byte (a malformed escape stays
/// as written), `a[]=x&a[]=y` builds a list, `a[k]=v` a map, a repeated plain key keeps the last value.
package enum FormDecoder {
    /// Decodes a raw body (`k=v&k2=v2`).
    package static func decode(_ body: [UInt8]) -> JSON {
        var pairs: [(name: String, value: String)] = []
        for field in body.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            if let equals = field.firstIndex(of: UInt8(ascii: "=")) {
                pairs.append((percentDecode(field[field.startIndex..<equals]), percentDecode(field[field.index(after: equals)...])))
            } else {
                pairs.append((percentDecode(field[...]), ""))
            }
        }
        return fold(pairs)
    }

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
        // Nearly every route and query holds nothing to decode: one scan, one String, no buffer.
        if !bytes.contains(where: { $0 == UInt8(ascii: "%") || (plusAsSpace && $0 == UInt8(ascii: "+")) }) {
            return String(decoding: bytes, as: UTF8.self)
        }
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
        return String(decoding: out, as: UTF8.self)
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
