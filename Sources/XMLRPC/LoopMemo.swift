/// Answers that depend on nothing but the site, kept per event loop (an endpoint belongs to one
/// loop, so no lock): building `wp.getUsersBlogs`'s struct on every call, the first call of every
/// legacy client's session, was a sixth of that call's cost.
final class LoopMemo {
    struct UsersBlogs {
        let siteURL: String
        let administrator: Value
        let other: Value
    }

    /// For the last site URL asked about (one per listener in practice; another one replaces it).
    var usersBlogs: UsersBlogs?

    init() {}
}

@available(*, unavailable) extension LoopMemo: Sendable {}
