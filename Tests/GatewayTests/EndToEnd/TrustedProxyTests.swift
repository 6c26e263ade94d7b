import Foundation
import Testing

/// Issue 14 items 3 and 4 through the real binary: `--trusted-proxy` (whose forwarding headers
/// name the client and its scheme; anyone else's are ignored), the client address that lockouts,
/// `allowed_networks` and `last_ip` then see, and `require_https` with `hsts_max_age`.
@Suite(.timeLimit(.minutes(3)))
struct TrustedProxyTests {
    private func me(_ server: LiveServer, _ login: String, _ password: String, _ headers: [(String, String)]) throws -> RawClient.Response {
        try RawHTTP.request("GET", "/wp-json/wp/v2/users/me", port: server.port, basic: (login, password), headers: headers)
    }

    private func usersBlogs(_ server: LiveServer, _ login: String, _ password: String, _ headers: [(String, String)]) throws -> String {
        let call = """
            <?xml version="1.0"?><methodCall><methodName>wp.getUsersBlogs</methodName><params>\
            <param><value><string>\(login)</string></value></param><param><value><string>\(password)</string></value></param>\
            </params></methodCall>
            """
        return try RawHTTP.request("POST", "/xmlrpc.php", port: server.port, headers: headers + [("Content-Type", "text/xml")], body: call).text
    }

    /// `last_ip` once the server's background usage writer has stored it (or what it holds after 10 s).
    private func lastIP(_ server: LiveServer, _ uuid: String, expecting expected: String) throws -> String? {
        let deadline = Date().addingTimeInterval(10)
        while true {
            let found = try server.cliList().first { $0["uuid"] as? String == uuid }?["last_ip"] as? String
            if found == expected || Date() > deadline { return found }
            usleep(50_000)
        }
    }

    @Test func aSpoofedForwardedForFromAnUntrustedPeerIsIgnored() throws {
        let server = try LiveServer.start(["--trusted-proxy", "192.0.2.1/32"])      // not us
        defer { server.stop() }
        let admin = try #require(server.bootstrapPassword)
        #expect(try server.cli("settings", "set", "lockout_address_failures", "2").status == 0)
        for spoof in ["203.0.113.7", "203.0.113.8"] {
            #expect(try me(server, "admin", "wrong", [("X-Forwarded-For", spoof), ("X-Forwarded-Proto", "https")]).status == 401)
        }
        // The failures counted against the real peer: it is locked, whatever it claims to be.
        let locked = try me(server, "admin", admin, [("X-Forwarded-For", "198.51.100.99")])
        #expect(locked.status == 429, "\(locked.text)")
        #expect(locked.header("Strict-Transport-Security") == nil, "a claimed https from an untrusted peer is not believed")
    }

    @Test func aTrustedProxyNamesTheClientForLockoutsNetworksAndUsage() throws {
        let server = try LiveServer.start(["--trusted-proxy", "127.0.0.1/32", "--trusted-proxy", "10.0.0.0/8"])
        defer { server.stop() }
        let admin = try #require(server.bootstrapPassword)
        #expect(try server.cli("settings", "set", "lockout_address_failures", "2").status == 0)
        let https = ("X-Forwarded-Proto", "https")
        // Right-most entry that is not a trusted proxy (10.1.2.3 is one): 203.0.113.7.
        for _ in 0..<2 {
            #expect(try me(server, "admin", "wrong", [("X-Forwarded-For", "198.51.100.1, 203.0.113.7, 10.1.2.3"), https]).status == 401)
        }
        #expect(try me(server, "admin", admin, [("X-Forwarded-For", "203.0.113.7"), https]).status == 429, "the client is locked")
        let other = try me(server, "admin", admin, [("X-Forwarded-For", "203.0.113.8"), https])
        #expect(other.status == 200, "not the proxy, nor every client behind it: \(other.text)")
        #expect(other.header("Strict-Transport-Security") == "max-age=31536000")
        // allowed_networks and last_ip see the client, in either header's spelling.
        let limited = try server.createPassword(name: "office", "--allow-network", "2001:db8::/32")
        #expect(try me(server, "admin", limited.password, [("Forwarded", #"for="[2001:db8::5]:4711";proto=https"#)]).status == 200)
        #expect(try lastIP(server, limited.uuid, expecting: "2001:db8::5") == "2001:db8::5")
        let outside = try me(server, "admin", limited.password, [("X-Forwarded-For", "192.0.2.50"), https])
        #expect(outside.json["code"] as? String == "application_password_network_denied", "\(outside.text)")
    }

    @Test func credentialsOverPlainHTTPFromAwayAreRefusedBeforeTheyAreChecked() throws {
        let directory = try TempDirectory.make()
        let auditPath = directory.appendingPathComponent("trail.jsonl").path
        let server = try LiveServer.start(["--trusted-proxy", "127.0.0.1/32", "--audit-log", auditPath], directory: directory)
        defer { server.stop() }
        let admin = try #require(server.bootstrapPassword)
        let plain = [("X-Forwarded-For", "203.0.113.9"), ("X-Forwarded-Proto", "http")]
        let refused = try me(server, "admin", admin, plain)
        #expect(refused.status == 401 && refused.json["code"] as? String == "application_passwords_https_required", "\(refused.text)")
        let fault = try usersBlogs(server, "admin", admin, plain)
        #expect(fault.contains("<int>403</int>") && fault.contains("Application passwords require HTTPS."), "\(fault)")
        // Not a guess: it does not count (a lockout threshold of 1 would otherwise have locked the client).
        #expect(try server.cli("settings", "set", "lockout_address_failures", "1").status == 0)
        #expect(try me(server, "admin", admin, plain).json["code"] as? String == "application_passwords_https_required")
        #expect(try me(server, "admin", admin, [("X-Forwarded-For", "203.0.113.9"), ("X-Forwarded-Proto", "https")]).status == 200)
        // Loopback stays allowed, and gets no HSTS over plain HTTP.
        let local = try me(server, "admin", admin, [])
        #expect(local.status == 200 && local.header("Strict-Transport-Security") == nil)
        // The switches.
        #expect(try server.cli("settings", "set", "require_https", "false").status == 0)
        #expect(try me(server, "admin", admin, plain).status == 200)
        #expect(try server.cli("settings", "set", "hsts_max_age", "0").status == 0)
        #expect(try me(server, "admin", admin, [("X-Forwarded-For", "203.0.113.9"), ("X-Forwarded-Proto", "https")])
                    .header("Strict-Transport-Security") == nil)
        // The audit trail has the refusal with the login, never the password.
        var text = ""
        for _ in 0..<100 {
            text = (try? String(contentsOfFile: auditPath, encoding: .utf8)) ?? ""
            if text.contains("insecure_transport") { break }
            usleep(10_000)                                              // the writer fsyncs in batches; bounded to a second
        }
        let event = text.split(separator: "\n").first { $0.contains("insecure_transport") }.map(String.init) ?? ""
        #expect(event.contains(#""login":"admin""#) && event.contains(#""address":"203.0.113.9""#), "\(event)")
        #expect(!text.contains(admin.replacingOccurrences(of: " ", with: "")) && !text.contains(admin))
    }

    @Test func aBadTrustedProxyIsAUsageError() throws {
        let result = try CLIResult.run(["serve", "--port", "0", "--trusted-proxy", "not-a-network", "--db", "/nonexistent/x.sqlite"])
        #expect(result.status == 2 && result.stderr.contains("--trusted-proxy"), "\(result.stderr)")
    }
}
