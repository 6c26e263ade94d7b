import Foundation
import Testing

/// The secrets-hygiene session's moves against one running server: every request and command
/// goes through here, so that every answer and output lands in the `SecretScan`.
struct HygieneSession {
    struct Issued {
        let uuid: String
        let password: String
    }

    let server: RestartableServer
    let port: UInt16
    let bootstrap: String
    /// The CLI writes to the same trail as `serve` (`DUALGATE_AUDIT_LOG`).
    let auditPath: String

    private var environment: [String: String] {
        var variables = ProcessInfo.processInfo.environment
        variables["DUALGATE_AUDIT_LOG"] = auditPath
        return variables
    }

    // MARK: CLI

    @discardableResult
    func cli(_ scan: inout SecretScan, _ arguments: String...) throws -> CLIResult {
        let result = try CLIResult.run(arguments + ["--db", server.databasePath], environment: environment)
        scan.add("dualgate \(arguments.joined(separator: " "))", result.stdout + result.stderr)
        return result
    }

    /// `app-password create LOGIN FLAGS…`, JSON or text output.
    func cliCreate(_ scan: inout SecretScan, _ login: String, _ flags: String...) throws -> Issued {
        let result = try CLIResult.run(["app-password", "create", login] + flags + ["--db", server.databasePath], environment: environment)
        let label = "dualgate app-password create \(login) \(flags.joined(separator: " "))"
        if flags.contains("--json") {
            let item = try WireJSON.parse(Array(result.stdout.utf8))
            guard result.status == 0, let uuid = item["uuid"]?.string, let password = item["password"]?.string else {
                throw HarnessError("\(label): \(result.stderr)")
            }
            scan.issued(password, by: label, answer: result.stdout + result.stderr)
            return Issued(uuid: uuid, password: password)
        }
        guard result.status == 0,
              let uuid = Self.capture(#"\(uuid ([0-9a-f-]{36})\)"#, in: result.stdout),
              let password = Self.capture(#"store it now\): ([A-Za-z0-9 ]{29})"#, in: result.stdout) else {
            throw HarnessError("\(label): \(result.stdout) \(result.stderr)")
        }
        scan.issued(password, by: label, answer: result.stdout + result.stderr)
        return Issued(uuid: uuid, password: password)
    }

    // MARK: REST

    @discardableResult
    func rest(_ scan: inout SecretScan, _ method: String, _ route: String, as credentials: (String, String)? = nil,
              json: String? = nil, formBody: String? = nil, query: [(String, String)] = []) throws -> RawClient.Response {
        var headers: [(String, String)] = []
        var body = ""
        if let json { headers.append(("Content-Type", "application/json")); body = json }
        if let formBody { headers.append(("Content-Type", "application/x-www-form-urlencoded")); body = formBody }
        if let (login, password) = credentials { scan.sentBasic(login: login, password: password) }
        let answer = try RawHTTP.request(method, RESTForm.pretty.target(route, query: query), port: port, basic: credentials, headers: headers, body: body)
        scan.add("REST \(method) \(route)", Self.transcript(answer))
        return answer
    }

    func restCreate(_ scan: inout SecretScan, userPath: String, json: String) throws -> Issued {
        scan.sentBasic(login: "admin", password: bootstrap)
        let answer = try RawHTTP.request("POST", "/wp-json/wp/v2/users/\(userPath)/application-passwords", port: port, basic: ("admin", bootstrap),
                                         headers: [("Content-Type", "application/json")], body: json)
        guard answer.status == 201, let uuid = answer.value["uuid"]?.string, let password = answer.value["password"]?.string else {
            throw HarnessError("REST create answered \(answer.status): \(answer.text)")
        }
        scan.issued(password, by: "REST create for \(userPath)", answer: Self.transcript(answer))
        return Issued(uuid: uuid, password: password)
    }

    // MARK: XML-RPC

    @discardableResult
    func xmlrpc(_ scan: inout SecretScan, _ method: String, _ params: [String], basic: (String, String)? = nil) throws -> RawClient.Response {
        try xmlrpcRaw(&scan, XMLRPCWire.call(method, params: params.map(Self.stringParam).joined()), label: method, basic: basic)
    }

    @discardableResult
    func xmlrpcRaw(_ scan: inout SecretScan, _ body: String, label: String, basic: (String, String)? = nil) throws -> RawClient.Response {
        var headers: [(String, String)] = []
        if let (login, password) = basic {
            scan.sentBasic(login: login, password: password)
            headers.append(("Authorization", "Basic " + Data("\(login):\(password)".utf8).base64EncodedString()))
        }
        let answer = try XMLRPCWire.post(port, body, headers: headers)
        scan.add("XML-RPC \(label)", Self.transcript(answer))
        return answer
    }

    func xmlrpcCreate(_ scan: inout SecretScan, login: String, password: String, name: String) throws -> Issued {
        let params = Self.stringParam(login) + Self.stringParam(password)
            + "<param><value><struct><member><name>name</name><value><string>\(name)</string></value></member></struct></value></param>"
        let answer = try XMLRPCWire.post(port, XMLRPCWire.call("dualgate.createApplicationPassword", params: params))
        guard XMLRPCWire.isSuccess(answer), let uuid = Self.member("uuid", in: answer.text), let created = Self.member("password", in: answer.text) else {
            throw HarnessError("XML-RPC create answered \(answer.status): \(answer.text)")
        }
        scan.issued(created, by: "XML-RPC create", answer: Self.transcript(answer))
        return Issued(uuid: uuid, password: created)
    }

    // MARK: bad requests

    /// Requests that are wrong in a way that puts `secret` (a live password) in the request line,
    /// a header, a body value or a credential position: every answer is recorded for the scan.
    func badRequests(_ scan: inout SecretScan, carrying secret: String) throws {
        let admin = ("admin", bootstrap)
        let collection = "/wp/v2/users/me/application-passwords"
        let compact = secret.replacingOccurrences(of: " ", with: "")
        let restStatuses = [
            try rest(&scan, "POST", collection, as: admin, json: #"{"name":"x","app_id":"\#(secret)"}"#).status,
            try rest(&scan, "POST", collection, as: admin, json: #"{"name":"\#(secret)"#).status,                   // truncated JSON
            try rest(&scan, "POST", collection, as: admin, json: #"{"name":"x","enabled_for":["\#(secret)"]}"#).status,
            try rest(&scan, "POST", collection, as: admin, json: #"{"name":"x","rest_api_permissions":"\#(secret)"}"#).status,
            try rest(&scan, "POST", collection, as: admin, json: #"{"name":"x","expires":"\#(secret)"}"#).status,
            try rest(&scan, "POST", collection, as: admin, json: #"{"name":"x","allowed_networks":["\#(secret)"]}"#).status,
            try rest(&scan, "POST", collection, as: admin, formBody: "name=x&app_id=\(compact)").status,
            try rest(&scan, "GET", collection + "/" + compact, as: admin).status,
            try rest(&scan, "GET", "/" + compact, as: admin).status,
            try rest(&scan, "GET", "/wp/v2/users/me", as: admin, query: [("context", secret)]).status,
            try rest(&scan, "GET", "/wp/v2/users/" + compact, as: admin).status,
        ]
        #expect(restStatuses.allSatisfy { $0 >= 400 && $0 < 500 }, "\(restStatuses)")
        // Broken Authorization headers and broken HTTP framing around the secret.
        let token = Data("admin:\(secret)".utf8).base64EncodedString()
        let raw = [
            "GET /wp-json/wp/v2/users/me HTTP/1.1\r\nHost: a\r\nAuthorization: Basic \(token)!!\r\n\r\n",
            "GET /wp-json/wp/v2/users/me HTTP/1.1\r\nHost: a\r\nAuthorization: Basic \(Data("admin\(compact)".utf8).base64EncodedString())\r\n\r\n",
            "GET /wp-json/wp/v2/users/me HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer \(compact)\r\n\r\n",
            "GET /wp-json/wp/v2/users/me HTTP/1.1\r\nHost: a\r\nX-Secret \(secret)\r\n\r\n",                         // no colon
            "GET /wp-json/wp/v2/users/me HTTP/1.1\r\nHost: a\r\nX-Secret: \(secret)\r\nX-Pad: \(String(repeating: "p", count: 17000))\r\n\r\n",
            "GET /\(compact)\u{1} HTTP/1.1\r\nHost: a\r\n\r\n",
            "\(compact) /xmlrpc.php HTTP/1.1\r\nHost: a\r\n\r\n",
            "POST /xmlrpc.php HTTP/1.1\r\nHost: a\r\nContent-Length: \(compact)\r\n\r\n",
            "POST /xmlrpc.php HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n\(compact)\r\n",
        ]
        scan.sentBasic(login: "admin", password: secret)
        for (index, text) in raw.enumerated() {
            let client = try RawClient(port: port)
            try client.send(text.replacingOccurrences(of: "Host: a\r\n", with: "Host: a\r\nConnection: close\r\n"))
            _ = client.waitForClose()
            scan.add("raw request \(index)", Data(client.unread))
        }
        // XML-RPC: the secret in a broken document, a typed param, a uuid, a struct member, a method name.
        let secretParam = Self.stringParam(secret)
        try xmlrpcRaw(&scan, "<?xml version=\"1.0\"?><methodCall><methodName>wp.getUsersBlogs</methodName><params><param><value>\(secret)</param>", label: "malformed")
        try xmlrpcRaw(&scan, XMLRPCWire.call("demo.addTwoNumbers", params: "<param><value><int>\(compact)</int></value></param>" + secretParam), label: "int")
        try xmlrpcRaw(&scan, XMLRPCWire.call("wp.getProfile", params: "<param><value><int>\(compact)</int></value></param>" + Self.stringParam("admin") + Self.stringParam(bootstrap)), label: "blog id")
        try xmlrpc(&scan, "dualgate.revokeApplicationPassword", ["admin", bootstrap, secret])
        try xmlrpcRaw(&scan, XMLRPCWire.call(compact), label: "method name")
        try xmlrpcRaw(&scan, XMLRPCWire.call(secret), label: "method name, chunked")
        let member = { (name: String, value: String) in
            "<param><value><struct><member><name>name</name><value>x</value></member><member><name>\(name)</name><value>\(value)</value></member></struct></value></param>"
        }
        try xmlrpcRaw(&scan, XMLRPCWire.call("dualgate.createApplicationPassword", params: Self.stringParam("admin") + Self.stringParam(bootstrap) + member("app_id", secret)), label: "app_id")
        try xmlrpcRaw(&scan, XMLRPCWire.call("dualgate.createApplicationPassword", params: Self.stringParam("admin") + Self.stringParam(bootstrap)
                                             + member("enabled_for", "<array><data><value>\(secret)</value></data></array>")), label: "enabled_for")
        try xmlrpcRaw(&scan, XMLRPCWire.call("dualgate.createApplicationPassword", params: Self.stringParam("admin") + Self.stringParam(bootstrap)
                                             + member("rest_api_permissions", secret)), label: "permission")
        try xmlrpcRaw(&scan, XMLRPCWire.call("wp.getUsersBlogs", params: "<param><value><dateTime.iso8601>\(compact)</dateTime.iso8601></value></param>" + secretParam), label: "date")
        try xmlrpcRaw(&scan, XMLRPCWire.call("wp.getUsersBlogs", params: "<param><value><base64>\(compact)!</base64></value></param>" + secretParam), label: "base64")
        // CLI: the secret where a uuid, an app id, a network or a date belongs.
        try cli(&scan, "app-password", "revoke", "alice", secret)
        try cli(&scan, "app-password", "create", "alice", "--name", "x", "--app-id", secret)
        try cli(&scan, "app-password", "create", "alice", "--name", "x", "--allow-network", compact)
        try cli(&scan, "app-password", "create", "alice", "--name", "x", "--expires", compact)
        try cli(&scan, "app-password", "create", "alice", "--name", "x", "--api", compact)
    }

    // MARK: helpers

    static func stringParam(_ text: String) -> String { "<param><value><string>\(text)</string></value></param>" }

    static func transcript(_ answer: RawClient.Response) -> String {
        answer.headers.map { "\($0.0): \($0.1)" }.joined(separator: "\n") + "\n\n" + answer.text
    }

    static func member(_ name: String, in text: String) -> String? {
        capture(#"<name>\#(name)</name>\s*<value>(?:<string>)?([^<]*)<"#, in: text)
    }

    static func capture(_ pattern: String, in text: String) -> String? {
        guard let expression = try? NSRegularExpression(pattern: pattern),
              let match = expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)), match.numberOfRanges > 1,
              let range = Range(match.range(at: 1), in: text) else { return nil }
        return String(text[range])
    }
}
