import CredentialCore
import Foundation

/// One access-log line (JSON Lines), from a finished request's trace. Never a header value, a body or a
/// query value of a credential-like key; a login shaped like an application password is withheld.
/// Built as bytes: the `String` version (interpolation, scalar-by-scalar quoting) cost ~50k instructions
/// per line, more than the request it described (callgrind, W1).
enum AccessLogLine {
    /// Appends the line (with its newline) to `out`, a loop's batch of lines.
    /// `time`: the RFC 3339 date and time to the second (made once a second) and the milliseconds.
    static func append(_ trace: inout RequestTrace, status: Int, micros: UInt64, time: (seconds: [UInt8], millis: Int), to out: ByteBuffer) {
        out.reserve(512)
        out.append(#"{"time":""#)
        out.append(time.seconds)
        out.append(byte: 0x2E)
        out.append(byte: 0x30 + UInt8(time.millis / 100 % 10))
        out.append(byte: 0x30 + UInt8(time.millis / 10 % 10))
        out.append(byte: 0x30 + UInt8(time.millis % 10))
        out.append(#"Z","request_id":"#)
        quote(trace.id, into: out)
        out.append(#","client":"#)
        quote(trace.client, into: out)
        out.append(#","method":"#)
        quote(trace.method, into: out)
        out.append(#","path":"#)
        path(trace.target, into: out)
        out.append(#","protocol":""#)
        out.append(trace.kind.staticLabel)
        out.append(byte: 0x22)
        if trace.kind == .xmlrpc {
            out.append(#","xmlrpc_methods":["#)
            for (index, name) in trace.xmlrpcMethods.enumerated() {
                if index > 0 { out.append(byte: 0x2C) }
                quote(name, into: out)
            }
            out.append(byte: 0x5D)
        }
        if let login = trace.login {
            out.append(#","login":"#)
            // Shorter than any application password (24 letters and digits): nothing to withhold, no copy made.
            quote(login.utf8.count < 24 ? login : PasswordFormat.withheldIfPassword(login), into: out)
        }
        if let api = trace.api {
            out.append(#","api":""#)
            out.append(api == .rest ? "rest-api" : "xml-rpc" as StaticString)
            out.append(byte: 0x22)
        }
        if let outcome = trace.outcome {
            out.append(#","auth":""#)
            out.append(outcome.staticLabel)
            out.append(byte: 0x22)
        }
        out.append(#","status":"#)
        out.appendDecimal(status)
        out.append(#","bytes_in":"#)
        out.appendDecimal(trace.bytesIn)
        out.append(#","bytes_out":"#)
        out.appendDecimal(trace.bytesOut)
        out.append(#","duration_us":"#)
        out.appendDecimal(Int(clamping: micros))
        if trace.upstreamStartNanos != 0 {
            out.append(#","upstream_status":"#)
            if let status = trace.upstreamStatus { out.appendDecimal(status) } else { out.append("null") }
            out.append(#","upstream_duration_us":"#)
            if let micros = trace.upstreamMicros { out.appendDecimal(Int(clamping: micros)) } else { out.append("null") }
        }
        if trace.cut { out.append(#","completed":false"#) }
        out.append("}\n")
    }

    /// RFC 8259 §7 string: quotes, backslashes and control characters escaped; other UTF-8 as is (a Swift
    /// string is valid UTF-8, so the line is too).
    static func quote(_ text: String, into out: ByteBuffer) {
        out.append(byte: 0x22)
        var text = text
        text.withUTF8 { bytes in
            // Logins, addresses, paths and ids rarely need an escape: copied whole when they do not.
            guard bytes.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) else { return out.append(UnsafeRawBufferPointer(bytes)) }
            for byte in bytes {
                switch byte {
                case 0x22: out.append(#"\""#)
                case 0x5C: out.append(#"\\"#)
                case 0..<0x20:
                    out.append(#"\u00"#)
                    out.append(byte: hexDigit(byte >> 4))
                    out.append(byte: hexDigit(byte & 0x0F))
                default: out.append(byte: byte)
                }
            }
        }
        out.append(byte: 0x22)
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
    static func path(_ target: String, into out: ByteBuffer) {
        var text = target
        guard text.withUTF8({ $0.contains(0x3F) }) else { return quote(target, into: out) }
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
        quote(String(decoding: kept, as: UTF8.self), into: out)
    }

    /// `methodName`s of an XML-RPC body, and of a `system.multicall`'s entries, by a text scan: the log
    /// wants names, not a second decode. A gzipped body is inflated first (`RequestObserver`).
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
