/// How dualgate accepts a login (WordPress `sanitize_user` in strict mode, plus its 60-character
/// `user_login` column) and derives the `user_nicename` slug from it.
enum LoginRules {
    static let maximumLength = 60
    static let maximumNicenameLength = 50

    /// The login as it will be stored: ends trimmed and inner space runs collapsed (as
    /// `sanitize_user` does); then it must be non-empty, at most 60 characters, and use only
    /// `A-Z a-z 0-9`, space and `_ . - @`.
    static func normalise(_ login: String) throws(StoreError) -> String {
        let cleaned = collapseSpaces(login)
        guard !cleaned.isEmpty else { throw .invalidLogin("the login is empty") }
        guard cleaned.utf8.allSatisfy(isAllowed) else {
            throw .invalidLogin("only letters, numbers, spaces and the characters _ . - @ are allowed")
        }
        guard cleaned.utf8.count <= maximumLength else { throw .invalidLogin("the login is longer than \(maximumLength) characters") }
        return cleaned
    }

    /// Trimmed, inner whitespace runs as one space: the form both storing and looking up use.
    static func collapseSpaces(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// Lower-case; every byte outside `a-z 0-9 _ -` becomes `-`; runs of `-` collapse and are
    /// trimmed; at most 50 characters (WordPress truncates the nicename to 50). Never empty.
    static func nicename(for login: String) -> String {
        var out: [UInt8] = []
        for byte in login.utf8 {
            let lower = (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
            let kept: UInt8
            switch lower {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"): kept = lower
            default: kept = UInt8(ascii: "-")
            }
            if kept == UInt8(ascii: "-"), out.last == UInt8(ascii: "-") || out.isEmpty { continue }
            out.append(kept)
        }
        if out.count > maximumNicenameLength { out.removeLast(out.count - maximumNicenameLength) }
        while out.last == UInt8(ascii: "-") { out.removeLast() }
        return out.isEmpty ? "user" : String(decoding: out, as: UTF8.self)
    }

    private static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: " "), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "@"):
            true
        default:
            false
        }
    }
}
