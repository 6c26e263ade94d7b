import WireFormat
/// A route pattern written as WordPress registers it, e.g.
/// `/wp/v2/users/(?P<user_id>(?:[\d]+|me))/application-passwords/(?P<uuid>[\w\-]+)`. Only the
/// two parameter shapes WordPress uses here are understood; matching is per path segment and
/// case-insensitive (WordPress matches `@^route$@i`).
struct RoutePattern: Equatable {
    enum Segment: Equatable {
        case literal(String)
        /// `(?:[\d]+|me)`: ASCII digits or `me` (case-insensitively, like the regex).
        case userID(name: String)
        /// `[\w\-]+`: ASCII letters, digits, `_` and `-` (PCRE without Unicode mode).
        case word(name: String)
    }

    /// The WordPress spelling, used as the key in the index and in OPTIONS answers.
    let text: String
    let segments: [Segment]

    init(_ text: String) {
        self.text = text
        segments = Self.split(text).map { part -> Segment in
            guard part.hasPrefix("(?P<"), let close = part.firstIndex(of: ">") else { return .literal(part.lowercased()) }
            let name = String(part[part.index(part.startIndex, offsetBy: 4)..<close])
            return part.contains("|me") ? .userID(name: name) : .word(name: name)
        }
    }

    /// The URL parameters when `route` matches, else nil.
    func match(_ route: String) -> [String: String]? { match(parts: Self.split(route)) }

    /// The URL parameters when the path, already split by `split(_:)`, matches, else nil. The
    /// router splits a path once for all its patterns (splitting per pattern was a sixth of a
    /// `users/me` request).
    func match(parts: [Substring]) -> [String: String]? {
        guard parts.count == segments.count else { return nil }
        var parameters: [String: String] = [:]
        for (segment, part) in zip(segments, parts) {
            switch segment {
            case .literal(let literal):
                guard ASCIICase.isLowercase(part, literal) else { return nil }
            case .userID(let name):
                guard ASCIICase.isLowercase(part, "me") || (!part.isEmpty && part.utf8.allSatisfy(Self.isDigit)) else { return nil }
                parameters[name] = String(part)
            case .word(let name):
                guard !part.isEmpty, part.utf8.allSatisfy(Self.isWordOrDash) else { return nil }
                parameters[name] = String(part)
            }
        }
        return parameters
    }

    /// `/a/b` → ["a", "b"]; `/` → []. Empty inner segments are kept so that `//` never matches.
    static func split(_ route: String) -> [Substring] {
        var body = Substring(route)
        if body.hasPrefix("/") { body = body.dropFirst() }
        if body.isEmpty { return [] }
        return body.split(separator: "/", omittingEmptySubsequences: false)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private static func isWordOrDash(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "_"), UInt8(ascii: "-"): true
        default: false
        }
    }

    /// WordPress's display form in OPTIONS and the index: `(?P<name>…)` becomes `{name}`.
    var hasParameters: Bool { segments.contains { if case .literal = $0 { false } else { true } } }
}
