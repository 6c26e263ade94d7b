/// The `sealed` column of `upstream_credentials`: nonce (12) ‖ ciphertext ‖ tag (16), the
/// password encrypted with ChaCha20-Poly1305 under the site's `SecretKey`.
///
/// The AAD binds the blob to its row (user id and upstream login): a blob copied to another
/// user's row, or a row whose login was edited, does not open.
enum SealedCredential {
    static func aad(userID: Int64, upstreamLogin: String) -> [UInt8] {
        Array("dualgate upstream credential v1\0\(userID)\0\(upstreamLogin)".utf8)
    }

    static func seal(_ password: String, userID: Int64, upstreamLogin: String, key: SecretKey) -> [UInt8] {
        let nonce = SecureRandom.bytes(ChaCha20Poly1305.nonceSize)     // random per write: never reused under one key in practice
        let sealed = ChaCha20Poly1305.seal(Array(password.utf8), key: key.bytes, nonce: nonce,
                                           aad: aad(userID: userID, upstreamLogin: upstreamLogin))
        return nonce + sealed.ciphertext + sealed.tag
    }

    /// The password, or nil when the blob does not open under `key` for this row.
    static func open(_ blob: [UInt8], userID: Int64, upstreamLogin: String, key: SecretKey) -> String? {
        let nonceSize = ChaCha20Poly1305.nonceSize, tagSize = ChaCha20Poly1305.tagSize
        guard blob.count >= nonceSize + tagSize else { return nil }
        let nonce = Array(blob[..<nonceSize])
        let ciphertext = Array(blob[nonceSize..<(blob.count - tagSize)])
        let tag = Array(blob[(blob.count - tagSize)...])
        guard let plain = ChaCha20Poly1305.open(ciphertext, tag: tag, key: key.bytes, nonce: nonce,
                                                aad: aad(userID: userID, upstreamLogin: upstreamLogin)) else { return nil }
        return String(validating: plain, as: UTF8.self)
    }
}
