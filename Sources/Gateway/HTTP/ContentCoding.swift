/// HTTP content codings (RFC 9110 §8.4) as dualgate supports them: `gzip` (and its alias
/// `x-gzip`, §8.4.1.3) and `identity`. Used on the XML-RPC path, where CPython's client
/// compresses requests on request and always offers `Accept-Encoding: gzip`.
enum ContentCoding {
    /// Responses at or below this size go out as they are: compressing them saves nothing worth
    /// the CPU (issue 4: "larger than 1 KiB"; CPython's own server uses 1400 bytes).
    static let responseThreshold = 1024

    enum Decoded: Equatable {
        case body([UInt8])
        /// 415 (RFC 9110 §15.5.16): a coding we do not know.
        case unsupported
        /// 413: the decoded body passes the server's body limit.
        case tooLarge
        /// 400: the body is not valid for its declared coding.
        case corrupt
    }

    /// Undoes the request's `Content-Encoding` (codings listed in the order they were applied,
    /// §8.4, so they are undone last first). Every step is held to `limit` after decoding.
    static func decode(_ body: [UInt8], contentEncoding: String?, limit: Int) -> Decoded {
        guard let contentEncoding else { return .body(body) }
        let codings = contentEncoding.split(separator: ",").map { $0.trimmingSpaces.lowercased() }.filter { !$0.isEmpty }
        // Only gzip and identity: anything else is refused before any work is done.
        guard codings.allSatisfy({ isGzip($0) || $0 == "identity" }) else { return .unsupported }
        // Each gzip layer costs a full inflate; two is already more than any real client sends.
        guard codings.filter(isGzip).count <= 2 else { return .unsupported }
        var current = body
        for coding in codings.reversed() where isGzip(coding) {
            switch Gzip.inflate(current, limit: limit) {
            case .bytes(let inflated): current = inflated
            case .tooLarge: return .tooLarge
            case .corrupt: return .corrupt
            }
        }
        return .body(current)
    }

    /// Whether the client's `Accept-Encoding` (RFC 9110 §12.5.3) takes gzip: listed as `gzip`,
    /// `x-gzip` or `*` with a non-zero q-value. An explicit `gzip;q=0` wins over `*`.
    static func acceptsGzip(_ acceptEncoding: String?) -> Bool {
        guard let acceptEncoding else { return false }
        var wildcard = false
        for member in acceptEncoding.split(separator: ",") {
            let parts = member.split(separator: ";")
            guard let first = parts.first else { continue }
            let coding = first.trimmingSpaces.lowercased()
            let accepted = parts.dropFirst().allSatisfy { !isZeroQuality($0) }
            if isGzip(coding) { return accepted }
            if coding == "*" { wildcard = accepted }
        }
        return wildcard
    }

    private static func isGzip(_ coding: String) -> Bool { coding == "gzip" || coding == "x-gzip" }

    /// `q=0`, `q=0.`, `q=0.000` (§12.4.2 weights): the client refuses this coding.
    private static func isZeroQuality(_ parameter: Substring) -> Bool {
        let text = parameter.trimmingSpaces.lowercased()
        guard text.hasPrefix("q=") else { return false }
        let weight = text.dropFirst(2)
        return weight.first == "0" && weight.dropFirst().allSatisfy { $0 == "." || $0 == "0" }
    }
}

private extension Substring {
    /// Without the optional whitespace (SP / HTAB) lists allow around members (RFC 9110 §5.6.1).
    var trimmingSpaces: String {
        var text = self
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return String(text)
    }
}
