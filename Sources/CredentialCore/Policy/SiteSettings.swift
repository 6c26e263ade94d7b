/// The site settings (contract.md "Site settings"), stored in the `settings` table like WordPress
/// options and applied live. Every value is validated when set; a stored value that no longer
/// parses (written by hand or by a newer build) reads as its default.
public struct SiteSettings: Sendable, Equatable {
    /// What creating one password more than `max_per_user` does.
    public enum MaxPolicy: String, Sendable, CaseIterable {
        /// Refuse the new password (`StoreError.tooManyPasswords`).
        case refuse
        /// Delete the user's oldest password(s) to make room (WordPress plugins' pattern).
        case deleteOldest = "delete_oldest"
    }

    public var applicationPasswordsEnabled = true
    public var allowedRoles = Set(Role.allCases)
    /// 0 = no limit.
    public var maxPerUser = 0
    public var maxPolicy = MaxPolicy.refuse
    public var requireApproval = false
    public var uniqueNames = false
    public var crossProtocolIssuing = false
    /// Failures of one login within the window before it is locked; 0 = off.
    public var lockoutLoginFailures = 10
    /// Failures from one client address within the window before it is locked; 0 = off.
    public var lockoutAddressFailures = 25
    public var lockoutWindowSeconds = 900
    public var lockoutDurationSeconds = 900
    /// Lifetime given to a new password that asks for none; 0 = it never expires.
    public var defaultLifetimeSeconds = 0
    /// Longest lifetime a new password may have; 0 = no limit.
    public var maxLifetimeSeconds = 0
    /// Browser origins the REST API sends CORS headers to (`*`: any, as WordPress).
    public var corsAllowedOrigins = AllowedOrigins.any
    /// Credentials over plain HTTP are refused unless the client is on loopback (issue 14).
    public var requireHTTPS = true
    /// `Strict-Transport-Security: max-age=` on HTTPS answers; 0 = not sent.
    public var hstsMaxAge = 31_536_000
    /// Gateway mode (issue 13): XML-RPC is served at all (`xmlrpc_enabled`).
    public var xmlrpcEnabled = true
    /// Anonymous REST requests are forwarded (`rest_anonymous` `allow`) or refused (`refuse`).
    public var restAnonymousAllowed = true
    /// Pingback methods are served (`xmlrpc_pingbacks`); off by default, as a reflection vector.
    public var xmlrpcPingbacks = false
    /// PostgreSQL store (issue 15): how long cached verifications stand in while the database is
    /// away; 0 = none (fail closed: every request that needs the store is answered 503 / -32603).
    public var storeOutageGraceSeconds = 0

    public init() {}

    /// The defaults of contract.md's table.
    public static let defaults = SiteSettings()

    /// Whether `user` may have and use application passwords (`allowed_roles`).
    public func allows(_ role: Role) -> Bool { allowedRoles.contains(role) }

    /// The stored text of `key`.
    public func value(of key: SettingKey) -> String {
        switch key {
        case .applicationPasswordsEnabled: "\(applicationPasswordsEnabled)"
        case .allowedRoles: Role.allCases.filter(allowedRoles.contains).map(\.rawValue).joined(separator: ",")
        case .maxPerUser: "\(maxPerUser)"
        case .maxPolicy: maxPolicy.rawValue
        case .requireApproval: "\(requireApproval)"
        case .uniqueNames: "\(uniqueNames)"
        case .crossProtocolIssuing: "\(crossProtocolIssuing)"
        case .lockoutLoginFailures: "\(lockoutLoginFailures)"
        case .lockoutAddressFailures: "\(lockoutAddressFailures)"
        case .lockoutWindowSeconds: "\(lockoutWindowSeconds)"
        case .lockoutDurationSeconds: "\(lockoutDurationSeconds)"
        case .defaultLifetimeSeconds: "\(defaultLifetimeSeconds)"
        case .maxLifetimeSeconds: "\(maxLifetimeSeconds)"
        case .corsAllowedOrigins: corsAllowedOrigins.text
        case .requireHTTPS: "\(requireHTTPS)"
        case .hstsMaxAge: "\(hstsMaxAge)"
        case .xmlrpcEnabled: "\(xmlrpcEnabled)"
        case .restAnonymous: restAnonymousAllowed ? "allow" : "refuse"
        case .xmlrpcPingbacks: "\(xmlrpcPingbacks)"
        case .storeOutageGraceSeconds: "\(storeOutageGraceSeconds)"
        }
    }

