/// WordPress's `sanitize_text_field` (`_sanitize_text_fields` without `keep_newlines`), which
/// application-password names go through (§4.1 of the reference):
/// 1. if the text holds a `<`: a `<` that does not open a tag is HTML-escaped
///    (`wp_pre_kses_less_than`), `<script>`/`<style>` elements are removed with their contents,
///    every other tag is stripped (`strip_tags`), and `<` + newline becomes `&lt;` + newline;
/// 2. runs of CR, LF, TAB and space become one space; the ends are trimmed;
/// 3. percent escapes (`%` + two hex digits) are removed until none is left, then spaces are
///    collapsed and trimmed again.
/// All rules are ASCII, so the text is handled as UTF-8 bytes (multi-byte characters pass through).
package enum NameSanitizer {
    package static func sanitize(_ text: String) -> String {
        var bytes = Array(text.utf8)
        if bytes.contains(UInt8(ascii: "<")) {
            bytes = escapeLoneLessThan(bytes)
            bytes = removeScriptAndStyle(bytes)
            bytes = HTMLTagStripper.strip(bytes)
            bytes = phpTrim(bytes)                              // wp_strip_all_tags trims
            bytes = replace(bytes, Array("<\n".utf8), with: Array("&lt;\n".utf8))
        }
        bytes = phpTrim(collapseWhitespace(bytes))
        var foundEscape = false
        while let escape = firstPercentEscape(bytes) {
            bytes = replace(bytes, escape, with: [])
            foundEscape = true
        }
        if foundEscape { bytes = phpTrim(collapseSpaces(bytes)) }
        return String(decoding: bytes, as: UTF8.self)
    }

    // MARK: step 1

    /// `wp_pre_kses_less_than`: each `<` starts a fragment that runs to the next `<` (exclusive),
    /// the first `>` (inclusive) or the end; a fragment without `>` is escaped with `esc_html`.
    static func escapeLoneLessThan(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "<") else {
                out.append(bytes[index])
                index += 1
                continue
            }
            var end = index + 1
            var closed = false
            while end < bytes.count {
                if bytes[end] == UInt8(ascii: "<") { break }
                // PCRE `$` also matches before a final newline.
                if end == bytes.count - 1, bytes[end] == UInt8(ascii: "\n") { break }
                if bytes[end] == UInt8(ascii: ">") {
                    end += 1
                    closed = true
                    break
                }
                end += 1
            }
            let fragment = bytes[index..<end]
            if closed { out.append(contentsOf: fragment) } else { out.append(contentsOf: escapeHTML(fragment)) }
            index = end
        }
        return out
    }

    /// `esc_html` on a fragment without `>`: `& < " '` become entities; an `&` that already
    /// starts an entity is kept (WordPress does not double-encode).
    static func escapeHTML(_ fragment: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        var index = fragment.startIndex
        while index < fragment.endIndex {
            let byte = fragment[index]
            switch byte {
            case UInt8(ascii: "<"): out.append(contentsOf: Array("&lt;".utf8))
            case UInt8(ascii: "\""): out.append(contentsOf: Array("&quot;".utf8))
            case UInt8(ascii: "'"): out.append(contentsOf: Array("&#039;".utf8))
            case UInt8(ascii: "&") where !startsEntity(fragment[index...]): out.append(contentsOf: Array("&amp;".utf8))
            default: out.append(byte)
            }
            index += 1
        }
        return out
    }

    /// `&name;`, `&#123;` or `&#x1F;`.
    private static func startsEntity(_ text: ArraySlice<UInt8>) -> Bool {
        var body = text.dropFirst()
        let isHex: Bool
        if body.first == UInt8(ascii: "#") {
            body = body.dropFirst()
            isHex = body.first == UInt8(ascii: "x") || body.first == UInt8(ascii: "X")
            if isHex { body = body.dropFirst() }
            let digits = body.prefix { isHex ? isHexDigit($0) : isDigit($0) }
            return !digits.isEmpty && body.dropFirst(digits.count).first == UInt8(ascii: ";")
        }
        guard let first = body.first, isLetter(first) else { return false }
        let name = body.prefix { isLetter($0) || isDigit($0) }
        return body.dropFirst(name.count).first == UInt8(ascii: ";")
    }

    /// `preg_replace('@<(script|style)[^>]*?>.*?</\1>@si', '')`.
    static func removeScriptAndStyle(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var index = 0
        scan: while index < bytes.count {
            if bytes[index] == UInt8(ascii: "<") {
                for tag in ["script", "style"] {
                    let name = Array(tag.utf8)
                    guard hasPrefixIgnoringCase(bytes[(index + 1)...], name),
                          let open = bytes[(index + 1 + name.count)...].firstIndex(of: UInt8(ascii: ">")) else { continue }
                    let closing = Array("</".utf8) + name + [UInt8(ascii: ">")]
                    if let close = firstRangeIgnoringCase(of: closing, in: bytes, from: open + 1) {
                        index = close
                        continue scan
                    }
                }
            }
            out.append(bytes[index])
            index += 1
        }
        return out
    }

    // MARK: steps 2 and 3

    /// `preg_replace('/[\r\n\t ]+/', ' ')`.
    static func collapseWhitespace(_ bytes: [UInt8]) -> [UInt8] {
        collapse(bytes) { $0 == 0x20 || $0 == 0x09 || $0 == 0x0a || $0 == 0x0d }
    }

    /// `preg_replace('/ +/', ' ')`.
    static func collapseSpaces(_ bytes: [UInt8]) -> [UInt8] { collapse(bytes) { $0 == 0x20 } }

    private static func collapse(_ bytes: [UInt8], _ isRunByte: (UInt8) -> Bool) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var inRun = false
        for byte in bytes {
            if isRunByte(byte) {
                if !inRun { out.append(0x20) }
                inRun = true
            } else {
                out.append(byte)
                inRun = false
            }
        }
        return out
    }

    /// PHP `trim`: space, TAB, LF, CR, NUL and vertical tab at both ends.
    static func phpTrim(_ bytes: [UInt8]) -> [UInt8] {
        let isTrimmed: (UInt8) -> Bool = { [0x20, 0x09, 0x0a, 0x0d, 0x00, 0x0b].contains($0) }
        guard let first = bytes.firstIndex(where: { !isTrimmed($0) }), let last = bytes.lastIndex(where: { !isTrimmed($0) }) else { return [] }
        return Array(bytes[first...last])
    }

    /// The first `%` followed by two hex digits (`/%[a-f0-9]{2}/i`).
    static func firstPercentEscape(_ bytes: [UInt8]) -> [UInt8]? {
        guard bytes.count >= 3 else { return nil }
        for index in 0..<(bytes.count - 2) where bytes[index] == UInt8(ascii: "%") && isHexDigit(bytes[index + 1]) && isHexDigit(bytes[index + 2]) {
            return Array(bytes[index...(index + 2)])
        }
        return nil
    }

    /// PHP `str_replace`: every non-overlapping occurrence, left to right, in one pass.
    static func replace(_ bytes: [UInt8], _ needle: [UInt8], with replacement: [UInt8]) -> [UInt8] {
        guard !needle.isEmpty, bytes.count >= needle.count else { return bytes }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if index + needle.count <= bytes.count, bytes[index..<(index + needle.count)].elementsEqual(needle) {
                out.append(contentsOf: replacement)
                index += needle.count
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return out
    }

    // MARK: ASCII helpers

    private static func hasPrefixIgnoringCase(_ text: ArraySlice<UInt8>, _ prefix: [UInt8]) -> Bool {
        text.count >= prefix.count && zip(text, prefix).allSatisfy { lower($0) == lower($1) }
    }

    /// The index just past the first case-insensitive occurrence of `needle` at or after `start`.
    private static func firstRangeIgnoringCase(of needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard bytes.count >= needle.count else { return nil }
        var index = start
        while index + needle.count <= bytes.count {
            if hasPrefixIgnoringCase(bytes[index...], needle) { return index + needle.count }
            index += 1
        }
        return nil
    }

    private static func lower(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
    private static func isLetter(_ byte: UInt8) -> Bool { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(lower(byte)) }
    private static func isHexDigit(_ byte: UInt8) -> Bool { isDigit(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(lower(byte)) }
}
