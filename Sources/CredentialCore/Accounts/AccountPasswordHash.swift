import WireFormat

/// Hashes of account passwords (the ones people type at `/wp-login.php`; never accepted by the
/// APIs). New hashes are yescrypt (`$y$`, libxcrypt's preferred method, ~20 ms and 16 MiB each);
/// WordPress's own hashes brought by an import are verified as WordPress verifies them and
/// replaced by yescrypt after their first success.
package enum AccountPasswordHash {
    /// WordPress refuses longer passwords in its hashers; libxcrypt refuses past 512 bytes.
    package static let maximumPasswordBytes = LibCrypt.maximumPhraseBytes

    /// A new yescrypt hash, or nil when libcrypt is missing or refuses the phrase (NUL, too long).
    package static func make(_ password: String) -> String? {
        guard let crypt = LibCrypt.loaded, let setting = crypt.setting(prefix: "$y$") else { return nil }
        return crypt.crypt(Array(password.utf8), setting: setting)
    }

    /// The name of a WordPress `user_pass` hash an import accepts, or nil for anything else.
    package static func importedFormat(_ hash: String) -> String? {
        if hash.hasPrefix("$P$"), hash.utf8.count == 34 { return "phpass" }
        if hash.hasPrefix("$wp$2y$") { return "wordpress-bcrypt" }
        if hash.hasPrefix("$2y$") || hash.hasPrefix("$2b$") { return "bcrypt" }
        return nil
    }

    /// Whether `stored` is this build's own kind of hash (no re-hash needed after a success).
    package static func isCurrent(_ stored: String) -> Bool { stored.hasPrefix("$y$") }

    /// True when `password` matches `stored`: yescrypt and bcrypt through `crypt_r`, phpass
    /// (`$P$`) with our own implementation, WordPress 6.8's `$wp$2y$…` as `wp_check_password`
    /// (bcrypt over base64 of HMAC-SHA384 keyed "wp-sha384"). An empty or unknown hash never matches.
    package static func verify(_ password: String, stored: String) -> Bool {
        let phrase = Array(password.utf8)
        if stored.hasPrefix("$P$") { return phrase.count <= Phpass.maximumPasswordBytes && Phpass.verify(phrase, stored: stored) }
        guard let crypt = LibCrypt.loaded else { return false }
        if stored.hasPrefix("$wp$2") {
            var prehashed: [UInt8] = []
            Base64.encode(HMACSHA384.authenticationCode(key: Array("wp-sha384".utf8), message: phrase), into: &prehashed)
            let bcrypt = String(stored.dropFirst(3))
            return matches(crypt.crypt(prehashed, setting: bcrypt), bcrypt)
        }
        guard stored.hasPrefix("$y$") || stored.hasPrefix("$2y$") || stored.hasPrefix("$2b$") || stored.hasPrefix("$2a$") else { return false }
        return matches(crypt.crypt(phrase, setting: stored), stored)
    }

    private static func matches(_ computed: String?, _ stored: String) -> Bool {
        guard let computed else { return false }
        return ConstantTime.equals(Array(computed.utf8), Array(stored.utf8))
    }

    /// A yescrypt hash of nothing anyone can type: what a sign-in for an unknown login is checked
    /// against, so it costs what a known one does.
    package static let dummy: String = make("dualgate-dummy-account-\(SecureRandom.bytes(16))") ?? ""
}