    /// Sets `key` from its text form; refuses (naming the valid values) anything else.
    public mutating func set(_ key: SettingKey, to text: String) throws(StoreError) {
        switch key {
        case .applicationPasswordsEnabled: applicationPasswordsEnabled = try Self.boolean(key, text)
        case .allowedRoles: allowedRoles = try Self.roles(text)
        case .maxPerUser: maxPerUser = try Self.count(key, text)
        case .maxPolicy:
            guard let policy = MaxPolicy(rawValue: text) else { throw .invalidSetting(key: key.rawValue, expected: "refuse or delete_oldest") }
            maxPolicy = policy
        case .requireApproval: requireApproval = try Self.boolean(key, text)
        case .uniqueNames: uniqueNames = try Self.boolean(key, text)
        case .crossProtocolIssuing: crossProtocolIssuing = try Self.boolean(key, text)
        case .lockoutLoginFailures: lockoutLoginFailures = try Self.count(key, text, maximum: Self.maximumThreshold)
        case .lockoutAddressFailures: lockoutAddressFailures = try Self.count(key, text, maximum: Self.maximumThreshold)
        case .lockoutWindowSeconds: lockoutWindowSeconds = try Self.count(key, text, minimum: 1)
        case .lockoutDurationSeconds: lockoutDurationSeconds = try Self.count(key, text, minimum: 1)
        case .defaultLifetimeSeconds: defaultLifetimeSeconds = try Self.count(key, text)
        case .maxLifetimeSeconds: maxLifetimeSeconds = try Self.count(key, text)
        case .corsAllowedOrigins: corsAllowedOrigins = try AllowedOrigins(parsing: text)
        case .requireHTTPS: requireHTTPS = try Self.boolean(key, text)
        case .hstsMaxAge: hstsMaxAge = try Self.count(key, text)
        case .xmlrpcEnabled: xmlrpcEnabled = try Self.boolean(key, text)
        case .restAnonymous:
            switch text {
            case "allow": restAnonymousAllowed = true
            case "refuse": restAnonymousAllowed = false
            default: throw .invalidSetting(key: key.rawValue, expected: "allow or refuse")
            }
        case .xmlrpcPingbacks: xmlrpcPingbacks = try Self.boolean(key, text)
        case .storeOutageGraceSeconds: storeOutageGraceSeconds = try Self.count(key, text, maximum: Self.maximumOutageGrace)
        }
    }

    /// Thresholds are capped so that the per-key failure history stays small (bounded memory).
    public static let maximumThreshold = 1000
    /// A day: past that, an outage is no longer something to ride out with old answers.
    static let maximumOutageGrace = 86_400
    /// Durations are capped at ten years, so that `now + duration` never overflows.
    static let maximumSeconds = 315_360_000

    private static func boolean(_ key: SettingKey, _ text: String) throws(StoreError) -> Bool {
        switch text {
        case "true": return true
        case "false": return false
        default: throw .invalidSetting(key: key.rawValue, expected: "true or false")
        }
    }

    private static func count(_ key: SettingKey, _ text: String, minimum: Int = 0, maximum: Int = maximumSeconds) throws(StoreError) -> Int {
        guard text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }), let value = Int(text),
              value >= minimum, value <= maximum else {
            throw .invalidSetting(key: key.rawValue, expected: "a whole number from \(minimum) to \(maximum)")
        }
        return value
    }

    /// A comma list of role names (spaces around names ignored); empty = no role.
    private static func roles(_ text: String) throws(StoreError) -> Set<Role> {
        var roles = Set<Role>()
        for word in text.split(separator: ",") {
            let name = word.trimmingASCIISpaces
            guard let role = Role(rawValue: name) else {
                throw .invalidSetting(key: SettingKey.allowedRoles.rawValue,
                                      expected: "a comma-separated list of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            roles.insert(role)
        }
        return roles
    }
}

/// The keys of the `settings` table, in the README's order.
public enum SettingKey: String, Sendable, CaseIterable {
    case applicationPasswordsEnabled = "application_passwords_enabled"
    case allowedRoles = "allowed_roles"
    case maxPerUser = "max_per_user"
    case maxPolicy = "max_policy"
    case requireApproval = "require_approval"
    case uniqueNames = "unique_names"
    case crossProtocolIssuing = "cross_protocol_issuing"
    case lockoutLoginFailures = "lockout_login_failures"
    case lockoutAddressFailures = "lockout_address_failures"
    case lockoutWindowSeconds = "lockout_window_seconds"
    case lockoutDurationSeconds = "lockout_duration_seconds"
    case defaultLifetimeSeconds = "default_lifetime_seconds"
    case maxLifetimeSeconds = "max_lifetime_seconds"
    case corsAllowedOrigins = "cors_allowed_origins"
    case requireHTTPS = "require_https"
    case hstsMaxAge = "hsts_max_age"
    case xmlrpcEnabled = "xmlrpc_enabled"
    case restAnonymous = "rest_anonymous"
    case xmlrpcPingbacks = "xmlrpc_pingbacks"
    case storeOutageGraceSeconds = "store_outage_grace_seconds"

    /// Parses a key; the error lists every valid key.
    public init(parsing text: String) throws(StoreError) {
        guard let key = SettingKey(rawValue: text) else { throw .unknownSetting(text) }
        self = key
    }
}

extension Substring {
    var trimmingASCIISpaces: String {
        var slice = self[...]
        while slice.first == " " { slice = slice.dropFirst() }
        while slice.last == " " { slice = slice.dropLast() }
        return String(slice)
    }
}
