import RESTRoutes

/// Query strings, decoded as PHP's `$_GET` is (WordPress reads its parameters from there).
enum QueryString {
    static func pairs(_ query: Substring) -> [(name: String, value: String)] {
        guard !query.isEmpty else { return [] }
        return query.split(separator: "&").map { part in
            if let equals = part.firstIndex(of: "=") {
                return (FormEncoding.decode(part[..<equals]), FormEncoding.decode(part[part.index(after: equals)...]))
            }
            return (FormEncoding.decode(part), "")
        }
    }

    /// The decoded value of the first `name=` pair, for routing before the rest is parsed.
    static func firstValue(named name: String, in query: Substring) -> String? {
        for part in query.split(separator: "&") {
            let key = part.prefix { $0 != "=" }
            if key == name { return FormEncoding.decode(part.dropFirst(key.count + (key.count < part.count ? 1 : 0))) }
        }
        return nil
    }
}
