/// The elements of a comma-separated field value (RFC 9110 §5.6.1), read on its bytes: each without
/// its optional whitespace (spaces and tabs). The upstream answer's framing fields and the names a
/// `Connection` field lists are read here on every forwarded request, where `split` and `lowercased`
/// on Strings cost more than the rest of reading the head.
enum FieldList {
    /// Calls `body` with each element, trimmed. `keepingEmpty` false skips what lies between two
    /// adjacent commas (as `split(separator:)` does); an element of only spaces is still passed, empty.
    static func forEach(_ value: UnsafeRawBufferPointer, keepingEmpty: Bool, _ body: (UnsafeRawBufferPointer) -> Void) {
        var start = 0
        while start <= value.count {
            var end = start
            while end < value.count, value[end] != UInt8(ascii: ",") { end += 1 }
            if keepingEmpty || end > start {
                var first = start, last = end
                while first < last, ASCII.isWhitespace(value[first]) { first += 1 }
                while last > first, ASCII.isWhitespace(value[last - 1]) { last -= 1 }
                body(UnsafeRawBufferPointer(rebasing: value[first..<last]))
            }
            start = end + 1
        }
    }

    /// The same for a `String` value.
    static func forEach(_ value: String, keepingEmpty: Bool, _ body: (UnsafeRawBufferPointer) -> Void) {
        var value = value
        value.withUTF8 { forEach(UnsafeRawBufferPointer($0), keepingEmpty: keepingEmpty, body) }
    }
}
