import CredentialCore

/// `rest_get_avatar_urls`: Gravatar URLs for sizes 24, 48 and 96. WordPress 6.8+ hashes the
/// trimmed, lower-cased email with SHA-256 (`get_avatar_data`); `d=mm`, `r=g` are its defaults.
enum Avatar {
    /// The same email is answered on every `users/me` request of a client, and hashing it was
    /// about a fifth of such a request (callgrind): the answers are kept in the loop's caches.
    static func urls(email: String, caches: LoopCaches) -> JSON {
        if let known = caches.avatars[email] { return known }
        let urls = make(email: email)
        if caches.avatars.count >= LoopCaches.avatarCapacity { caches.avatars.removeAll(keepingCapacity: true) }
        caches.avatars[email] = urls
        return urls
    }

    static func make(email: String) -> JSON {
        let hash = SHA256.hex(Array(email.trimmingASCIIWhitespace().lowercased().utf8))
        return .object([24, 48, 96].map { size in
            (String(size), .string("https://secure.gravatar.com/avatar/\(hash)?s=\(size)&d=mm&r=g"))
        })
    }
}
