import Foundation
import Testing

/// Issue 17's "done means": one scripted session against a gateway (a success, every refusal reason, a
/// lockout, a forwarded request), then the scrape read by PyPI's Prometheus parser and the access log
/// read field by field, and neither holding a secret.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct ScriptedSequenceTests {
    /// One step of the script: what was sent and what its access-log line must say.
    struct Step {
        let answer: RawClient.Response
        let method: String
        let path: String
        let proto: String
        let status: Int
        let login: String?
        let auth: String?
        let client: String
    }

    static let route = "/wp-json/wp/v2/users/me/application-passwords"

    @Test func scriptedSessionIsCountedAndLoggedWithoutSecrets() throws {
        let packages = try PyPI.installedOrSkip("prometheus-client", probe: "prometheus_client/parser.py", for: "ScriptedSequenceTests")
        let directory = try TempDirectory.make()
        let upstream = try FixtureUpstream.start(in: directory)
        defer { upstream.stop() }
        let logPath = directory.appendingPathComponent("access.jsonl").path
        let server = try LiveServer.start(["--upstream", upstream.url, "--metrics", "127.0.0.1:0", "--access-log", logPath,
                                           "--trusted-proxy", "127.0.0.1/32"], directory: directory)
        let metricsPort = try OperationsHarness.metricsPort(server)
        var scan = SecretScan()
        let admin = try #require(server.bootstrapPassword)
        scan.issued(admin, by: "bootstrap", answer: "")

        func password(_ name: String, login: String = "admin", _ flags: [String] = []) throws -> String {
            let result = try CLIResult.run(["app-password", "create", login, "--name", name, "--json"] + flags + ["--db", server.databasePath])
            let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
            let secret = try #require(object?["password"] as? String, "\(result.stderr)")
            scan.issued(secret, by: name, answer: "")
            return secret
        }
        var steps: [Step] = []
        func rest(_ login: String, _ secret: String, auth: String?, status: Int, headers: [(String, String)] = [],
                  client: String = "127.0.0.1", logged: String? = nil) throws {
            scan.sentBasic(login: login, password: secret)
            let answer = try RawHTTP.request("GET", Self.route, port: server.port, basic: (login, secret), headers: headers)
            #expect(answer.status == status, "\(login) / \(auth ?? "-"): \(String(decoding: answer.body, as: UTF8.self))")
            steps.append(Step(answer: answer, method: "GET", path: Self.route, proto: "rest", status: status,
                              login: logged ?? login, auth: auth, client: client))
        }

        // Passwords for each refusal, made before the policy switches that refuse them.
        let xmlrpcOnly = try password("xmlrpc only", ["--api", "xmlrpc"])
        let expiring = try server.createPassword(name: "expiring", "--expires", "30d")
        scan.issued(expiring.password, by: "expiring", answer: "")
        try OperationsHarness.sql(server, "UPDATE application_passwords SET expires = 1 WHERE uuid = '\(expiring.uuid)'")
        let disabled = try server.createPassword(name: "disabled")
        scan.issued(disabled.password, by: "disabled", answer: "")
        #expect(try server.cli("app-password", "disable", "admin", disabled.uuid).status == 0)
        let elsewhere = try password("elsewhere", ["--allow-network", "10.0.0.0/8"])
        #expect(try server.cli("settings", "set", "require_approval", "true").status == 0)
        let pending = try password("pending")
        #expect(try server.cli("settings", "set", "require_approval", "false").status == 0)
        #expect(try server.cli("user", "add", "sub", "--role", "subscriber").status == 0)
        let subscriber = try password("subscriber", login: "sub")
        #expect(try server.cli("user", "add", "dave").status == 0)
        let dave = try password("dave", login: "dave")

        try rest("admin", admin, auth: "ok", status: 200)
        try rest("nobody", admin, auth: "unknown_user", status: 401)
        try rest("nobody@example.com", admin, auth: "unknown_email", status: 401)
        let wrong = "abcd EFGH ijkl MNOP qrst UVWX"
        scan.issued(wrong, by: "a wrong guess", answer: "")
        try rest("admin", wrong, auth: "incorrect_password", status: 401)
        try rest("admin", xmlrpcOnly, auth: "wrong_api_type", status: 401)
        try rest("admin", expiring.password, auth: "expired", status: 401)
        try rest("admin", pending, auth: "pending", status: 401)
        try rest("admin", disabled.password, auth: "disabled", status: 401)
        try rest("admin", elsewhere, auth: "network_denied", status: 401)
        // From a client behind the trusted proxy, over plain HTTP (`require_https` is on by default).
        try rest("admin", admin, auth: "insecure_transport", status: 401, headers: [("X-Forwarded-For", "203.0.113.7")],
                 client: "203.0.113.7")
        #expect(try server.cli("settings", "set", "allowed_roles", "administrator").status == 0)
        try rest("sub", subscriber, auth: "unavailable_for_role", status: 401)
        // A lockout: the second failure for dave reaches the threshold; the third attempt is not checked.
        #expect(try server.cli("settings", "set", "lockout_login_failures", "2").status == 0)
        try rest("dave", wrong, auth: "incorrect_password", status: 401)
        try rest("dave", wrong, auth: "incorrect_password", status: 401)
        try rest("dave", dave, auth: "locked_out", status: 429)

        // An XML-RPC refusal, its method named in the log.
        let call = """
            <?xml version="1.0"?><methodCall><methodName>wp.getUsersBlogs</methodName><params>\
            <param><value><string>admin</string></value></param><param><value><string>\(wrong)</string></value></param>\
            </params></methodCall>
            """
        let xmlrpc = try RawHTTP.request("POST", "/xmlrpc.php", port: server.port, body: call)
        #expect(xmlrpc.status == 200 && String(decoding: xmlrpc.body, as: UTF8.self).contains("<int>403</int>"))
        steps.append(Step(answer: xmlrpc, method: "POST", path: "/xmlrpc.php", proto: "xmlrpc", status: 200, login: "admin",
                          auth: "incorrect_password", client: "127.0.0.1"))

        // A forwarded request carrying the trusted proxy's id; a credential-like query value stays out of the log.
        let forwarded = try RawHTTP.request("GET", "/wp-json/wp/v2/posts?per_page=2&_wpnonce=n0nce-value&password=hunter2",
                                            port: server.port, headers: [("X-Request-Id", "proxy-id.42")])
        #expect(forwarded.status == 200)
        #expect(forwarded.header("X-Request-Id") == "proxy-id.42")
        #expect(upstream.received().last?.header("X-Request-Id") == "proxy-id.42")
        steps.append(Step(answer: forwarded, method: "GET", path: "/wp-json/wp/v2/posts?per_page=2&_wpnonce=&password=", proto: "rest",
                          status: 200, login: nil, auth: nil, client: "127.0.0.1"))

        // The access log, field by field. Each loop hands its lines over in batches: matched by id, not order.
        let lines = try OperationsHarness.lines(logPath, atLeast: steps.count)
        try #require(lines.count == steps.count, "\(lines.count) lines for \(steps.count) requests")
        var byID: [String: [String: Any]] = [:]
        for line in lines { byID[line["request_id"] as? String ?? ""] = line }
        #expect(byID.count == steps.count, "request ids are unique")
        for step in steps {
            let id = try #require(step.answer.header("X-Request-Id"))
            let line = try #require(byID[id], "no line for \(id)")
            #expect(line["method"] as? String == step.method)
            #expect(line["path"] as? String == step.path)
            #expect(line["protocol"] as? String == step.proto)
            #expect(line["status"] as? Int == step.status)
            #expect(line["client"] as? String == step.client)
            #expect(line["login"] as? String == step.login, "\(line)")
            #expect(line["auth"] as? String == step.auth, "\(line)")
            #expect(line["api"] as? String == (step.auth == nil ? nil : step.proto == "rest" ? "rest-api" : "xml-rpc"))
            #expect((line["bytes_in"] as? Int ?? 0) > 0 && (line["bytes_out"] as? Int ?? 0) > 0)
            #expect((line["duration_us"] as? Int ?? -1) >= 0)
            #expect((line["time"] as? String)?.hasSuffix("Z") == true)
            #expect(line["upstream_status"] == nil || step.answer.header("X-Request-Id") == "proxy-id.42", "answered here: no upstream fields")
        }
        let xmlrpcLine = try #require(byID[xmlrpc.header("X-Request-Id") ?? ""])
        #expect(xmlrpcLine["xmlrpc_methods"] as? [String] == ["wp.getUsersBlogs"])
        let forwardedLine = try #require(byID["proxy-id.42"])
        #expect(forwardedLine["upstream_status"] as? Int == 200)
        #expect((forwardedLine["upstream_duration_us"] as? Int ?? -1) >= 0)

        // The scrape, read by the reference parser.
        let text = try OperationsHarness.scrape(metricsPort)
        let samples = try OperationsHarness.parse(text, packages: packages)
        func value(_ key: String) -> Double? { samples[key] }
        for (outcome, count) in [("ok", 1.0), ("unknown_user", 1), ("unknown_email", 1), ("incorrect_password", 3), ("wrong_api_type", 1),
                                 ("expired", 1), ("pending", 1), ("disabled", 1), ("network_denied", 1), ("insecure_transport", 1),
                                 ("unavailable_for_role", 1), ("locked_out", 1), ("internal_error", 0)] {
            #expect(value(#"dualgate_authentications_total{api="rest",outcome="\#(outcome)"}"#) == count, "\(outcome)")
        }
        #expect(value(#"dualgate_authentications_total{api="xmlrpc",outcome="incorrect_password"}"#) == 1)
        // dave's, and admin's: the XML-RPC guess was admin's fourth failure with the threshold at 2.
        #expect(value(#"dualgate_lockouts_total{scope="login"}"#) == 2)
        #expect(value(#"dualgate_lockouts_total{scope="address"}"#) == 0)
        #expect(value(#"dualgate_requests_total{protocol="rest",status="200"}"#) == 2)
        #expect(value(#"dualgate_requests_total{protocol="rest",status="401"}"#) == 12)
        #expect(value(#"dualgate_requests_total{protocol="rest",status="429"}"#) == 1)
        #expect(value(#"dualgate_requests_total{protocol="xmlrpc",status="200"}"#) == 1)
        #expect(value(#"dualgate_request_duration_seconds_count{protocol="rest"}"#) == 15)
        #expect(value(#"dualgate_request_duration_seconds_bucket{le="+Inf",protocol="rest"}"#) == 15)
        #expect(value(#"dualgate_upstream_requests_total{status="200"}"#) == 1)
        #expect(value(#"dualgate_upstream_duration_seconds_count"#) == 1)
        let hits = value(#"dualgate_verification_cache_total{result="hit"}"#) ?? -1
        let misses = value(#"dualgate_verification_cache_total{result="miss"}"#) ?? -1
        #expect(misses >= 1 && hits >= 0)
        #expect(value("dualgate_store_errors_total") == 0)
        #expect(value("dualgate_access_log_dropped_total") == 0)
        #expect((value("dualgate_connections_open") ?? -1) >= 0)
        #expect(value(#"dualgate_build_info{version="0.17.0"}"#) == 1)
        for name in ["process_cpu_seconds_total", "process_resident_memory_bytes", "process_open_fds", "process_start_time_seconds"] {
            #expect((value(name) ?? 0) > 0, "\(name)")
        }

        // Neither output holds a password or a Basic token; the audit trail has the ids too.
        scan.add("the scrape", text)
        scan.addFile("the access log", logPath)
        #expect(scan.artifactCount >= 2)
        #expect(scan.leaks().isEmpty, "\(scan.leaks())")
        let log = try String(contentsOfFile: logPath, encoding: .utf8)
        #expect(!log.contains("hunter2") && !log.contains("n0nce-value") && !log.lowercased().contains("authorization"))
        #expect(server.stop() == 0)   // the audit writer has flushed
        let audit = try String(contentsOfFile: server.databasePath.replacingOccurrences(of: ".sqlite", with: ".audit.jsonl"), encoding: .utf8)
        let wrongGuessID = try #require(steps[3].answer.header("X-Request-Id"))
        #expect(audit.contains(#""request_id":"\#(wrongGuessID)""#), "the refusal's audit event carries its request id")
    }
}
