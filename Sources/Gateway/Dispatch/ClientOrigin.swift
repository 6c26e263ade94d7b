import CredentialCore
import WireFormat

/// Who the client is and how it reached us (issue 14 item 3). From a peer inside `--trusted-proxy`
/// ranges: the right-most `X-Forwarded-For` entry that is not itself a trusted proxy (else
/// `Forwarded: for=`), and the scheme that proxy reports (`X-Forwarded-Proto`, else `Forwarded:
/// proto=`). From any other peer those headers are ignored: the client is the peer. That address
/// is what lockouts, `allowed_networks`, `last_ip` and the audit trail see.
struct ClientOrigin {
    let address: String
    /// TLS to the client: our own (`--tls-cert`), or a trusted proxy reported `https`.
    let isHTTPS: Bool

    /// `require_https` needs to know: TLS, or plain HTTP from this machine, or plain HTTP from elsewhere.
    var transport: Transport {
        if isHTTPS { return .https }
        // Every request asks: a dotted 127.x peer, as the listener prints it, needs no address parse.
        var text = address
        if text.withUTF8({ $0.count > 4 && $0[0] == 0x31 && $0[1] == 0x32 && $0[2] == 0x37 && $0[3] == 0x2E }) { return .loopback }
        return NetworkRange.isLoopback(address) ? .loopback : .plainHTTP
    }

    static func of(_ request: HTTPRequest, trusting proxies: [NetworkRange]) -> ClientOrigin {
        let peer = request.remoteAddress
        guard !proxies.isEmpty, proxies.contains(where: { $0.contains(peer) }) else { return ClientOrigin(address: peer, isHTTPS: request.isTLS) }
        let forwarded = Self.values(of: "x-forwarded-for", in: request.headers)
        // From a trusted proxy its report decides, even over TLS to us: the client's own hop is what counts.
        let (chain, protocols) = forwarded.isEmpty ? Self.forwardedElements(request.headers) : (forwarded, Self.values(of: "x-forwarded-proto", in: request.headers))
        return ClientOrigin(address: client(in: chain, peer: peer, proxies: proxies),
                            isHTTPS: protocols.last.map { $0.lowercased() == "https" } ?? false)
    }

    /// Right to left, the first hop that is not a trusted proxy; every hop trusted: the left-most.
    /// A hop that is not an address ends the walk at the peer: a header we cannot read is ignored.
    private static func client(in chain: [String], peer: String, proxies: [NetworkRange]) -> String {
        var client = peer
        for hop in chain.reversed() {
            guard NetworkRange.isAddress(hop) else { return peer }
            client = hop
            if !proxies.contains(where: { $0.contains(hop) }) { return hop }
        }
        return client
    }

    /// Every comma-separated item of every field named `name` (a lower-case literal), in order, trimmed.
    private static func values(of name: StaticString, in headers: [(name: String, value: String)]) -> [String] {
        headers.filter { ASCIICase.isLowercase($0.name, name) }
            .flatMap { $0.value.split(separator: ",").map { String($0.trimmingFieldSpace()) } }
            .filter { !$0.isEmpty }
    }

    /// RFC 7239: the `for=` of each element (quotes, IPv6 brackets and ports removed) and each `proto=`.
    private static func forwardedElements(_ headers: [(name: String, value: String)]) -> ([String], [String]) {
        var hops: [String] = [], protocols: [String] = []
        for element in values(of: "forwarded", in: headers) {
            for pair in element.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1).map { String($0.trimmingFieldSpace(also: "\"")) }
                guard parts.count == 2 else { continue }
                switch parts[0].lowercased() {
                case "for": hops.append(Self.node(parts[1]))
                case "proto": protocols.append(parts[1])
                default: continue
                }
            }
        }
        return (hops, protocols)
    }

    /// `[2001:db8::1]:4711` → `2001:db8::1`; `192.0.2.60:8080` → `192.0.2.60`.
    private static func node(_ text: String) -> String {
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") { return String(text[text.index(after: text.startIndex)..<close]) }
        if text.filter({ $0 == ":" }).count == 1, let colon = text.firstIndex(of: ":") { return String(text[..<colon]) }
        return text
    }
}
