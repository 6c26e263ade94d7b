import RESTRoutes
import WireFormat

/// A page request as the web UI reads it: query and form fields decoded, cookies split.
struct WebRequest {
    let http: HTTPRequest
    let origin: ClientOrigin
    let query: [(name: String, value: String)]
    let form: [(name: String, value: String)]

    init(_ http: HTTPRequest, origin: ClientOrigin) {
        self.http = http
        self.origin = origin
        query = FormDecoder.pairs(Array(http.query.utf8)[...]).pairs
        let isForm = http.header("Content-Type").map { $0.lowercased().hasPrefix("application/x-www-form-urlencoded") } ?? false
        form = http.method == "POST" && isForm ? FormDecoder.pairs(http.body[...]).pairs : []
    }

    var isPost: Bool { http.method == "POST" }

    /// The last value of a query parameter (PHP keeps the last of repeated keys).
    func queryValue(_ name: String) -> String? { query.last { $0.name == name }?.value }
    func formValue(_ name: String) -> String? { form.last { $0.name == name }?.value }
    func formHas(_ name: String) -> Bool { form.contains { $0.name == name } }

    /// A cookie's value (RFC 6265 §5.4: `name=value` pairs separated by `; `), the first of that name.
    func cookie(_ name: String) -> String? {
        for field in http.headers where ASCIICase.isLowercase(field.name, "cookie") {
            for pair in field.value.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, parts[0].trimmingCharacters() == name else { continue }
                return String(parts[1].trimmingCharacters())
            }
        }
        return nil
    }

    /// A POST from another site's page: browsers send `Origin` on cross-origin POSTs; when it is
    /// present it must name this very site (scheme, host and port as the request addressed us).
    /// `null` is what Chromium sends from a page with `Referrer-Policy: no-referrer` (the authorize
    /// page): it tells nothing, and the form token alone decides.
    var isCrossOrigin: Bool {
        guard let sent = http.header("Origin"), sent != "null" else { return false }
        return sent != SiteURL.of(http, https: origin.isHTTPS)
    }
}

private extension Substring {
    func trimmingCharacters() -> Substring {
        var text = self
        while text.first == " " || text.first == "\t" { text.removeFirst() }
        while text.last == " " || text.last == "\t" { text.removeLast() }
        return text
    }
}
