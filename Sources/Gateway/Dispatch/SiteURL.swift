/// The site's base URL as the client addressed it, for links in answers. The Host header is
/// attacker-controlled, so only a plain host[:port] is echoed; anything else falls back.
enum SiteURL {
    static func of(_ request: HTTPRequest, https: Bool = false) -> String {
        let scheme = https ? "https://" : "http://"
        guard let host = request.header("Host"), !host.isEmpty, host.utf8.count <= 255,
              host.utf8.allSatisfy(isAuthorityByte) else { return scheme + "localhost" }
        return scheme + host
    }

    /// `of` for the same Host and scheme as last time, without checking and joining them again
    /// (a fiftieth of a `users/me` request, callgrind). Confined to its loop.
    final class Memo {
        @exclusivity(unchecked) private var last: (host: String?, https: Bool, url: String)?

        func of(_ request: HTTPRequest, https: Bool) -> String {
            let host = request.header("Host")
            if let last, last.https == https, last.host == host { return last.url }
            let url = SiteURL.of(request, https: https)
            last = (host, https, url)
            return url
        }
    }

    private static func isAuthorityByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: ":"), UInt8(ascii: "["), UInt8(ascii: "]"): true
        default: false
        }
    }
}
