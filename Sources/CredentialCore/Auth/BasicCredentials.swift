import Foundation

/// The login and password of an HTTP Basic `Authorization` header, parsed as WordPress's own
/// fallback parser does (`wp_populate_basic_auth_from_authorization_header`): the scheme word
/// `Basic` in any case, exactly one space, then only `[A-Za-z0-9+/]` with at most two `=`;
/// the decoded text is split at its first colon.
public struct BasicCredentials: Sendable, Equatable {
    public let login: String
    public let password: String

    public init(login: String, password: String) {
        self.login = login
        self.password = password
    }

    /// Parses a header value; nil when it is not well-formed Basic credentials.
    public init?(authorizationHeader value: some StringProtocol) {
        var text = String(value)
        guard let parsed = text.withUTF8({ Self.parse($0) }) else { return nil }
        (login, password) = parsed
    }

    /// Works on the header's own bytes: every request with credentials comes through here, and
    /// copies of the value, the scheme and the decoded payload were a tenth of a cached request.
    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> (login: String, password: String)? {
        guard bytes.count > 6 else { return nil }
        var index = 0
        for expected in "basic".utf8 {
            guard bytes[index] | 0x20 == expected else { return nil }     // ASCII lower-case
            index += 1
        }
        guard bytes[5] == UInt8(ascii: " ") else { return nil }
        let payload = UnsafeBufferPointer(rebasing: bytes[6...])
        // Canonical base64, which every client sends, is decoded by hand into a stack buffer; it
        // implies the character rule below. Anything else (and a canonical payload without a colon,
        // which fails there too) is checked against that rule and goes to Foundation's decoder, so
        // odd input is judged as it always was.
        let canonical = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: payload.count / 4 * 3 + 1) { buffer in
            canonicalBase64(payload, into: buffer).flatMap { split(UnsafeBufferPointer(rebasing: buffer[..<$0])) }
        }
        if let canonical { return canonical }
        var padding = 0
        for byte in payload {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "/"):
                if padding > 0 { return nil }                   // data after '='
            case UInt8(ascii: "="):
                padding += 1
                if padding > 2 { return nil }
            default:
                return nil
            }
        }
        guard let decoded = foundationBase64(Array(payload)[...]) else { return nil }
        return decoded.withUnsafeBufferPointer { split($0) }
    }

    /// Splits the decoded text at its first colon; nil without one. Invalid UTF-8 is replaced
    /// rather than refused: the password is normalised to alphanumerics before checking anyway,
    /// and an undecodable login simply matches no one.
    private static func split(_ decoded: UnsafeBufferPointer<UInt8>) -> (login: String, password: String)? {
        guard let colon = decoded.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        return (String(decoding: UnsafeBufferPointer(rebasing: decoded[..<colon]), as: UTF8.self),
                String(decoding: UnsafeBufferPointer(rebasing: decoded[(colon + 1)...]), as: UTF8.self))
    }

    /// What Foundation's decoder makes of the payload, padded when it lacks padding.
    private static func foundationBase64(_ payload: ArraySlice<UInt8>) -> [UInt8]? {
        guard let data = Data(base64Encoded: Data(payload))
                ?? Data(base64Encoded: Data(payload) + Data(repeating: UInt8(ascii: "="), count: (4 - payload.count % 4) % 4)) else { return nil }
        return Array(data)
    }

    /// Canonical base64 (whole quads, correct padding, zero spare bits) decoded into `out`
    /// (at least `payload.count / 4 * 3` long); the number of bytes written, or nil for anything
    /// else (any character outside the alphabet included).
    static func canonicalBase64(_ payload: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>) -> Int? {
        guard !payload.isEmpty, payload.count % 4 == 0, out.count >= payload.count / 4 * 3 else { return nil }
        var written = 0
        var index = 0
        while index < payload.count {
            let a = sextet(payload[index]), b = sextet(payload[index + 1])
            let c = sextet(payload[index + 2]), d = sextet(payload[index + 3])
            guard a < 64, b < 64 else { return nil }
            out[written] = a << 2 | b >> 4
            written += 1
            if c == 64 {                                       // `xy==`: one byte, spare bits zero
                guard d == 64, b & 0x0F == 0, index + 4 == payload.count else { return nil }
            } else if d == 64 {                                // `xyz=`: two bytes
                guard c < 64, c & 0x03 == 0, index + 4 == payload.count else { return nil }
                out[written] = b << 4 | c >> 2
                written += 1
            } else {
                guard c < 64, d < 64 else { return nil }
                out[written] = b << 4 | c >> 2
                out[written + 1] = c << 6 | d
                written += 2
            }
            index += 4
        }
        return written
    }

    /// The value of a base64 character, 64 for `=`, 255 for anything else.
    private static func sextet(_ byte: UInt8) -> UInt8 {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): byte - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): byte - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"): 62
        case UInt8(ascii: "/"): 63
        case UInt8(ascii: "="): 64
        default: 255
        }
    }
}
