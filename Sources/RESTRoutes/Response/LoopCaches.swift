/// Answer caches of one event loop (one `RESTApplication`): a loop's requests take no lock
/// (`EventLoop`'s rule), so nothing here is shared between loops. Each is bounded and starts
/// again empty when full; none holds a secret.
import CredentialCore

final class LoopCaches {
    /// `users/me`, written: see `UsersMeRoute.reply`.
    struct UsersMeKey: Hashable {
        let userID: Int64
        let context: String
        let siteURL: String
    }

    static let usersMeCapacity = 1024
    static let avatarCapacity = 4096

    // Unchecked exclusivity: per loop thread, and a lookup calls out to nothing of ours.
    @exclusivity(unchecked) var usersMe: [UsersMeKey: (user: User, bytes: [UInt8])] = [:]
    /// Gravatar URLs by e-mail as stored.
    var avatars: [String: JSON] = [:]

    init() {}
}

@available(*, unavailable) extension LoopCaches: Sendable {}
