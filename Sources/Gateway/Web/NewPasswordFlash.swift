import CredentialCore
import Glibc

/// A new application password between the POST that made it and the one page that shows it
/// (Post/Redirect/Get): a reload of that page, or of the POST, then makes and shows nothing more.
/// The URL carries only the new password's uuid. The password itself travels in the browser, in a
/// cookie sealed (ChaCha20-Poly1305) under a key derived from the session's form token, for at most
/// `lifetime` seconds; the page that shows it clears the cookie. Carried by the browser, not kept in
/// a server's memory: behind a load balancer the redirected GET may reach another instance (issue 15),
/// which can open it because the session is in the shared store, and no server ever holds the
/// password after answering. Only that browser session can open it (the key needs its token).
enum NewPasswordFlash {
    static let cookieName = "dualgate_new_password"
    static let lifetime: Int64 = 120
    private static let path = "/wp-admin/"

    /// `Set-Cookie` for the redirect that follows the creation.
    static func cookie(_ created: NewPassword, session: WebSession, https: Bool) -> (name: String, value: String) {
        let expires = Int64(time(nil)) + lifetime
        var plaintext = (0..<8).map { UInt8(truncatingIfNeeded: UInt64(bitPattern: expires) >> (56 - 8 * UInt64($0))) }
        plaintext += Array(created.plain.raw.utf8)
        let nonce = SecureRandom.bytes(ChaCha20Poly1305.nonceSize)
        let sealed = ChaCha20Poly1305.seal(plaintext, key: key(session), nonce: nonce, aad: Array(created.record.uuid.utf8))
        let value = Hex.lowercase(nonce + sealed.ciphertext + sealed.tag)
        return ("Set-Cookie", "\(cookieName)=\(value); Path=\(path); Max-Age=\(lifetime); HttpOnly; SameSite=Strict\(https ? "; Secure" : "")")
    }

    /// `Set-Cookie` that removes it, on the page that showed the password (and whenever one is sent).
    static func clearing(https: Bool) -> (name: String, value: String) {
        ("Set-Cookie", "\(cookieName)=; Path=\(path); Max-Age=0; HttpOnly; SameSite=Strict\(https ? "; Secure" : "")")
    }

    /// The password made in this browser session for `uuid`, if the request still carries it.
    static func take(_ request: WebRequest, uuid: String, session: WebSession) -> PlainPassword? {
        guard let text = request.cookie(cookieName), text.utf8.count <= 512, let bytes = Hex.bytes(text.utf8),
              bytes.count > ChaCha20Poly1305.nonceSize + 16 + 8 else { return nil }
        let nonce = Array(bytes[..<ChaCha20Poly1305.nonceSize])
        let ciphertext = Array(bytes[ChaCha20Poly1305.nonceSize..<(bytes.count - 16)])
        let tag = Array(bytes[(bytes.count - 16)...])
        guard let plaintext = ChaCha20Poly1305.open(ciphertext, tag: tag, key: key(session), nonce: nonce, aad: Array(uuid.utf8)) else { return nil }
        let expires = plaintext[..<8].reduce(Int64(0)) { $0 << 8 | Int64($1) }
        guard expires >= Int64(time(nil)) else { return nil }
        return PlainPassword(raw: String(decoding: plaintext[8...], as: UTF8.self))
    }

    private static func key(_ session: WebSession) -> [UInt8] {
        HMACSHA256.authenticationCode(key: Array(session.csrfToken.utf8), message: Array("dualgate new-password flash v1".utf8))
    }
}
