/// AEAD_CHACHA20_POLY1305 (RFC 8439 §2.8): what keeps upstream credentials sealed at rest.
/// The one-time Poly1305 key is block 0 of the key stream (§2.6), the text is encrypted from
/// block 1, and the tag covers AAD and ciphertext, each padded to 16 bytes, then both lengths.
package enum ChaCha20Poly1305 {
    package static let keySize = 32
    package static let nonceSize = 12
    package static let tagSize = 16

    package static func seal(_ plaintext: [UInt8], key: [UInt8], nonce: [UInt8], aad: [UInt8]) -> (ciphertext: [UInt8], tag: [UInt8]) {
        let ciphertext = ChaCha20.xor(plaintext, key: key, nonce: nonce, counter: 1)
        return (ciphertext, tag(ciphertext, key: key, nonce: nonce, aad: aad))
    }

    /// The plaintext, or nil when the tag does not match (wrong key, nonce, AAD, or any changed
    /// byte). The tag is compared in constant time, and nothing is decrypted before it matched.
    package static func open(_ ciphertext: [UInt8], tag: [UInt8], key: [UInt8], nonce: [UInt8], aad: [UInt8]) -> [UInt8]? {
        guard tag.count == tagSize else { return nil }
        guard ConstantTime.equals(self.tag(ciphertext, key: key, nonce: nonce, aad: aad), tag) else { return nil }
        return ChaCha20.xor(ciphertext, key: key, nonce: nonce, counter: 1)
    }

    /// §2.6: the first 32 bytes of block 0.
    static func oneTimeKey(key: [UInt8], nonce: [UInt8]) -> [UInt8] {
        Array(ChaCha20.block(key: key, counter: 0, nonce: nonce).prefix(32))
    }

    private static func tag(_ ciphertext: [UInt8], key: [UInt8], nonce: [UInt8], aad: [UInt8]) -> [UInt8] {
        var data = [UInt8]()
        data.reserveCapacity(aad.count + ciphertext.count + 48)
        data += aad
        data += [UInt8](repeating: 0, count: (16 - aad.count % 16) % 16)
        data += ciphertext
        data += [UInt8](repeating: 0, count: (16 - ciphertext.count % 16) % 16)
        data += littleEndian64(UInt64(aad.count))
        data += littleEndian64(UInt64(ciphertext.count))
        return Poly1305.authenticate(data, key: oneTimeKey(key: key, nonce: nonce))
    }

    private static func littleEndian64(_ value: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) } }
}
