/// HMAC (RFC 2104, FIPS 198-1) over one of our digests: the key padded (or first hashed) to the
/// hash's block, then hash(key ⊕ opad ‖ hash(key ⊕ ipad ‖ message)).
enum HMAC {
    @inline(__always)
    static func authenticationCode(key: [UInt8], message: [UInt8], blockSize: Int, hash: ([UInt8]) -> [UInt8]) -> [UInt8] {
        var block = key.count > blockSize ? hash(key) : key
        block += [UInt8](repeating: 0, count: blockSize - block.count)
        let inner = hash(block.map { $0 ^ 0x36 } + message)
        return hash(block.map { $0 ^ 0x5C } + inner)
    }
}

/// HMAC-SHA256: signs the identity headers a gateway sends to a backend that trusts it, and keys the
/// web UI's form tokens.
package enum HMACSHA256 {
    package static func authenticationCode(key: [UInt8], message: [UInt8]) -> [UInt8] {
        HMAC.authenticationCode(key: key, message: message, blockSize: 64, hash: SHA256.digest)
    }

    package static func hex(key: [UInt8], message: [UInt8]) -> String {
        Hex.lowercase(authenticationCode(key: key, message: message))
    }
}
