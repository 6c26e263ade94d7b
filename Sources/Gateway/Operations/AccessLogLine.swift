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
        let path = loggedPath(trace.target)
        // Shorter than any application password (24 letters and digits): nothing to withhold, no copy made.
        let login = trace.login.map { $0.utf8.count < 24 ? $0 : PasswordFormat.withheldIfPassword($0) }
        // Fixed text and numbers under 512 bytes, every string at its worst escaped length.
        var bound = 512 + time.seconds.count + LineWriter.worstCase(trace.id) + LineWriter.worstCase(trace.client)
            + LineWriter.worstCase(trace.method) + LineWriter.worstCase(path) + (login.map(LineWriter.worstCase) ?? 0)
        for name in trace.xmlrpcMethods { bound += LineWriter.worstCase(name) + 1 }
        var line = LineWriter(into: out, reserving: bound)
        line.put(#"{"time":""#)
        line.put(time.seconds)
        line.put(byte: 0x2E)
        line.put(byte: 0x30 + UInt8(time.millis / 100 % 10))
        line.put(byte: 0x30 + UInt8(time.millis / 10 % 10))
        line.put(byte: 0x30 + UInt8(time.millis % 10))
        line.put(#"Z","request_id":"#)
        line.putQuoted(trace.id)
        line.put(#","client":"#)
        line.putQuoted(trace.client)
        line.put(#","method":"#)
        line.putQuoted(trace.method)
        line.put(#","path":"#)
        line.putQuoted(path)
        line.put(#","protocol":""#)
        line.put(trace.kind.staticLabel)
        line.put(byte: 0x22)
        if trace.kind == .xmlrpc {
            line.put(#","xmlrpc_methods":["#)
            for (index, name) in trace.xmlrpcMethods.enumerated() {
                if index > 0 { line.put(byte: 0x2C) }
                line.putQuoted(name)
            }
            line.put(byte: 0x5D)
        }
        if let login {
            line.put(#","login":"#)
            line.putQuoted(login)
        }
        if let api = trace.api {
            line.put(#","api":""#)
            line.put(api == .rest ? "rest-api" : "xml-rpc" as StaticString)
            line.put(byte: 0x22)
        }
        if let outcome = trace.outcome {
            line.put(#","auth":""#)
            line.put(outcome.staticLabel)
            line.put(byte: 0x22)
        }
        line.put(#","status":"#)
        line.putDecimal(status)
        line.put(#","bytes_in":"#)
        line.putDecimal(trace.bytesIn)
        line.put(#","bytes_out":"#)
        line.putDecimal(trace.bytesOut)
        line.put(#","duration_us":"#)
        line.putDecimal(Int(clamping: micros))
        if trace.upstreamStartNanos != 0 {
            line.put(#","upstream_status":"#)
            if let status = trace.upstreamStatus { line.putDecimal(status) } else { line.put("null") }
            line.put(#","upstream_duration_us":"#)
            if let micros = trace.upstreamMicros { line.putDecimal(Int(clamping: micros)) } else { line.put("null") }
        }
        if trace.cut { line.put(#","completed":false"#) }
        line.put("}\n")
        out.commit(line.count)
    }

    /// Query keys whose values are never written: WordPress's and common credential parameters.
    static let credentialWords: [[UInt8]] = ["pass", "pwd", "secret", "token", "key", "auth", "nonce", "signature", "session", "cookie", "credential"]
        .map { Array($0.utf8) }

    static func isCredentialLike(_ key: ArraySlice<UInt8>) -> Bool {
        let lower = key.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        return credentialWords.contains { word in
            lower.count >= word.count && (0...(lower.count - word.count)).contains { start in lower[start..<(start + word.count)].elementsEqual(word) }
        }
    }

    /// The target with the values of credential-like query keys removed (`?password=` stays as a key).
    static func loggedPath(_ target: String) -> String {
        var text = target
        guard text.withUTF8({ $0.contains(0x3F) }) else { return target }
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
        return String(decoding: kept, as: UTF8.self)
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
