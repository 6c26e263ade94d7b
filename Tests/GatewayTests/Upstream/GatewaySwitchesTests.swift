@testable import CredentialCore
import Foundation
import Testing

/// Gateway mode's switches and identities against a real origin (`fixture-upstream.py`): Solid
/// Security's site settings answered at the gateway, the upstream credential swapped in on both
/// protocols, and the signed identity headers of `--upstream-auth headers`.
@Suite(.timeLimit(.minutes(3)))
struct GatewaySwitchesTests {
    static func xmlrpc(_ method: String, _ params: String = "") -> String {
        "<?xml version=\"1.0\"?><methodCall><methodName>\(method)</methodName><params>\(params)</params></methodCall>"
    }

    static func string(_ text: String) -> String { "<param><value><string>\(text)</string></value></param>" }

    @Test func restrictedAccessAnswersAnonymousRESTAtTheGateway() throws {
        let (server, upstream) = try ForwardingTests.gateway()
        defer { upstream.stop() }
        #expect(try server.cli("settings", "set", "rest_anonymous", "refuse").status == 0)
        let refused = try RawHTTP.request("GET", "/wp-json/wp/v2/posts?marker=refused", port: server.port)
        #expect(refused.status == 401)
        #expect(refused.json["code"] as? String == "rest_not_logged_in")
        #expect(upstream.received().isEmpty, "an anonymous request reached the upstream under rest_anonymous=refuse")
        #expect(try server.cli("settings", "set", "rest_anonymous", "allow").status == 0)
        #expect(try RawHTTP.request("GET", "/wp-json/wp/v2/posts?marker=allowed", port: server.port).status == 200)
        #expect(upstream.received().map(\.target) == ["/wp-json/wp/v2/posts?marker=allowed"])
    }

    @Test func xmlrpcSwitchedOffIsFault405AndNothingIsForwarded() throws {
        let (server, upstream) = try ForwardingTests.gateway()
        defer { upstream.stop() }
        #expect(try server.cli("settings", "set", "xmlrpc_enabled", "false").status == 0)
        let answer = try RawHTTP.request("POST", "/xmlrpc.php", port: server.port, headers: [("Content-Type", "text/xml")],
                                         body: Self.xmlrpc("wp.getPosts", Self.string("1") + Self.string("admin") + Self.string("x")))
        let text = String(decoding: answer.body, as: UTF8.self)
        #expect(answer.status == 200)
        #expect(text.contains("<int>405</int>"))
        #expect(text.contains("XML-RPC services are disabled on this site."))
        #expect(upstream.received().isEmpty)
    }

    @Test func pingbacksAreRefusedUntilAllowed() throws {
        let (server, upstream) = try ForwardingTests.gateway()
        defer { upstream.stop() }
        let call = Self.xmlrpc("pingback.ping", Self.string("http://attacker.example/") + Self.string("http://victim.example/"))
        let refused = String(decoding: try RawHTTP.request("POST", "/xmlrpc.php", port: server.port, body: call).body, as: UTF8.self)
        #expect(refused.contains("<int>-32601</int>"))
        #expect(refused.contains("xmlrpc_pingbacks"))
        #expect(upstream.received().isEmpty)
        #expect(try server.cli("settings", "set", "xmlrpc_pingbacks", "true").status == 0)
        _ = try RawHTTP.request("POST", "/xmlrpc.php", port: server.port, body: call)
        #expect(upstream.received().count == 1)
    }

    @Test func aSlowXMLRPCUpstreamIsTheTransportFault() throws {
        let (server, upstream) = try ForwardingTests.gateway(["--upstream-timeout", "1", "--xmlrpc-unknown", "forward"])
        defer { upstream.stop() }
        let answer = try RawHTTP.request("POST", "/xmlrpc.php", port: server.port, body: Self.xmlrpc("fixture.slow"))
        let text = String(decoding: answer.body, as: UTF8.self)
        #expect(answer.status == 200)
        #expect(text.contains("<int>-32300</int>"))
        #expect(text.contains("in time"))
        // Unknown methods are refused unless --xmlrpc-unknown forward: the default gateway never forwards one.
        let (strict, strictUpstream) = try ForwardingTests.gateway()
        defer { strictUpstream.stop() }
        let refused = String(decoding: try RawHTTP.request("POST", "/xmlrpc.php", port: strict.port, body: Self.xmlrpc("fixture.slow")).body, as: UTF8.self)
        #expect(refused.contains("<int>-32601</int>"))
        #expect(strictUpstream.received().isEmpty)
    }

