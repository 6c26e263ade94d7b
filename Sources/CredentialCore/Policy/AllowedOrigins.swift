/// The site setting `cors_allowed_origins` (issue 11): which browser origins the REST API answers
/// with CORS headers. `*` (the default) reflects any origin, as WordPress's
/// `rest_send_cors_headers` does; a comma list only those origins, compared exactly; an empty
/// value sends no CORS header at all.
public enum AllowedOrigins: Sendable, Equatable {
    case any
    case none
    case only([String])

    /// What `settings set` refuses: say what an origin looks like, since a browser sends
    /// `https://app.example.com` and never a path or a trailing slash.
    static let expected = "* (any origin, as WordPress), an empty value (no CORS headers) or a comma-separated list "
        + "of origins written as browsers send them: scheme://host[:port] in lower case, no path "
        + "(e.g. https://app.example.com,http://localhost:3000)"

    public init(parsing text: String) throws(StoreError) {
        let entries = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingASCIISpaces }
        if entries == ["*"] { self = .any; return }
        if entries == [""] { self = .none; return }
        guard entries.allSatisfy(Self.isOrigin) else {
            throw .invalidSetting(key: SettingKey.corsAllowedOrigins.rawValue, expected: Self.expected)
        }
        self = .only(entries)
    }

    /// The stored text, normalised (no spaces).
    public var text: String {
        switch self {
        case .any: "*"
        case .none: ""
        case .only(let origins): origins.joined(separator: ",")
        }
    }

    /// `scheme://host[:port]`: a lower-case scheme, a host of lower-case letters, digits, dots and
    /// hyphens (or a bracketed IPv6 address), and a port of 1–65535.
    static func isOrigin(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, isLowerLetter(first),
              let separator = (0..<bytes.count).first(where: { bytes[$0...].starts(with: "://".utf8) }),
              bytes[..<separator].allSatisfy({ isLowerLetter($0) || isDigit($0) || "+-.".utf8.contains($0) })
        else { return false }
        var rest = bytes[(separator + 3)...]
        if rest.first == UInt8(ascii: "[") {
            guard let close = rest.firstIndex(of: UInt8(ascii: "]")), close > rest.startIndex + 1,
                  rest[(rest.startIndex + 1)..<close].allSatisfy({ isDigit($0) || "abcdef:.".utf8.contains($0) })
            else { return false }
            rest = rest[(close + 1)...]
        } else {
            let hostEnd = rest.firstIndex(of: UInt8(ascii: ":")) ?? rest.endIndex
            guard hostEnd > rest.startIndex,
                  rest[..<hostEnd].allSatisfy({ isLowerLetter($0) || isDigit($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") })
            else { return false }
            rest = rest[hostEnd...]
        }
        guard let colon = rest.first else { return true }
        let port = rest.dropFirst()
        guard colon == UInt8(ascii: ":"), (1...5).contains(port.count), port.allSatisfy(isDigit),
              let number = Int(String(decoding: port, as: UTF8.self)) else { return false }
        return (1...65_535).contains(number)
    }

    private static func isLowerLetter(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") }
    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}
