import WireFormat
/// An absolute-form request target, `http://host:port/path?query` (RFC 9112 §3.2.2). Clients send it to
/// proxies, but an origin server must accept it too: it routes on the path and takes the host from the
/// target, ignoring any Host field, so that a proxy and we agree on what was asked for.
struct AbsoluteForm {
    /// `host[:port]` from the target; it replaces the Host field's value.
    let authority: String
    /// The path (at least `/`) and the query, as an origin-form target.
    let originForm: String

    /// nil for every other form (origin, asterisk, authority, or a scheme we do not serve, which then routes
    /// nowhere); a rejection for an http(s) URI without a host or with userinfo (RFC 9110 §4.2.1, §4.2.4).
    static func parse(_ target: String) -> Result<AbsoluteForm, HeadRejection>? {
        guard target.utf8.first != UInt8(ascii: "/") else { return nil }   // the usual origin form: one compare
        let bytes = Array(target.utf8)
        let schemeLength: Int
        if startsWithLowercase(bytes, "http://") {
            schemeLength = 7
        } else if startsWithLowercase(bytes, "https://") {
            schemeLength = 8
        } else {
            return nil
        }
        var end = schemeLength
        while end < bytes.count, bytes[end] != UInt8(ascii: "/"), bytes[end] != UInt8(ascii: "?") { end += 1 }
        let authority = bytes[schemeLength..<end]
        guard !authority.isEmpty, !authority.contains(UInt8(ascii: "@")) else { return .failure(.bad) }
        let rest = bytes[end...]
        let origin = rest.first == UInt8(ascii: "/") ? String(decoding: rest, as: UTF8.self) : "/" + String(decoding: rest, as: UTF8.self)
        return .success(AbsoluteForm(authority: String(decoding: authority, as: UTF8.self), originForm: origin))
    }

    private static func startsWithLowercase(_ bytes: [UInt8], _ prefix: StaticString) -> Bool {
        guard bytes.count >= prefix.utf8CodeUnitCount else { return false }
        return bytes.withUnsafeBytes { ASCIICase.equalsLowercase(UnsafeRawBufferPointer(rebasing: $0[0..<prefix.utf8CodeUnitCount]), prefix) }
    }
}
