import Glibc

/// Where a REST request is addressed, read from the raw HTTP request-target: the pretty form
/// `/wp-json/<route>` and the plain form `/?rest_route=<route>` (also `/index.php?rest_route=`),
/// as WordPress's `rest_api_loaded` accepts them. For Gateway's adapter; optional to use.
public struct RESTTarget {
    /// Percent-decoded route, `/` for the index.
    public let route: String
    /// Decoded query pairs in order, `rest_route` removed (`+` is a space, as in PHP's `$_GET`).
    public let query: [(name: String, value: String)]

    /// nil when the target is not a REST request.
    public init?(target: String) {
        // On the target's own bytes: this runs for every REST request.
        var text = target
        guard let (route, query) = text.withUTF8({ Self.parse($0) }) else { return nil }
        self.route = route
        self.query = query
    }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> (route: String, query: [(name: String, value: String)])? {
        let mark = bytes.firstIndex(of: UInt8(ascii: "?")) ?? bytes.endIndex
        let path = bytes[..<mark]
        var pairs = mark < bytes.endIndex ? Self.pairs(bytes[(mark + 1)...]) : []
        let prefix = 8                                          // "/wp-json"
        if path.count >= prefix, memcmp(bytes.baseAddress!, "/wp-json", prefix) == 0,
           path.count == prefix || path[prefix] == UInt8(ascii: "/") {
            let decoded = FormDecoder.percentDecode(path.dropFirst(prefix), plusAsSpace: false)
            return (decoded.isEmpty ? "/" : decoded, pairs)
        }
        guard path.elementsEqual("/".utf8) || path.elementsEqual("/index.php".utf8),
              let index = pairs.lastIndex(where: { $0.name == "rest_route" }) else { return nil }
        let value = pairs[index].value
        pairs.removeAll { $0.name == "rest_route" }
        return (value.isEmpty ? "/" : value, pairs)
    }

    static func pairs(_ raw: Slice<UnsafeBufferPointer<UInt8>>) -> [(name: String, value: String)] {
        raw.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true).map { field in
            guard let equals = field.firstIndex(of: UInt8(ascii: "=")) else { return (FormDecoder.percentDecode(field), "") }
            return (FormDecoder.percentDecode(field[field.startIndex..<equals]), FormDecoder.percentDecode(field[field.index(after: equals)...]))
        }
    }
}
