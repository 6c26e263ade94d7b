import CredentialCore
import Foundation
import Gateway
import Testing
import XMLRPC

/// Issue 12: `DualgateServer` in this process (no `dualgate` binary): an own XML-RPC method next to
/// the built-in ones, authenticated by the credential core, on port 0, stopped gracefully.
@Suite(.enabled(if: Tool.python3 != nil, "needs python3 on PATH"), .timeLimit(.minutes(3)))
struct EmbeddingTests {
    /// Reading: the caller's display name, shouted.
    static let shout = MethodRegistry.Method(
        "example.shout", help: "Returns the caller's display name in capitals.", signatures: [["string", "string", "string"]],
        argumentStyle: .wordpress, minimumArguments: 2
    ) { (call: inout Invocation) throws(Fault) -> Value in
        .string(try call.authenticate(usernameAt: 0, passwordAt: 1).user.displayName.uppercased())
    }

    @Test func anEmbeddedServerServesItsOwnMethodBehindTheCredentialCore() throws {
        let directory = try TempDirectory.make()
        let path = directory.appendingPathComponent("embedded.sqlite").path
        let store = try CredentialStore(path: path)
        let user = try store.addUser(login: "embedder", displayName: "Emma Bedder")
        let xmlrpcOnly = try store.createPassword(PasswordRequest(name: "x", enabledFor: [.xmlrpc]), for: user.id).plain.chunked
        let restOnly = try store.createPassword(PasswordRequest(name: "r", enabledFor: [.rest]), for: user.id).plain.chunked
        var options = DualgateServer.Options()
        options.port = 0
        options.threads = 2
        let server = try DualgateServer(databasePath: path, methods: MethodRegistry.standard(enableValidator: false).adding([Self.shout]),
                                        options: options)
        let port = try server.start()
        #expect(server.port == port && port > 0)
        let url = "http://127.0.0.1:\(port)/xmlrpc.php"
        let shouted = try PythonXMLRPC.call(url, "example.shout", ["embedder", xmlrpcOnly])
        #expect(shouted.result as? String == "EMMA BEDDER", "\(shouted)")
        #expect(try PythonXMLRPC.call(url, "example.shout", ["embedder", restOnly]).faultCode == 403)
        #expect(try PythonXMLRPC.call(url, "example.shout", ["embedder"]).faultCode == 400)
        let listed = try PythonXMLRPC.call(url, "system.listMethods", [])
        #expect((listed.result as? [String])?.contains("example.shout") == true)
        // The built-in REST API is there too, with the same split.
        #expect(try RawHTTP.request("GET", "/wp-json/wp/v2/users/me", port: port, basic: ("embedder", restOnly)).status == 200)
        #expect(try RawHTTP.request("GET", "/wp-json/wp/v2/users/me", port: port, basic: ("embedder", xmlrpcOnly)).status == 401)
        server.stop()
        try server.wait()
        #expect(throws: (any Error).self) { try RawHTTP.request("GET", "/healthz", port: port) }
    }

    /// Issue 17 for embedders: the same metrics listener and access log as `serve --metrics --access-log`.
    @Test func anEmbeddedServerCountsAndLogsWhenAsked() throws {
        let directory = try TempDirectory.make()
        let path = directory.appendingPathComponent("embedded.sqlite").path
        let log = directory.appendingPathComponent("access.jsonl").path
        var options = DualgateServer.Options()
        options.port = 0
        options.metricsAddress = "127.0.0.1:0"
        options.accessLogPath = log
        let server = try DualgateServer(databasePath: path, options: options)
        let port = try server.start()
        let metricsPort = try #require(server.metricsPort)
        let answer = try RawHTTP.request("GET", "/healthz", port: port)
        let id = try #require(answer.header("X-Request-Id"))
        let scrape = try RawHTTP.request("GET", "/metrics", port: metricsPort)
        #expect(String(decoding: scrape.body, as: UTF8.self).contains(#"dualgate_requests_total{protocol="health",status="200"} 1"#))
        server.stop()
        try server.wait()
        // Stopping drains the log: the line is there once `wait()` returns.
        let text = try String(contentsOfFile: log, encoding: .utf8)
        #expect(text.contains(#""request_id":"\#(id)""#), "\(text)")
        var bad = DualgateServer.Options()
        bad.metricsAddress = "nowhere"
        #expect(throws: (any Error).self) { try DualgateServer(databasePath: path, options: bad) }
    }
}
