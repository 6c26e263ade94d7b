import CredentialCore
import Foundation

/// `BasicCredentials(authorizationHeader:)` on any header value, two properties:
/// - whatever it accepts, encoded again as `Basic base64(login:password)`, parses to the same pair;
/// - the input split at its first NUL byte as (login, password), colons taken out of the login,
///   encoded the way clients do, parses back to exactly that pair.
enum BasicAuthHarness {
    static func check(_ bytes: UnsafeRawBufferPointer) throws(PropertyViolation) {
        let header = String(decoding: bytes, as: UTF8.self)
        if let parsed = BasicCredentials(authorizationHeader: header) {
            try roundTrip(parsed, from: "header \(header.debugDescription)")
        }
        let parts = bytes.split(separator: 0, maxSplits: 1, omittingEmptySubsequences: false)
        // Colons out by scalar: a Character filter leaves ":" joined to a combining mark (found by the fuzzer).
        let text = String(decoding: parts.first.map(Array.init) ?? [], as: UTF8.self)
        let login = String(String.UnicodeScalarView(text.unicodeScalars.filter { $0 != ":" }))
        let password = parts.count > 1 ? String(decoding: parts[1], as: UTF8.self) : ""
        try roundTrip(BasicCredentials(login: login, password: password), from: "pair")
    }

    private static func roundTrip(_ credentials: BasicCredentials, from origin: String) throws(PropertyViolation) {
        let header = "Basic " + Data((credentials.login + ":" + credentials.password).utf8).base64EncodedString()
        guard let again = BasicCredentials(authorizationHeader: header) else {
            throw PropertyViolation(.basicAuth, "\(origin): \(credentials) encoded as \(header) is refused")
        }
        guard again == credentials else {
            throw PropertyViolation(.basicAuth, "\(origin): \(credentials) encoded as \(header) parses as \(again)")
        }
    }
}
