/// WordPress's byte-level rules for application-password text.
package enum PasswordFormat {
    /// Removes every byte that is not `A–Z a–z 0–9` (WordPress does this before checking, so the
    /// chunked form with spaces, or with dashes, authenticates). Case is kept.
    package static func normalise(_ supplied: some StringProtocol) -> [UInt8] {
        supplied.utf8.filter(isAlphanumeric)
    }

    /// `WP_Application_Passwords::chunk_password`: normalise, then groups of four joined by spaces.
    package static func chunk(_ password: some StringProtocol) -> String {
        let kept = normalise(password)
        var out: [UInt8] = []
        out.reserveCapacity(kept.count + kept.count / 4)
        for (index, byte) in kept.enumerated() {
            if index > 0, index % 4 == 0 { out.append(UInt8(ascii: " ")) }
            out.append(byte)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// True for text that could be an application password as issued or pasted: 24 letters and
    /// digits, in one run or split into groups by single spaces (the chunked form).
    package static func looksLikePassword(_ text: some StringProtocol) -> Bool {
        let bytes = Array(text.utf8)
        guard (24...47).contains(bytes.count), bytes.first != UInt8(ascii: " "), bytes.last != UInt8(ascii: " ") else { return false }
        var letters = 0
        for (index, byte) in bytes.enumerated() {
            if isAlphanumeric(byte) { letters += 1; continue }
            guard byte == UInt8(ascii: " "), bytes[index - 1] != UInt8(ascii: " ") else { return false }
        }
        return letters == PasswordGenerator.length
    }

    /// `text`, or a placeholder when it looks like an application password: for every message,
    /// log line and audit event that repeats what someone typed, since a password typed into the
    /// wrong field (a login, a uuid, a flag) must not end up on screen, in a log or in the trail.
    package static func withheldIfPassword(_ text: String) -> String {
        looksLikePassword(text) ? withheld : text
    }

    package static let withheld = "(withheld: looks like an application password)"

    @inline(__always)
    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        default: false
        }
    }
}
