/// WordPress's byte-level rules for application-password text.
public enum PasswordFormat {
    /// Removes every byte that is not `A–Z a–z 0–9` (WordPress does this before checking, so the
    /// chunked form with spaces, or with dashes, authenticates). Case is kept.
    public static func normalise(_ supplied: some StringProtocol) -> [UInt8] {
        supplied.utf8.filter(isAlphanumeric)
    }

    /// `WP_Application_Passwords::chunk_password`: normalise, then groups of four joined by spaces.
    public static func chunk(_ password: some StringProtocol) -> String {
        let kept = normalise(password)
        var out: [UInt8] = []
        out.reserveCapacity(kept.count + kept.count / 4)
        for (index, byte) in kept.enumerated() {
            if index > 0, index % 4 == 0 { out.append(UInt8(ascii: " ")) }
            out.append(byte)
        }
        return String(decoding: out, as: UTF8.self)
    }

    @inline(__always)
    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        default: false
        }
    }
}
