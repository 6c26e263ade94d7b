/// ASCII case folding, the whole rule for HTTP field names (tokens, RFC 9110 §5.1) and for the
/// other protocol words dualgate compares; one copy for every module (issue 12 item 4).
public enum ASCIICase {
    @inlinable @inline(__always)
    public static func lowercased(_ byte: UInt8) -> UInt8 {
        (byte >= 0x41 && byte <= 0x5A) ? byte | 0x20 : byte
    }

    /// Raw bytes equal to a lower-case ASCII literal, ignoring ASCII case.
    // Always inlined: on the response path each header name is checked against a few literals, and
    // a cross-module call without the literal's length folded in cost four times the comparison.
    @inlinable @inline(__always)
    public static func equalsLowercase(_ bytes: UnsafeRawBufferPointer, _ literal: StaticString) -> Bool {
        guard bytes.count == literal.utf8CodeUnitCount else { return false }
        let expected = literal.utf8Start
        for index in 0..<bytes.count where lowercased(bytes[index]) != expected[index] { return false }
        return true
    }

    /// `text.lowercased() == lowered` without the lower-cased copy for ASCII text. Non-ASCII text
    /// takes Unicode's way: its case mapping can turn a non-ASCII character into ASCII.
    @inlinable @inline(__always)
    public static func isLowercase(_ text: String, _ lowered: StaticString) -> Bool {
        var text = text
        let ascii: Bool? = text.withUTF8 { bytes in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            return equalsLowercase(UnsafeRawBufferPointer(bytes), lowered)
        }
        return ascii ?? (text.lowercased() == lowered.description)
    }

    /// The same for a substring and a lower-case `String`.
    @inlinable
    public static func isLowercase(_ part: Substring, _ lowered: String) -> Bool {
        guard part.utf8.allSatisfy({ $0 < 0x80 }) else { return part.lowercased() == lowered }
        guard part.utf8.count == lowered.utf8.count else { return false }
        for (byte, expected) in zip(part.utf8, lowered.utf8) where lowercased(byte) != expected { return false }
        return true
    }

    /// The first value of the field named `name` (ASCII case ignored), without allocating.
    @inlinable @inline(__always)
    public static func value(of name: String, in fields: [(name: String, value: String)]) -> String? {
        var wanted = name
        return wanted.withUTF8 { wantedBytes in
            for field in fields where field.name.utf8.count == wantedBytes.count {
                var fieldName = field.name
                let same = fieldName.withUTF8 { bytes in
                    for index in 0..<bytes.count where lowercased(bytes[index]) != lowercased(wantedBytes[index]) { return false }
                    return true
                }
                if same { return field.value }
            }
            return nil
        }
    }
}
