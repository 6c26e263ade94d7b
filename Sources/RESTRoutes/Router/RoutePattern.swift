import WireFormat
/// A route pattern is not one `RESTRoute` understands; `message` says which part and what is.
public struct RoutePatternError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// A route pattern written as WordPress registers it, e.g.
/// `/wp/v2/users/(?P<user_id>(?:[\d]+|me))/application-passwords/(?P<uuid>[\w\-]+)`. Three
/// parameter shapes are understood, one whole path segment each; matching is per path segment
/// and case-insensitive (WordPress matches `@^route$@i`).
struct RoutePattern: Equatable {
    enum Segment: Equatable {
        case literal(String)
        /// `(?:[\d]+|me)`: ASCII digits or `me` (case-insensitively, like the regex).
        case userID(name: String)
        /// `[\w\-]+`: ASCII letters, digits, `_` and `-` (PCRE without Unicode mode).
        case word(name: String)
        /// `\d+` or `[\d]+`: ASCII digits.
        case digits(name: String)
    }

    /// The spellings of each parameter shape that `init(validating:)` accepts.
    private static let shapes: [(body: String, make: @Sendable (String) -> Segment)] = [
        ("(?:[\\d]+|me)", { .userID(name: $0) }), ("(?:\\d+|me)", { .userID(name: $0) }),
        ("[\\w\\-]+", { .word(name: $0) }), ("[\\w-]+", { .word(name: $0) }),
        ("\\d+", { .digits(name: $0) }), ("[\\d]+", { .digits(name: $0) }), ("[0-9]+", { .digits(name: $0) }),
    ]

    /// An embedder's pattern: every `(?P<name>…)` segment must be one of the shapes, names unique.
    init(validating text: String) throws(RoutePatternError) {
        guard text.hasPrefix("/") else { throw RoutePatternError(message: "route pattern '\(text)' must start with '/'") }
        var segments: [Segment] = []
        var names: Set<String> = []
        for part in Self.split(text) {
            guard part.hasPrefix("(?P<") else {
                guard !part.isEmpty, !part.contains(where: { "()[]{}?*+|\\^$".contains($0) }) else {
                    throw RoutePatternError(message: "route pattern '\(text)': segment '\(part)' is neither a literal nor a parameter")
                }
                segments.append(.literal(part.lowercased()))
                continue
            }
            guard let close = part.firstIndex(of: ">"), part.hasSuffix(")") else {
                throw RoutePatternError(message: "route pattern '\(text)': '\(part)' is not (?P<name>…)")
            }
            let name = String(part[part.index(part.startIndex, offsetBy: 4)..<close])
            let body = String(part[part.index(after: close)..<part.index(before: part.endIndex)])
            guard !name.isEmpty, names.insert(name).inserted else {
                throw RoutePatternError(message: "route pattern '\(text)': parameter names must be present and unique")
            }
            guard let shape = Self.shapes.first(where: { $0.body == body }) else {
                throw RoutePatternError(message: "route pattern '\(text)': parameter '\(name)' must be \\d+, [\\w-]+ or (?:[\\d]+|me), not \(body)")
            }
            segments.append(shape.make(name))
        }
        self.text = text
        self.segments = segments
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
            case .digits(let name):
                guard !part.isEmpty, part.utf8.allSatisfy(Self.isDigit) else { return nil }
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
