import Glibc

/// Where forwarded requests go (`serve --upstream URL`): `http(s)://HOST[:PORT][/BASE]`, resolved once at start,
/// so no request ever waits for a name lookup on a loop thread.
package struct UpstreamOrigin: Sendable, Equatable {
    /// The `Host` header the upstream gets: the URL's authority as written.
    package let authority: String
    /// Prepended to every forwarded target: "" or e.g. "/blog" (a WordPress in a subdirectory).
    package let basePath: String
    /// The resolved socket address (`sockaddr_in` or `sockaddr_in6` bytes).
    let address: [UInt8]
    let family: Int32
    /// `https://`: spoken over TLS, the certificate checked against `host`.
    package let isTLS: Bool
    /// The host as written, without brackets or port: the name the certificate must carry, and the SNI.
    package let host: String

    /// The URL as dualgate uses it (for messages).
    package var url: String { "\(isTLS ? "https" : "http")://\(authority)\(basePath)" }

    package struct Problem: Error, CustomStringConvertible {
        package let description: String
    }

    package init(url: String) throws(Problem) {
        let lower = url.lowercased()
        isTLS = lower.hasPrefix("https://")
        guard isTLS || lower.hasPrefix("http://") else {
            throw Problem(description: "the upstream must be an http:// or https:// URL, e.g. http://127.0.0.1:8081, not '\(url)'")
        }
        var rest = Substring(url.dropFirst(isTLS ? "https://".count : "http://".count))
        var path = ""
        if let slash = rest.firstIndex(of: "/") {
            path = String(rest[slash...])
            rest = rest[..<slash]
        }
        guard !path.contains("?"), !path.contains("#") else { throw Problem(description: "the upstream URL takes no query or fragment: '\(url)'") }
        while path.hasSuffix("/") { path.removeLast() }
        guard !rest.isEmpty, !rest.contains("@") else { throw Problem(description: "the upstream URL needs a host (and no user info): '\(url)'") }
        var host = rest
        var port: UInt16 = isTLS ? 443 : 80
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { throw Problem(description: "unclosed IPv6 literal in '\(url)'") }
            host = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":"), let number = UInt16(after.dropFirst()), number > 0 else { throw Problem(description: "bad port in '\(url)'") }
                port = number
            }
        } else if let colon = rest.lastIndex(of: ":") {
            host = rest[..<colon]
            guard let number = UInt16(rest[rest.index(after: colon)...]), number > 0 else { throw Problem(description: "bad port in '\(url)'") }
            port = number
        }
        guard !host.isEmpty else { throw Problem(description: "the upstream URL needs a host: '\(url)'") }
        (address, family) = try Self.resolve(String(host), port: port)
        authority = String(rest)
        basePath = path
        self.host = String(host)
    }

    private static func resolve(_ host: String, port: UInt16) throws(Problem) -> ([UInt8], Int32) {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_family = AF_UNSPEC
        var found: UnsafeMutablePointer<addrinfo>?
        let code = getaddrinfo(host, String(port), &hints, &found)
        guard code == 0, let first = found else {
            throw Problem(description: "cannot resolve the upstream host '\(host)': \(String(cString: gai_strerror(code)))")
        }
        defer { freeaddrinfo(found) }
        let bytes = Array(UnsafeRawBufferPointer(start: first.pointee.ai_addr, count: Int(first.pointee.ai_addrlen)))
        return (bytes, first.pointee.ai_family)
    }

    package static func == (lhs: UpstreamOrigin, rhs: UpstreamOrigin) -> Bool {
        lhs.isTLS == rhs.isTLS && lhs.authority == rhs.authority && lhs.basePath == rhs.basePath && lhs.address == rhs.address
    }
}
