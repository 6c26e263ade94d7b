/// WordPress 6.8+ `wp_fast_hash` / `wp_verify_fast_hash`: `$generic$` followed by the base64url
/// (no padding) of a 30-byte keyed BLAKE2b of the input bytes, key `wp_fast_hash_6.8+`.
/// 49 characters in all. No salt: equal inputs give equal hashes.
package enum FastHash {
    package static let prefix = "$generic$"
    package static let hashLength = 49
    static let digestLength = 30
    private static let key: [UInt8] = Array("wp_fast_hash_6.8+".utf8)

    /// The stored form for `bytes` (for application passwords: the normalised password).
    package static func hash(_ bytes: some Sequence<UInt8>) -> String {
        prefix + Base64URL.encode(BLAKE2b.hash(bytes, key: key, outputLength: digestLength))
    }

    package static func hash(_ text: String) -> String { hash(text.utf8) }

    /// True when `stored` is a `$generic$` hash of `candidate` (compared in constant time). A stored
    /// value in another format never matches here.
    package static func verify(_ candidate: some Sequence<UInt8>, stored: String) -> Bool {
        guard isFastHash(stored) else { return false }
        return ConstantTime.equals(hash(candidate).utf8, stored.utf8)
    }

    package static func verify(_ candidate: String, stored: String) -> Bool { verify(candidate.utf8, stored: stored) }

    /// Whether `stored` is in this format (as opposed to a legacy phpass/bcrypt/md5 hash).
    package static func isFastHash(_ stored: String) -> Bool { stored.utf8.starts(with: prefix.utf8) }
}
