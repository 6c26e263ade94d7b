/// Where the upstream WordPress is: `http://host[:port][/path]` (`--upstream`, `$DUALGATE_UPSTREAM`).
/// Only `http://` for now: `https://` comes with the transport-security issue (issue 14).
struct UpstreamURL: Equatable {
    let host: String
    let port: UInt16
    /// The path WordPress lives under, without a trailing slash ("" at the root).
    let basePath: String

    /// The `Host` header's value.
    var authority: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return port == 80 ? name : "\(name):\(port)"
    }

    var text: String { "http://\(authority)\(basePath)" }

    init(parsing text: String) throws(UsageError) {
        let lowered = text.lowercased()
        if lowered.hasPrefix("https://") {
            throw UsageError("https:// upstreams come with the transport-security issue (issue 14); use http:// for now")
        }
        guard lowered.hasPrefix("http://") else { throw UsageError("the upstream URL must start with http://, not '\(Echo.argument(text))'") }
        let rest = text.dropFirst("http://".count)
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[..<slash]
        var path = String(rest[slash...])
        while path.hasSuffix("/") { path.removeLast() }
        guard !path.contains("?"), !path.contains("#"), !authority.contains("@") else {
            throw UsageError("the upstream URL takes no user, query or fragment: '\(Echo.argument(text))'")
        }
        var host = Substring(authority)
        var port: UInt16 = 80
        if host.hasPrefix("[") {                                     // [IPv6]:port
            guard let close = host.firstIndex(of: "]") else { throw UsageError("bad IPv6 address in '\(Echo.argument(text))'") }
            let after = host[host.index(after: close)...]
            host = host[host.index(after: host.startIndex)..<close]
            if !after.isEmpty {
                guard after.hasPrefix(":"), let number = UInt16(after.dropFirst()), number > 0 else { throw UsageError("bad port in '\(Echo.argument(text))'") }
                port = number
            }
        } else if let colon = host.lastIndex(of: ":") {
            guard let number = UInt16(host[host.index(after: colon)...]), number > 0 else { throw UsageError("bad port in '\(Echo.argument(text))'") }
            port = number
            host = host[..<colon]
        }
        guard !host.isEmpty else { throw UsageError("no host in '\(Echo.argument(text))'") }
        self.host = String(host)
        self.port = port
        self.basePath = path
    }
}
