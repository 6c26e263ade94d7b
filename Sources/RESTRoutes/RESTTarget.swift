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
        let bytes = Array(target.utf8)
        let mark = bytes.firstIndex(of: UInt8(ascii: "?")) ?? bytes.endIndex
        let path = bytes[..<mark]
        let rawQuery = mark < bytes.endIndex ? bytes[(mark + 1)...] : []
        var pairs = Self.pairs(rawQuery)
        let prefix = Self.prettyPrefix
        if path.starts(with: prefix) && (path.count == prefix.count || path[path.startIndex + prefix.count] == UInt8(ascii: "/")) {
            let rest = path.dropFirst(prefix.count)
            let decoded = FormDecoder.percentDecode(rest, plusAsSpace: false)
            route = decoded.isEmpty ? "/" : decoded
            query = pairs
            return
        }
        guard path.elementsEqual("/".utf8) || path.elementsEqual("/index.php".utf8),
              let index = pairs.lastIndex(where: { $0.name == "rest_route" }) else { return nil }
        let value = pairs[index].value
        pairs.removeAll { $0.name == "rest_route" }
        route = value.isEmpty ? "/" : value
        query = pairs
    }

    private static let prettyPrefix = Array("/wp-json".utf8)

    static func pairs(_ raw: ArraySlice<UInt8>) -> [(name: String, value: String)] {
        raw.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true).map { field in
            guard let equals = field.firstIndex(of: UInt8(ascii: "=")) else { return (FormDecoder.percentDecode(field), "") }
            return (FormDecoder.percentDecode(field[field.startIndex..<equals]), FormDecoder.percentDecode(field[field.index(after: equals)...]))
        }
    }
}
