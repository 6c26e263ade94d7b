/// phpass's portable hash (`PasswordHash(8, true)`), the format of application passwords
/// created by WordPress 5.6 – 6.7 (reference §3.2): `$P$`, a cost character, 8 salt characters,
/// 22 characters of encoded MD5 chain. Verify only; dualgate re-hashes to `$generic$` on use.
package enum Phpass {
    static let itoa64 = Array("./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)
    /// WordPress refuses longer candidates before hashing (§3.2).
    package static let maximumPasswordBytes = 4096

    /// Whether `stored` is a `$P$` hash WordPress would route to phpass (§3.3 step 5). `$H$`
    /// is not: `wp_check_password` sends it to `password_verify`, where it fails.
    package static func isPhpassHash(_ stored: String) -> Bool {
        stored.utf8.count == 34 && stored.utf8.starts(with: "$P$".utf8)
    }

    /// True when `stored` is a valid `$P$` hash of `password`, compared in constant time.
    package static func verify(_ password: some Collection<UInt8>, stored: String) -> Bool {
        guard isPhpassHash(stored), password.count <= maximumPasswordBytes, let computed = hash(Array(password), setting: stored) else { return false }
        return ConstantTime.equals(computed.utf8, stored.utf8)
    }

    /// The hash of `password` with the cost and salt of `setting` (its first 12 characters);
    /// nil when the setting is malformed or the cost is outside 7…30 (phpass's `crypt_private`).
    static func hash(_ password: [UInt8], setting: String) -> String? {
        let bytes = Array(setting.utf8)
        guard bytes.count >= 12, bytes.starts(with: "$P$".utf8), let cost = itoa64.firstIndex(of: bytes[3]), (7...30).contains(cost) else {
            return nil
        }
        let salt = Array(bytes[4..<12])
        var digest = MD5.digest(salt + password)
        for _ in 0..<(1 << cost) { digest = MD5.digest(digest + password) }
        return String(decoding: bytes[0..<12] + encode(digest), as: UTF8.self)
    }

    /// phpass's `encode64`: little-endian groups of 3 bytes into 4 characters, 16 bytes → 22.
    static func encode(_ input: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var index = 0
        while index < input.count {
            var value = UInt32(input[index]); index += 1
            out.append(itoa64[Int(value & 0x3f)])
            if index < input.count { value |= UInt32(input[index]) << 8 }
            out.append(itoa64[Int((value >> 6) & 0x3f)])
            if index >= input.count { break }
            index += 1
            if index < input.count { value |= UInt32(input[index]) << 16 }
            out.append(itoa64[Int((value >> 12) & 0x3f)])
            if index >= input.count { break }
            index += 1
            out.append(itoa64[Int((value >> 18) & 0x3f)])
        }
        return out
    }
}
