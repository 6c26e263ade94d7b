/// `application/x-www-form-urlencoded` query strings: `+` is a space, `%XX` a byte, invalid
/// UTF-8 replaced (WordPress receives PHP's `$_GET`, which does the same decoding).
enum QueryString {
    static func pairs(_ query: Substring) -> [(name: String, value: String)] {
        guard !query.isEmpty else { return [] }
        return query.split(separator: "&").map { part in
            if let equals = part.firstIndex(of: "=") {
                return (percentDecoded(part[..<equals], plusIsSpace: true), percentDecoded(part[part.index(after: equals)...], plusIsSpace: true))
            }
            return (percentDecoded(part, plusIsSpace: true), "")
        }
    }

    /// The still-encoded-then-decoded value of the first `name=` pair, for routing before parsing the rest.
    static func firstRawValue(named name: String, in query: Substring) -> Substring? {
        for part in query.split(separator: "&") {
            let key = part.prefix { $0 != "=" }
            if key == name {
                let value = part.dropFirst(key.count + (key.count < part.count ? 1 : 0))
                return Substring(percentDecoded(value, plusIsSpace: true))
            }
        }
        return nil
    }

    static func percentDecoded(_ text: Substring, plusIsSpace: Bool) -> String {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "%") || (plusIsSpace && $0 == UInt8(ascii: "+")) }) else { return String(text) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+") where plusIsSpace:
                bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                let high = iterator.next(), low = high == nil ? nil : iterator.next()
                if let high, let low, let h = hexValue(high), let l = hexValue(low) {
                    bytes.append(h << 4 | l)
                } else {
                    bytes.append(byte)
                    if let high { bytes.append(high) }
                    if let low { bytes.append(low) }
                }
            default:
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
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