    @Test func theUpstreamGetsTheUsersUpstreamCredentialNeverTheClients() throws {
        let (server, upstream) = try ForwardingTests.gateway()
        defer { upstream.stop() }
        let client = try server.createPassword(name: "both protocols").password
        let upstreamPassword = "UPST REAM PASS WORD 1234 abcd"
        #expect(try server.cli(["upstream", "set", "admin", "--upstream-login", "wp-admin", "--password-stdin"], input: upstreamPassword + "\n").status == 0)
        let rest = try RawHTTP.request("GET", "/wp-json/wp/v2/posts", port: server.port, basic: ("admin", client))
        #expect(rest.status == 200)
        let expected = "Basic " + Data("wp-admin:\(upstreamPassword)".utf8).base64EncodedString()
        #expect(upstream.received().last?.header("Authorization") == expected)
        // XML-RPC: the credential params are swapped; the rest of the call is as sent.
        let call = Self.xmlrpc("wp.getPosts", Self.string("1") + Self.string("admin") + Self.string(client))
        _ = try RawHTTP.request("POST", "/xmlrpc.php", port: server.port, body: call)
        let forwarded = try #require(upstream.received().last)
        #expect(forwarded.target == "/xmlrpc.php")
        let record = try String(contentsOfFile: upstream.recordPath, encoding: .utf8)
        let compact = client.replacingOccurrences(of: " ", with: "")
        #expect(!record.contains(client) && !record.contains(compact), "a client password reached the upstream")
        #expect(!record.contains(Data("admin:\(client)".utf8).base64EncodedString()))
        // A read-only password's write is refused at the gateway: nothing more reaches the upstream.
        let readOnly = try server.createPassword(name: "reader", "--read-only").password
        let before = upstream.received().count
        let write = try RawHTTP.request("POST", "/wp-json/wp/v2/posts", port: server.port, basic: ("admin", readOnly), body: "title=x")
        #expect(write.status == 403)
        #expect(write.json["code"] as? String == "unsupported_http_method")
        #expect(upstream.received().count == before)
    }

    @Test func identityHeadersAreSignedAndClientsCannotForgeThem() throws {
        let directory = try TempDirectory.make()
        let keyPath = directory.appendingPathComponent("signing.key").path
        let key = Array("0123456789abcdef0123456789abcdef-gateway".utf8)
        _ = FileManager.default.createFile(atPath: keyPath, contents: Data(key), attributes: [.posixPermissions: 0o600])
        let upstream = try FixtureUpstream.start(in: directory)
        defer { upstream.stop() }
        let server = try LiveServer.start(["--upstream", upstream.url, "--upstream-auth", "headers", "--upstream-signing-key-file", keyPath],
                                          directory: directory)
        let password = try #require(server.bootstrapPassword)
        let answer = try RawHTTP.request("GET", "/wp-json/wp/v2/posts?x=1", port: server.port, basic: ("admin", password),
                                         headers: [("X-Dualgate-User", "mallory"), ("X-Dualgate-Role", "administrator")])
        #expect(answer.status == 200)
        let received = try #require(upstream.received().last)
        #expect(received.header("Authorization") == nil)
        #expect(received.header("X-Dualgate-User") == "admin")
        #expect(received.header("X-Dualgate-User-Id") == "1")
        #expect(received.header("X-Dualgate-Role") == "administrator")
        #expect(received.header("X-Dualgate-API") == "rest")
        #expect(received.header("X-Dualgate-Permissions") == "read,write")
        #expect(received.headers.filter { $0.0.lowercased() == "x-dualgate-user" }.count == 1)
        let signature = try #require(received.header("X-Dualgate-Signature"))
        let parts = Dictionary(uniqueKeysWithValues: signature.split(separator: ",").map { part in
            let pair = part.split(separator: "=", maxSplits: 1)
            return (String(pair[0]), String(pair[1]))
        })
        let time = try #require(parts["t"].flatMap { Int($0) })
        #expect(abs(time - Int(Date().timeIntervalSince1970)) < 30)
        let signed = ["GET", "/wp-json/wp/v2/posts?x=1", String(time), "admin", "1", "administrator", "rest", "read,write"].joined(separator: "\n")
        #expect(parts["v1"] == HMACSHA256.hex(key: key, message: Array(signed.utf8)))
        // The signing key file must be private: an open one is refused at start.
        let openKey = directory.appendingPathComponent("open.key").path
        _ = FileManager.default.createFile(atPath: openKey, contents: Data(key), attributes: [.posixPermissions: 0o644])
        let refused = try CLIResult.run(["serve", "--port", "0", "--db", server.databasePath, "--upstream", upstream.url,
                                         "--upstream-auth", "headers", "--upstream-signing-key-file", openKey])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("chmod 600"))
    }
}
