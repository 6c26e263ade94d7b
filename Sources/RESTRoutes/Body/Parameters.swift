/// A request's parameters from every source, looked up in WordPress's order
/// (`WP_REST_Request::get_parameter_order`): JSON body, form body (urlencoded or multipart),
/// query, then URL parameters.
struct Parameters {
    private(set) var json: JSON = .emptyObject
    private(set) var form: JSON = .emptyObject
    private(set) var query: JSON = .emptyObject
    var url: [String: String] = [:]
    /// The matched endpoint's argument defaults, read last (`WP_REST_Request::set_default_params`).
    var defaults: [String: JSON] = [:]
    /// Set when the body claimed to be JSON and was not; reported only once a route matched
    /// (WordPress checks `has_valid_params` after routing).
    private(set) var jsonError: JSONReadError?
    /// Form and query parameters whose text was not valid UTF-8 (issue 11 item 2).
    /// nil in the normal case, where every text was UTF-8.
    private var invalidUTF8: (form: Set<String>, query: Set<String>)?

    init() {}

    init(request: RESTRequest) {
        query = FormDecoder.fold(request.query)
        if let invalidQuery = request.invalidUTF8Query { invalidUTF8 = ([], invalidQuery) }
        let contentType = request.header("Content-Type")
        // PHP `empty($body)`: an empty body and the body "0" are not parsed.
        let hasBody = !request.body.isEmpty && request.body != [UInt8(ascii: "0")]
        if Self.isJSON(contentType) {
            guard hasBody else { return }
            do {
                let parsed = try JSONReader.parse(request.body)
                if case .object = parsed { json = parsed }          // a scalar or list body names no parameters
            } catch {
                jsonError = error
            }
        } else if hasBody, Self.isForm(contentType) {
            let (decoded, invalid) = FormDecoder.decodeChecked(request.body)
            form = decoded
            if !invalid.isEmpty { invalidUTF8 = (invalid, request.invalidUTF8Query ?? []) }
        } else if hasBody, let contentType, let boundary = MultipartDecoder.boundary(of: contentType) {
            let (decoded, invalid) = MultipartDecoder.decodeChecked(request.body, boundary: boundary)
            form = decoded
            if !invalid.isEmpty { invalidUTF8 = (invalid, request.invalidUTF8Query ?? []) }
        }
    }

    /// True when the value `value(name)` finds came from form or query text that was not UTF-8.
    func isInvalidUTF8(_ name: String) -> Bool {
        guard let invalidUTF8 else { return false }
        if json[name] != nil { return false }
        if form[name] != nil { return invalidUTF8.form.contains(name) }
        if query[name] != nil { return invalidUTF8.query.contains(name) }
        return false
    }

    func value(_ name: String) -> JSON? {
        if let found = json[name] { return found }
        if let found = form[name] { return found }
        if let found = query[name] { return found }
        if let found = url[name] { return .string(found) }
        return defaults.isEmpty ? nil : defaults[name]
    }

    func string(_ name: String) -> String? { value(name)?.stringValue }

    /// `application/json` or `application/…+json`, parameters ignored (WordPress `wp_is_json_media_type`).
    static func isJSON(_ contentType: String?) -> Bool {
        guard let type = mediaType(contentType) else { return false }
        return type == "application/json" || (type.hasPrefix("application/") && type.hasSuffix("+json"))
    }

    /// No content type at all, or `application/x-www-form-urlencoded` (`parse_body_params`).
    static func isForm(_ contentType: String?) -> Bool {
        guard let type = mediaType(contentType) else { return true }
        return type == "application/x-www-form-urlencoded"
    }

    private static func mediaType(_ contentType: String?) -> String? {
        guard let contentType else { return nil }
        let type = contentType.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let trimmed = type.trimmingASCIIWhitespace().lowercased()
        return trimmed.isEmpty ? nil : trimmed
    }
}

extension StringProtocol {
    func trimmingASCIIWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
