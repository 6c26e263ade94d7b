import CredentialCore

/// The site settings the REST side obeys, read on every request so that a setting changed while
/// serving applies from the next one. Gateway wires them to the stored settings. (`unique_names`
/// is not here: the store enforces it inside its write transaction, for every protocol at once.)
public struct RESTPolicy {
    /// `application_passwords_enabled` (WordPress `wp_is_application_passwords_available`, §5).
    public var isAvailable: () -> Bool
    /// `allowed_roles` (`wp_is_application_passwords_available_for_user`, §5).
    public var isAvailableForUser: (User) -> Bool
    /// `cross_protocol_issuing`: a password may mint or widen one beyond its own rights.
    public var allowsCrossProtocolIssuing: () -> Bool
    /// `cors_allowed_origins`: asked only for a request with `Origin` or an anonymous GET.
    public var allowedOrigins: () -> AllowedOrigins
    /// True when `isAvailable` reads the store's settings afresh (`live`): authentication then
    /// skips its own change check.
    public var readsSettingsWhenAskedIfAvailable = false

    public init(isAvailable: @escaping () -> Bool = { true }, isAvailableForUser: @escaping (User) -> Bool = { _ in true },
                allowsCrossProtocolIssuing: @escaping () -> Bool = { false }, allowedOrigins: @escaping () -> AllowedOrigins = { .any }) {
        self.isAvailable = isAvailable
        self.isAvailableForUser = isAvailableForUser
        self.allowsCrossProtocolIssuing = allowsCrossProtocolIssuing
        self.allowedOrigins = allowedOrigins
    }

    /// Every setting at its default (contract.md's table).
    public static var defaults: RESTPolicy { RESTPolicy() }

    /// The store's site settings. `isAvailable` is asked first on every request and does the
    /// store's one cheap change check (`PRAGMA data_version`); the others read what it loaded.
    public static func live(_ store: CredentialStore) -> RESTPolicy {
        var policy = RESTPolicy(isAvailable: { store.settings.applicationPasswordsEnabled },
                                isAvailableForUser: { store.lastReadSettings.allows($0.role) },
                                allowsCrossProtocolIssuing: { store.lastReadSettings.crossProtocolIssuing },
                                allowedOrigins: { store.lastReadAllowedOrigins })
        policy.readsSettingsWhenAskedIfAvailable = true
        return policy
    }
}

@available(*, unavailable) extension RESTPolicy: Sendable {}
