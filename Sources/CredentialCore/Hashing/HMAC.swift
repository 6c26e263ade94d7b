/// HMAC-SHA256 (RFC 2104, FIPS 198-1): signs the identity headers a gateway sends to a backend that trusts it.
package enum HMACSHA256 {
    private static let blockSize = 64

    package static func authenticationCode(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var block = key.count > blockSize ? SHA256.digest(key) : key
        block += [UInt8](repeating: 0, count: blockSize - block.count)
        let inner = SHA256.digest(block.map { $0 ^ 0x36 } + message)
        return SHA256.digest(block.map { $0 ^ 0x5C } + inner)
    }

    package static func hex(key: [UInt8], message: [UInt8]) -> String {
        Hex.lowercase(authenticationCode(key: key, message: message))
    }
}
