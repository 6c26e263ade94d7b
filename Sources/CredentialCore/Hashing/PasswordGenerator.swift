/// WordPress's `wp_generate_password(24, false)`: 24 independent uniform draws from the 62
/// characters `a-z A-Z 0-9`, here from the system CSPRNG (`getrandom` on Linux).
package enum PasswordGenerator {
    package static let length = 24
    /// In WordPress's order.
    package static let alphabet: [UInt8] = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".utf8)

    package static func generate() -> PlainPassword {
        var generator = SystemRandomNumberGenerator()
        return generate(using: &generator)
    }

    /// Rejection sampling keeps every character equally likely: of each random byte only values
    /// below 248 (= 4 × 62) are used, so `byte % 62` has no bias.
    static func generate(using generator: inout some RandomNumberGenerator) -> PlainPassword {
        let limit = UInt8(256 - 256 % alphabet.count)
        var characters: [UInt8] = []
        characters.reserveCapacity(length)
        while characters.count < length {
            var word = generator.next()
            for _ in 0..<8 where characters.count < length {
                let byte = UInt8(truncatingIfNeeded: word)
                word >>= 8
                if byte < limit { characters.append(alphabet[Int(byte) % alphabet.count]) }
            }
        }
        return PlainPassword(raw: String(decoding: characters, as: UTF8.self))
    }
}
