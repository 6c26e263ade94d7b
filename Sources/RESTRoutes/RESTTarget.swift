import Glibc

/// Where a REST request is addressed, read from the raw HTTP request-target: the pretty form
/// `/wp-json/<route>` and the plain form `/?rest_route=<route>` (also `/index.php?rest_route=`),
/// as WordPress's `rest_api_loaded` accepts them. For Gateway's adapter; optional to use.
public struct RESTTarget {
    /// Percent-decoded route, `/` for the index.
    public let route: String
    /// Decoded query pairs in order, `rest_route` removed (`+` is a space, as in PHP's `$_GET`).
    public let query: [(name: String, value: String)]
    /// Query parameters (base names) whose name or value is not valid UTF-8 once decoded; nil
    /// when there are none (the normal case costs no set).
    public let invalidUTF8Query: Set<String>?

    /// nil when the target is not a REST request.
    public init?(target: String) {
        // On the target's own bytes: this runs for every REST request.
        var text = target
        guard let (route, query) = text.withUTF8({ Self.parse($0) }) else { return nil }
        self.route = route
        self.query = query.pairs
        self.invalidUTF8Query = query.invalidUTF8.isEmpty ? nil : query.invalidUTF8
    }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>)
    -> (route: String, query: (pairs: [(name: String, value: String)], invalidUTF8: Set<String>))? {
        let mark = bytes.firstIndex(of: UInt8(ascii: "?")) ?? bytes.endIndex
        let path = bytes[..<mark]
        var query: (pairs: [(name: String, value: String)], invalidUTF8: Set<String>) =
            mark < bytes.endIndex ? FormDecoder.pairs(bytes[(mark + 1)...]) : ([], [])
        let prefix = 8                                          // "/wp-json"
        if path.count >= prefix, memcmp(bytes.baseAddress!, "/wp-json", prefix) == 0,
           path.count == prefix || path[prefix] == UInt8(ascii: "/") {
            let decoded = FormDecoder.percentDecode(path.dropFirst(prefix), plusAsSpace: false)
            return (decoded.isEmpty ? "/" : decoded, query)
        }
        guard path.elementsEqual("/".utf8) || path.elementsEqual("/index.php".utf8),
              let index = query.pairs.lastIndex(where: { $0.name == "rest_route" }) else { return nil }
        let value = query.pairs[index].value
        query.pairs.removeAll { $0.name == "rest_route" }
        return (value.isEmpty ? "/" : value, query)
    }
}
