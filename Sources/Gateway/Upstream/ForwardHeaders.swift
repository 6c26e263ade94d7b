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
        fields.reserveCapacity(client.count + 8)   // and what `Forwarder` adds: the id, the credential or identity headers
        var clientHost: String?
        for field in client {
            // Most names are decided on their bytes; the rest are lower-cased and judged as before.
            var rawName = field.name
            let quick = rawName.withUTF8 { raw -> Bool? in
                let bytes = UnsafeRawBufferPointer(raw)
                guard named.isEmpty, extra.isEmpty, bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
                return requestKeepsPlainly(bytes, passCookies: passCookies)
            }
            if let quick {
                if quick { fields.append(field) }
                continue
            }
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

    /// `request`'s rule on an ASCII name's bytes when the client's `Connection` names nothing and the
    /// caller drops nothing more: true to keep, false to drop, nil for `Host` (the full rule keeps its
    /// value for `X-Forwarded-Host`). Lower-casing every name of every forwarded request cost more than
    /// the rest of this filter (callgrind).
    private static func requestKeepsPlainly(_ name: UnsafeRawBufferPointer, passCookies: Bool) -> Bool? {
        if ASCIICase.equalsLowercase(name, "host") { return nil }
        if isHopByHop(name) { return false }
        for dropped in droppedFromRequests where ASCIICase.equalsLowercase(name, dropped) { return false }
        if ASCIICase.equalsLowercase(name, "cookie") || ASCIICase.equalsLowercase(name, "x-wp-nonce") { return passCookies }
        if name.count >= 11 && ASCIICase.equalsLowercase(UnsafeRawBufferPointer(rebasing: name[0..<11]), "x-dualgate-") { return false }
        return true
    }

    private static let droppedFromRequests: [StaticString] = ["content-length", "expect", "authorization", "proxy-authorization",
                                                              "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "forwarded",
                                                              "x-real-ip", "x-request-id"]

    /// The upstream's answer fields the client may see: hop-by-hop, framing and `Date` are the gateway's
    /// own; `Set-Cookie` stays behind unless `passCookies`.
    static func answer(from upstream: [(name: String, value: String)], passCookies: Bool) -> [(name: String, value: String)] {
        let named = connectionNamed(upstream)
        return upstream.filter { field in
            var name = field.name
            let keep = name.withUTF8 { raw -> Bool? in
                let bytes = UnsafeRawBufferPointer(raw)
                guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
                return answerKeeps(bytes, named: named, passCookies: passCookies)
            }
            return keep ?? answerKeeps(field.name.lowercased(), named: named, passCookies: passCookies)
        }
    }

    /// `answer`'s rule for one field of an upstream's head, on the name's bytes (the parser only
    /// admits token names, so ASCII): no lower-cased copy of every name of every answer.
    static func answerKeeps(_ name: UnsafeRawBufferPointer, named: Set<String>, passCookies: Bool) -> Bool {
        if isHopByHop(name) { return false }
        if !named.isEmpty && named.contains(String(decoding: name, as: UTF8.self).lowercased()) { return false }
        if ASCIICase.equalsLowercase(name, "content-length") || ASCIICase.equalsLowercase(name, "date")
            || ASCIICase.equalsLowercase(name, "x-request-id") { return false }   // the client gets dualgate's id
        if ASCIICase.equalsLowercase(name, "set-cookie") { return passCookies }
        return true
    }

    /// `answer`'s rule on a lower-cased name (a name with non-ASCII bytes takes Unicode's case mapping).
    private static func answerKeeps(_ name: String, named: Set<String>, passCookies: Bool) -> Bool {
        if isHopByHop(name) || named.contains(name) { return false }
        switch name {
        case "content-length", "date", "x-request-id": return false
        case "set-cookie": return passCookies
        default: return true
        }
    }

    /// Field names an upstream's `Connection` fields list, read on the head's bytes.
    static func connectionNamed(_ head: AnswerHeadParser.Head) -> Set<String> {
        var names: Set<String> = []
        head.forEachField { name, value in
            guard ASCIICase.equalsLowercase(name, "connection") else { return }
            addConnectionNames(value, to: &names)
        }
        return names
    }

    /// `isHopByHop` on a name's bytes, ASCII case ignored.
    static func isHopByHop(_ name: UnsafeRawBufferPointer) -> Bool {
        ASCIICase.equalsLowercase(name, "connection") || ASCIICase.equalsLowercase(name, "keep-alive")
            || ASCIICase.equalsLowercase(name, "proxy-connection") || ASCIICase.equalsLowercase(name, "te")
            || ASCIICase.equalsLowercase(name, "trailer") || ASCIICase.equalsLowercase(name, "transfer-encoding")
            || ASCIICase.equalsLowercase(name, "upgrade")
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
            var value = field.value
            value.withUTF8 { addConnectionNames(UnsafeRawBufferPointer($0), to: &names) }
        }
        return names
    }

    /// The names one `Connection` value lists, lower-cased; on the bytes, since nearly every list is
    /// `keep-alive` or `close`, which name nothing.
    private static func addConnectionNames(_ value: UnsafeRawBufferPointer, to names: inout Set<String>) {
        FieldList.forEach(value, keepingEmpty: false) { token in
            guard !token.isEmpty, !ASCIICase.equalsLowercase(token, "close"), !ASCIICase.equalsLowercase(token, "keep-alive") else { return }
            names.insert(String(decoding: token, as: UTF8.self).lowercased())
        }
    }
}
