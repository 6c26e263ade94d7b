import Foundation

/// A browser-shaped client over `RawHTTP` for the page tests: keeps cookies, reads form tokens.
final class WebClient {
    let port: UInt16
    var cookies: [String: String] = [:]
    /// Extra fields on every request (a trusted proxy's `X-Forwarded-For`, an `Origin`).
    var extraHeaders: [(String, String)] = []

    init(port: UInt16) { self.port = port }

    @discardableResult
    func get(_ target: String) throws -> RawClient.Response { try send("GET", target, body: "") }

    @discardableResult
    func post(_ target: String, _ fields: [(String, String)], headers: [(String, String)] = []) throws -> RawClient.Response {
        let body = fields.map { "\(Self.escape($0.0))=\(Self.escape($0.1))" }.joined(separator: "&")
        return try send("POST", target, body: body, headers: [("Content-Type", "application/x-www-form-urlencoded")] + headers)
    }

    private func send(_ method: String, _ target: String, body: String, headers: [(String, String)] = []) throws -> RawClient.Response {
        var fields = extraHeaders + headers
        if !cookies.isEmpty { fields.append(("Cookie", cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))) }
        let reply = try RawHTTP.request(method, target, port: port, headers: fields, body: body)
        for (name, value) in reply.headers where name.lowercased() == "set-cookie" {
            let pair = value.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            guard pair.count >= 1 else { continue }
            let cookieValue = pair.count == 2 ? String(pair[1]) : ""
            if cookieValue.isEmpty || value.contains("Max-Age=0") { cookies[String(pair[0])] = nil } else { cookies[String(pair[0])] = cookieValue }
        }
        return reply
    }

    /// The value of the first `name="_csrf"` hidden field on a page.
    static func formToken(_ page: RawClient.Response) -> String? {
        guard let range = page.text.range(of: #"name="_csrf" value="[^"]*""#, options: .regularExpression) else { return nil }
        return page.text[range].split(separator: "\"").last.map(String.init)
    }

    /// Signs in through the form; returns the answer to the POST.
    @discardableResult
    func signIn(_ login: String, _ password: String) throws -> RawClient.Response {
        let form = try get("/wp-login.php")
        return try post("/wp-login.php", [("_csrf", Self.formToken(form) ?? ""), ("log", login), ("pwd", password)])
    }

    static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~")) ?? text
    }
}

extension LiveServer {
    /// Gives `login` an account password through the CLI (`user set-password --password-stdin`).
    func setAccountPassword(_ login: String, _ password: String) throws {
        let result = try cli(["user", "set-password", login, "--password-stdin"], input: password + "\n")
        guard result.status == 0 else { throw HarnessError("set-password failed: \(result.stderr)") }
    }
}
