/// Random bytes for keys and nonces. Swift's `SystemRandomNumberGenerator` is documented as
/// cryptographically secure; on Linux it reads `getrandom(2)`.
package enum SecureRandom {
    package static func bytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }
}
