import WireFormat

/// Which header fields cross the gateway, each way (RFC 9110 §7.6.1; nginx `proxy_pass` rules), and the
/// fields dualgate sets itself.
enum ForwardHeaders {
    /// Fields no client may set on a forwarded request: the upstream must be able to trust them.
    static let identityPrefix = "x-dualgate-"

    /// The client's fields minus hop-by-hop ones (and those its `Connection` names), framing, `Host`, the
    /// client's credential, identity headers it made up, and forwarding headers it wrote itself; then
    /// dualgate's `Host` and `X-Forwarded-*`. `Cookie` and `X-WP-Nonce` stay behind unless `passCookies`: a
    /// WordPress cookie session would walk around the per-protocol split.
    static func request(from client: [(name: String, value: String)], authority: String, clientAddress: String, https: Bool,
                        passCookies: Bool, dropping extra: Set<String> = []) -> [(name: String, value: String)] {
        let named = connectionNamed(client)
        var fields: [(name: String, value: String)] = [("Host", authority)]
        fields.reserveCapacity(client.count + 4)
        var clientHost: String?
        for field in client {
            let name = field.name.lowercased()
            if name == "host" { clientHost = clientHost ?? field.value; continue }
            if isHopByHop(name) || named.contains(name) || extra.contains(name) { continue }
            switch name {
            case "content-length", "expect", "authorization", "proxy-authorization",
                 "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "forwarded", "x-real-ip",
                 "x-request-id":   // dualgate sets its own (a trusted proxy's, or one it made)
                continue
            case "cookie", "x-wp-nonce":
                if !passCookies { continue }
            default:
                if name.hasPrefix(identityPrefix) { continue }
            }
            fields.append(field)
        }
        fields.append(("X-Forwarded-For", clientAddress))
        fields.append(("X-Forwarded-Proto", https ? "https" : "http"))
        if let clientHost { fields.append(("X-Forwarded-Host", clientHost)) }
        return fields
    }

    /// The upstream's answer fields the client may see: hop-by-hop, framing and `Date` are the gateway's
    /// own; `Set-Cookie` stays behind unless `passCookies`.
    static func answer(from upstream: [(name: String, value: String)], passCookies: Bool) -> [(name: String, value: String)] {
        let named = connectionNamed(upstream)
        return upstream.filter { field in
            let name = field.name.lowercased()
            if isHopByHop(name) || named.contains(name) { return false }
            switch name {
            case "content-length", "date", "x-request-id": return false   // the client gets dualgate's id
            case "set-cookie": return passCookies
            default: return true
            }
        }
    }

    /// RFC 9110 §7.6.1 plus the legacy names proxies still see.
    static func isHopByHop(_ lowercased: String) -> Bool {
        switch lowercased {
        case "connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade": true
        default: false
        }
    }

    /// Field names listed in `Connection` (hop-by-hop by declaration).
    static func connectionNamed(_ fields: [(name: String, value: String)]) -> Set<String> {
        var names: Set<String> = []
        for field in fields where ASCIICase.isLowercase(field.name, "connection") {
            for token in field.value.split(separator: ",") {
                let name = token.trimmingFieldSpace().lowercased()
                if !name.isEmpty && name != "close" && name != "keep-alive" { names.insert(name) }
            }
        }
        return names
    }
}
