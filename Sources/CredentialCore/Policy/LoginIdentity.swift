/// Whom a login's failures count against. Every spelling that reaches an account (its login, its
/// e-mail, case and space variants) is that account, so one counter and one lockout; a login
/// that reaches no account counts by its normalised text, so `Ghost` and ` ghost ` share one.
package enum LoginIdentity: Hashable, Sendable, CustomStringConvertible {
    case account(Int64)
    case unknown(String)

    /// The identity of a login that reaches no account.
    package static func unknownLogin(_ typed: String) -> LoginIdentity { .unknown(normalised(typed)) }

    /// Trimmed, inner spaces collapsed, ASCII case folded: the spellings WordPress's look-up
    /// (a case-insensitive column) treats as one.
    static func normalised(_ login: String) -> String {
        // The common case (lower-case, no spaces) is its own key.
        if login.utf8.allSatisfy({ !($0 >= 65 && $0 <= 90) && $0 != 32 && $0 >= 0x21 }) { return login }
        return String(decoding: LoginRules.collapseSpaces(login).utf8.map { $0 >= 65 && $0 <= 90 ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    /// The text the shared failure tables key it by (`a:ID`, `u:LOGIN`).
    package var sharedKey: String {
        switch self {
        case .account(let id): "a:\(id)"
        case .unknown(let login): "u:" + login
        }
    }

    package init?(sharedKey key: String) {
        if key.hasPrefix("a:"), let id = Int64(key.dropFirst(2)) { self = .account(id) }
        else if key.hasPrefix("u:") { self = .unknown(String(key.dropFirst(2))) }
        else { return nil }
    }

    package var description: String {
        switch self {
        case .account(let id): "user \(id)"
        case .unknown(let login): login
        }
    }
}
