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
        let bytes = Array(value.utf8)
        guard bytes.count > 6 else { return nil }
        let scheme = bytes[0..<5].map { $0 | 0x20 }             // ASCII lower-case
        guard scheme == Array("basic".utf8), bytes[5] == UInt8(ascii: " ") else { return nil }
        let payload = bytes[6...]
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
        guard let decoded = Self.canonicalBase64(payload) ?? Self.foundationBase64(payload),
              let colon = decoded.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        // Invalid UTF-8 is replaced rather than refused: the password is normalised to
        // alphanumerics before checking anyway, and an undecodable login simply matches no one.
        login = String(decoding: decoded[decoded.startIndex..<colon], as: UTF8.self)
        password = String(decoding: decoded[decoded.index(after: colon)...], as: UTF8.self)
    }

    /// What Foundation's decoder makes of the payload, padded when it lacks padding.
    private static func foundationBase64(_ payload: ArraySlice<UInt8>) -> [UInt8]? {
        guard let data = Data(base64Encoded: Data(payload))
                ?? Data(base64Encoded: Data(payload) + Data(repeating: UInt8(ascii: "="), count: (4 - payload.count % 4) % 4)) else { return nil }
        return Array(data)
    }

    /// Canonical base64 (whole quads, correct padding, zero spare bits), which every client
    /// sends, decoded by hand: Foundation's decoder was a tenth of a cached `users/me` request.
    /// Anything else returns nil and goes to `foundationBase64`, so odd input is judged as before.
    /// The characters were already checked by the caller.
    static func canonicalBase64(_ payload: ArraySlice<UInt8>) -> [UInt8]? {
        guard !payload.isEmpty, payload.count % 4 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(payload.count / 4 * 3)
        var index = payload.startIndex
        while index < payload.endIndex {
            let a = sextet(payload[index]), b = sextet(payload[index + 1])
            let c = sextet(payload[index + 2]), d = sextet(payload[index + 3])
            guard a < 64, b < 64 else { return nil }
            out.append(a << 2 | b >> 4)
            if c == 64 {                                       // `xy==`: one byte, spare bits zero
                guard d == 64, b & 0x0F == 0, index + 4 == payload.endIndex else { return nil }
            } else if d == 64 {                                // `xyz=`: two bytes
                guard c < 64, c & 0x03 == 0, index + 4 == payload.endIndex else { return nil }
                out.append(b << 4 | c >> 2)
            } else {
                guard c < 64, d < 64 else { return nil }
                out.append(b << 4 | c >> 2)
                out.append(c << 6 | d)
            }
            index += 4
        }
        return out
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
