import CredentialCore
import Foundation

/// One access-log line (JSON Lines), from a finished request's trace. Never a header value, a body or a
/// query value of a credential-like key; a login shaped like an application password is withheld.
/// Built as bytes: the `String` version (interpolation, scalar-by-scalar quoting) cost ~50k instructions
/// per line, more than the request it described (callgrind, W1).
enum AccessLogLine {
    /// Appends the line (with its newline) to `out`.
    static func append(_ trace: RequestTrace, status: Int, micros: UInt64, time: [UInt8], to out: inout [UInt8]) {
        literal(#"{"time":""#, &out)
        out += time
        literal(#"","request_id":"#, &out)
        quote(trace.id, into: &out)
        literal(#","client":"#, &out)
        quote(trace.client, into: &out)
        literal(#","method":"#, &out)
        quote(trace.method, into: &out)
        literal(#","path":"#, &out)
        path(trace.target, into: &out)
        literal(#","protocol":""#, &out)
        literal(trace.kind.staticLabel, &out)
        out.append(0x22)
        if trace.kind == .xmlrpc {
            literal(#","xmlrpc_methods":["#, &out)
            for (index, name) in trace.xmlrpcMethods.enumerated() {
                if index > 0 { out.append(0x2C) }
                quote(name, into: &out)
            }
            out.append(0x5D)
        }
        if let login = trace.login {
            literal(#","login":"#, &out)
            quote(PasswordFormat.withheldIfPassword(login), into: &out)
        }
        if let api = trace.api {
            literal(#","api":""#, &out)
            literal(api == .rest ? "rest-api" : "xml-rpc", &out)
            out.append(0x22)
        }
        if let outcome = trace.outcome {
            literal(#","auth":""#, &out)
            literal(outcome.staticLabel, &out)
            out.append(0x22)
        }
        literal(#","status":"#, &out)
        decimal(UInt64(max(status, 0)), into: &out)
        literal(#","bytes_in":"#, &out)
        decimal(UInt64(trace.bytesIn), into: &out)
        literal(#","bytes_out":"#, &out)
        decimal(UInt64(trace.bytesOut), into: &out)
        literal(#","duration_us":"#, &out)
        decimal(micros, into: &out)
        if trace.upstreamStartNanos != 0 {
            literal(#","upstream_status":"#, &out)
            if let status = trace.upstreamStatus { decimal(UInt64(max(status, 0)), into: &out) } else { literal("null", &out) }
            literal(#","upstream_duration_us":"#, &out)
            if let micros = trace.upstreamMicros { decimal(micros, into: &out) } else { literal("null", &out) }
        }
        literal("}\n", &out)
    }

    /// A literal's bytes in one copy (`+= "…".utf8` went element by element).
    @inline(__always)
    static func literal(_ text: StaticString, _ out: inout [UInt8]) {
        text.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    static func decimal(_ value: UInt64, into out: inout [UInt8]) {
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[19 - count] = 0x30 + UInt8(rest % 10)
                rest /= 10
                count += 1
            } while rest > 0
            out += buffer[(20 - count)...]
        }
    }

    /// RFC 8259 §7 string: quotes, backslashes and control characters escaped; other UTF-8 as is (a Swift
    /// string is valid UTF-8, so the line is too).
    static func quote(_ text: String, into out: inout [UInt8]) {
        out.append(0x22)
        var text = text
        text.withUTF8 { bytes in
            // Logins, addresses, paths and ids rarely need an escape: copy them whole when they do not.
            guard bytes.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) else { return out.append(contentsOf: bytes) }
            for byte in bytes {
                switch byte {
                case 0x22: literal(#"\""#, &out)
                case 0x5C: literal(#"\\"#, &out)
                case 0..<0x20:
                    literal(#"\u00"#, &out)
                    out.append(hexDigit(byte >> 4))
                    out.append(hexDigit(byte & 0x0F))
                default: out.append(byte)
                }
            }
        }
        out.append(0x22)
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 { nibble < 10 ? 0x30 + nibble : 0x57 + nibble }

    /// Query keys whose values are never written: WordPress's and common credential parameters.
    static let credentialWords: [[UInt8]] = ["pass", "pwd", "secret", "token", "key", "auth", "nonce", "signature", "session", "cookie", "credential"]
        .map { Array($0.utf8) }

    static func isCredentialLike(_ key: ArraySlice<UInt8>) -> Bool {
        let lower = key.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        return credentialWords.contains { word in
            lower.count >= word.count && (0...(lower.count - word.count)).contains { start in lower[start..<(start + word.count)].elementsEqual(word) }
        }
    }

    /// The target, quoted, with the values of credential-like query keys removed (`?password=` stays as a key).
    static func path(_ target: String, into out: inout [UInt8]) {
        var text = target
        guard text.withUTF8({ $0.contains(0x3F) }) else { return quote(target, into: &out) }
        let bytes = Array(target.utf8)
        let mark = bytes.firstIndex(of: 0x3F)!
        var kept = Array(bytes[...mark])
        var first = true
        for pair in bytes[(mark + 1)...].split(separator: 0x26, omittingEmptySubsequences: false) {
            if !first { kept.append(0x26) }
            first = false
            if let equals = pair.firstIndex(of: 0x3D), isCredentialLike(pair[..<equals]) {
                kept += pair[...equals]
            } else {
                kept += pair
            }
        }
        quote(String(decoding: kept, as: UTF8.self), into: &out)
    }

    /// `methodName`s of an XML-RPC body, and of a `system.multicall`'s entries, by a text scan: the log
    /// wants names, not a second decode. A gzipped body shows none.
    static func xmlrpcMethods(_ body: [UInt8]) -> [String] {
        var names: [String] = []
        let text = String(decoding: body.prefix(64 * 1024), as: UTF8.self)
        if let name = between(text, "<methodName>", "</methodName>", from: text.startIndex) {
            names.append(trimmed(name.value))
            if trimmed(name.value) == "system.multicall" {
                var cursor = name.end
                while names.count < 64, let member = text.range(of: "<name>methodName</name>", range: cursor..<text.endIndex) {
                    guard let value = between(text, "<value>", "</value>", from: member.upperBound) else { break }
                    names.append(trimmed(withoutTags(value.value)))
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

    private static func trimmed(_ text: Substring) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `<string>x</string>` → `x`.
    private static func withoutTags(_ text: Substring) -> Substring {
        var result = ""
        var inTag = false
        for character in text {
            if character == "<" { inTag = true } else if character == ">" { inTag = false } else if !inTag { result.append(character) }
        }
        return Substring(result)
    }
}
