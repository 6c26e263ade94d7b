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
        guard let decoded = Data(base64Encoded: Data(payload)) ?? Data(base64Encoded: Data(payload) + Data(repeating: UInt8(ascii: "="), count: (4 - payload.count % 4) % 4)),
              let colon = decoded.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        // Invalid UTF-8 is replaced rather than refused: the password is normalised to
        // alphanumerics before checking anyway, and an undecodable login simply matches no one.
        login = String(decoding: decoded[decoded.startIndex..<colon], as: UTF8.self)
        password = String(decoding: decoded[decoded.index(after: colon)...], as: UTF8.self)
    }
}
