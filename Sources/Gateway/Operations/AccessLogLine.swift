import Foundation
import CredentialCore
import WireFormat

/// One access-log line (JSON Lines), from a finished request's trace. Never a header value, a body or a
/// query value of a credential-like key; a login shaped like an application password is withheld.
enum AccessLogLine {
    static func make(_ trace: RequestTrace, status: Int, micros: UInt64, time: String) -> [UInt8] {
        var out = "{\"time\":\"\(time)\",\"request_id\":\(JSONString.quote(trace.id)),\"client\":\(JSONString.quote(trace.client))"
        out += ",\"method\":\(JSONString.quote(trace.method)),\"path\":\(JSONString.quote(path(trace.target)))"
        out += ",\"protocol\":\"\(trace.kind.label)\""
        if trace.kind == .xmlrpc { out += ",\"xmlrpc_methods\":[" + trace.xmlrpcMethods.map(JSONString.quote).joined(separator: ",") + "]" }
        if let login = trace.login { out += ",\"login\":\(JSONString.quote(PasswordFormat.withheldIfPassword(login)))" }
        if let api = trace.api { out += ",\"api\":\"\(api.rawValue)\"" }
        if let outcome = trace.outcome { out += ",\"auth\":\"\(outcome.label)\"" }
        out += ",\"status\":\(status),\"bytes_in\":\(trace.bytesIn),\"bytes_out\":\(trace.bytesOut),\"duration_us\":\(micros)"
        if trace.upstreamStartNanos != 0 {
            out += ",\"upstream_status\":" + (trace.upstreamStatus.map(String.init) ?? "null")
            out += ",\"upstream_duration_us\":" + (trace.upstreamMicros.map { String($0) } ?? "null")
        }
        out += "}\n"
        return Array(out.utf8)
    }

    /// Query keys whose values are never written: WordPress's and common credential parameters.
    static func isCredentialLike(_ key: Substring) -> Bool {
        let name = key.lowercased()
        return ["pass", "pwd", "secret", "token", "key", "auth", "nonce", "signature", "session", "cookie", "credential"]
            .contains { name.contains($0) }
    }

    /// The target with the values of credential-like query keys removed (`?password=` stays as a key).
    static func path(_ target: String) -> String {
        guard let mark = target.firstIndex(of: "?") else { return target }
        let query = target[target.index(after: mark)...]
        let kept = query.split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
            let key = pair.prefix { $0 != "=" }
            return isCredentialLike(key) && key.count < pair.count ? String(key) + "=" : String(pair)
        }
        return String(target[..<mark]) + "?" + kept.joined(separator: "&")
    }

    /// `methodName`s of an XML-RPC body, and of a `system.multicall`'s entries, by a byte scan: the log
    /// wants names, not a second decode. A gzipped body shows none.
    static func xmlrpcMethods(_ body: [UInt8]) -> [String] {
        var names: [String] = []
        let text = String(decoding: body.prefix(64 * 1024), as: UTF8.self)
        if let name = between(text, "<methodName>", "</methodName>", from: text.startIndex) {
            names.append(name.value.trimmingWhitespace)
            if name.value.trimmingWhitespace == "system.multicall" {
                var cursor = name.end
                while let member = text.range(of: "<name>methodName</name>", range: cursor..<text.endIndex), names.count < 64 {
                    guard let value = between(text, "<value>", "</value>", from: member.upperBound) else { break }
                    names.append(value.value.replacingTags.trimmingWhitespace)
                    cursor = value.end
                }
            }
        }
        return names.map { String($0.prefix(128)) }
    }

    private static func between(_ text: String, _ open: String, _ close: String, from start: String.Index) -> (value: Substring, end: String.Index)? {
        guard let opening = text.range(of: open, range: start..<text.endIndex),
              let closing = text.range(of: close, range: opening.upperBound..<text.endIndex) else { return nil }
        return (text[opening.upperBound..<closing.lowerBound], closing.upperBound)
    }
}

private extension Substring {
    var trimmingWhitespace: String {
        String(drop { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }.reversed().drop { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }.reversed())
    }

    /// `<string>x</string>` → `x`.
    var replacingTags: Substring {
        var text = self
        while let open = text.firstIndex(of: "<"), let close = text[open...].firstIndex(of: ">") {
            text = Substring(String(text[..<open]) + String(text[text.index(after: close)...]))
        }
        return text
    }
}

private extension String {
    var trimmingWhitespace: String { Substring(self).trimmingWhitespace }
}
