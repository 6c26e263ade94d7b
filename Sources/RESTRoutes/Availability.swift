import CredentialCore

/// Whether application passwords are available (§5): site-wide
/// (`wp_is_application_passwords_available`, dualgate's `application_passwords_enabled`) and per
/// user (`…_available_for_user`, dualgate's `allowed_roles`). Read on every request, so a
/// setting changed while serving applies from the next one.
public struct Availability {
    public var siteWide: () -> Bool
    public var forUser: (User) -> Bool

    public init(siteWide: @escaping () -> Bool, forUser: @escaping (User) -> Bool) {
        self.siteWide = siteWide
        self.forUser = forUser
    }

    /// Always available (no settings consulted).
    public static var always: Availability { Availability(siteWide: { true }, forUser: { _ in true }) }
}

@available(*, unavailable) extension Availability: Sendable {}
