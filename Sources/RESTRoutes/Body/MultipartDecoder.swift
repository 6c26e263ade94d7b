/// `multipart/form-data` bodies (RFC 7578), which PHP turns into `$_POST` and WordPress reads
/// as body parameters (`curl -F name=…`). Only text fields are kept; file parts (those with a
/// `filename`) are skipped, as no dualgate route takes uploads. A malformed body yields what
/// was read before the damage.
enum MultipartDecoder {
    /// The `boundary` parameter of a `multipart/form-data` content type, else nil.
    static func boundary(of contentType: String) -> String? {
        let parts = contentType.split(separator: ";").map { $0.trimmingASCIIWhitespace() }
        guard let type = parts.first, type.lowercased() == "multipart/form-data" else { return nil }
        for parameter in parts.dropFirst() {
            guard let equals = parameter.firstIndex(of: "=") else { continue }
            guard parameter[..<equals].trimmingASCIIWhitespace().lowercased() == "boundary" else { continue }
            var value = parameter[parameter.index(after: equals)...].trimmingASCIIWhitespace()
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            return value.isEmpty ? nil : value
        }
        return nil
    }

    static func decode(_ body: [UInt8], boundary: String) -> JSON { decodeChecked(body, boundary: boundary).parameters }

    /// Also names the fields (base names) whose name or value is not valid UTF-8 (issue 11 item 2).
    static func decodeChecked(_ body: [UInt8], boundary: String) -> (parameters: JSON, invalidUTF8: Set<String>) {
        let delimiter = Array(("--" + boundary).utf8)
        var pairs: [(name: String, value: String)] = []
        var invalid: Set<String> = []
        guard var cursor = find(delimiter, in: body, from: 0) else { return (.emptyObject, []) }
        cursor += delimiter.count
        let separator: [UInt8] = [0x0D, 0x0A, 0x0D, 0x0A]
        let closing = [0x0D, 0x0A] + delimiter
        while cursor + 2 <= body.count, !(body[cursor] == UInt8(ascii: "-") && body[cursor + 1] == UInt8(ascii: "-")) {
            guard let headEnd = find(separator, in: body, from: cursor),
                  let partEnd = find(closing, in: body, from: headEnd + 4) else { break }
            let head = FormDecoder.checked(body[cursor..<headEnd])
            if let name = fieldName(head.text) {
                let value = FormDecoder.checked(body[(headEnd + 4)..<partEnd])
                pairs.append((name, value.text))
                if !head.isValid || !value.isValid { invalid.insert(FormDecoder.baseName(name)) }
            }
            cursor = partEnd + closing.count
        }
        return (FormDecoder.fold(pairs), invalid)
    }

    /// The `name` of a `Content-Disposition: form-data` part, nil for files and other parts.
    private static func fieldName(_ head: String) -> String? {
        for line in head.split(whereSeparator: { $0 == "\r\n" || $0 == "\n" }) {
            guard line.lowercased().hasPrefix("content-disposition:") else { continue }
            var name: String?
            for parameter in line.split(separator: ";").dropFirst() {
                let trimmed = parameter.trimmingASCIIWhitespace()
                guard let equals = trimmed.firstIndex(of: "=") else { continue }
                let key = trimmed[..<equals].lowercased()
                var value = String(trimmed[trimmed.index(after: equals)...])
                if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
                if key == "filename" { return nil }
                if key == "name" { name = value }
            }
            return name
        }
        return nil
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        var index = start
        while index <= haystack.count - needle.count {
            if haystack[index] == needle[0], haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
