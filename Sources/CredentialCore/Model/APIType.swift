/// The two protocols a password can be flagged for. Raw values are iThemes' wire names.
public enum APIType: String, Sendable, Hashable, CaseIterable, Comparable {
    case rest = "rest-api"
    case xmlrpc = "xml-rpc"

    public static func < (lhs: APIType, rhs: APIType) -> Bool { lhs.rawValue < rhs.rawValue }

    /// By case: the default for a raw-value enum hashes the string, and a password's API types
    /// are looked up on every authenticated request.
    public func hash(into hasher: inout Hasher) { hasher.combine(self == .rest ? 0 : 1) }

    /// The CLI spelling (`--api rest|xmlrpc`).
    public init?(cliName: String) {
        switch cliName {
        case "rest": self = .rest
        case "xmlrpc": self = .xmlrpc
        default: return nil
        }
    }
}

/// What a password may do on one protocol (`rest_api_permissions`, `xml_rpc_permissions`).
public enum Permission: String, Sendable, Hashable, CaseIterable {
    case read, write

    /// `write` is wider than `read`.
    public func isWider(than other: Permission) -> Bool { self == .write && other == .read }
}
