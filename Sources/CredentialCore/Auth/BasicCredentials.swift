import WireFormat

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
        // Canonical base64, which every client sends, is decoded into a stack buffer. Anything
        // else (and a canonical payload without a colon, which fails there too) takes the general
        // decoder with lenient padding: what Foundation's decoder, used here before, accepted
        // (`BasicCredentialsBase64Tests` holds the two together).
        let canonical = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: payload.count / 4 * 3 + 1) { buffer in
            Base64.decodeCanonical(payload, into: buffer).flatMap { split(UnsafeBufferPointer(rebasing: buffer[..<$0])) }
        }
        if let canonical { return canonical }
        guard let decoded = Base64.decode(payload, skippingWhitespace: false, lenientPadding: true) else { return nil }
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
}
