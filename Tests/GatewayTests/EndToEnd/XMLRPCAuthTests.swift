import Foundation
import Testing

/// WordPress-style authentication over XML-RPC with CPython's client (issue 4 items 4 and 5): the
/// amplification defence, read-only and API-type refusals, and the no-escalation rule.
@Suite(.enabled(if: Tool.python3 != nil, "needs python3 on PATH"), .timeLimit(.minutes(3)))
struct XMLRPCAuthTests {
    static let amplification = """
        import json, sys, time, xmlrpc.client
        url, login, right = sys.argv[1:4]
        proxy = xmlrpc.client.ServerProxy(url)
        batch = xmlrpc.client.MultiCall(proxy)
        for guess in range(1000):
            batch.wp.getUsersBlogs(login, "wrong guess %04d" % guess)
        batch.wp.getUsersBlogs(login, right)
        started = time.monotonic()
        results = batch()
        elapsed = time.monotonic() - started
        codes, messages = [], set()
        for index in range(1001):
            try:
                results[index]
                codes.append(0)
            except xmlrpc.client.Fault as fault:
                codes.append(fault.faultCode)
                messages.add(fault.faultString)
        # Right first: it succeeds, then one failure closes the gate for the rest of the request.
        mixed = xmlrpc.client.MultiCall(proxy)
        mixed.wp.getUsersBlogs(login, right)
        mixed.wp.getUsersBlogs(login, "wrong")
        mixed.wp.getUsersBlogs(login, right)
        mixed_codes = []
        for result in [mixed()]:
            for index in range(3):
                try:
                    result[index]
                    mixed_codes.append(0)
                except xmlrpc.client.Fault as fault:
                    mixed_codes.append(fault.faultCode)
        after = proxy.wp.getUsersBlogs(login, right)[0]["blogid"]
        print(json.dumps({"elapsed": elapsed, "codes": codes, "messages": sorted(messages), "mixed": mixed_codes, "after": after}))
        """

    @Test func multicallOfAThousandGuessesCostsOneCheckAndTheRightPasswordFailsToo() throws {
        let server = try LiveServer.start()
        let password = try #require(server.bootstrapPassword)
        let answer = try XMLRPCPython.run(Self.amplification, [server.baseURL + "/xmlrpc.php", "admin", password])
        let codes = try #require(answer["codes"] as? [Int])
        #expect(codes.count == 1001)
        #expect(codes.allSatisfy { $0 == 403 }, "every entry faults, the right password last included")
        #expect(codes.last == 403)
        #expect(answer["messages"] as? [String] == ["Incorrect username or password."], "no entry may tell which guess was checked")
        let elapsed = try #require(answer["elapsed"] as? Double)
        #expect(elapsed < 1.0, "1 001 logins in one request took \(elapsed) s: they were checked")
        #expect(answer["mixed"] as? [Int] == [0, 403, 403])
        #expect(answer["after"] as? String == "1", "the gate belongs to one request, not the connection or the user")
    }

    static let calls = """
        import json, sys, xmlrpc.client
        url, calls = sys.argv[1], json.loads(sys.argv[2])
        headers = [("Authorization", sys.argv[3])] if len(sys.argv) > 3 else []
        proxy = xmlrpc.client.ServerProxy(url, headers=headers, allow_none=True)
        out = []
        for method, args in calls:
            try:
                out.append({"value": getattr(proxy, method)(*args)})
            except xmlrpc.client.Fault as fault:
                out.append({"fault": fault.faultCode, "message": fault.faultString})
        print(json.dumps({"out": out}, default=str))
        """

    /// Runs the calls in order through one `ServerProxy`; each answer is {value} or {fault, message}.
    func call(_ server: LiveServer, _ calls: [(String, [Any])], basic: (String, String)? = nil) throws -> [[String: Any]] {
        let list = calls.map { [$0.0, $0.1] as [Any] }
        let json = String(decoding: try JSONSerialization.data(withJSONObject: list), as: UTF8.self)
        var arguments = [server.baseURL + "/xmlrpc.php", json]
        if let (login, password) = basic { arguments.append("Basic " + Data("\(login):\(password)".utf8).base64EncodedString()) }
        let answer = try XMLRPCPython.run(Self.calls, arguments)
        return try #require(answer["out"] as? [[String: Any]])
    }

    func passwordCount(_ server: LiveServer) throws -> Int {
        let list = try server.cli("app-password", "list", "admin", "--json")
        return try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]]).count
    }

    @Test func readOnlyXMLRPCPasswordReadsButEveryWritingMethodIs401AndChangesNothing() throws {
        let server = try LiveServer.start()
        let reader = try server.createPassword(name: "reader", "--read-only=xmlrpc")
        let before = try passwordCount(server)
        let out = try call(server, [
            ("wp.getUsersBlogs", ["admin", reader.password]),
            ("dualgate.listApplicationPasswords", ["admin", reader.password]),
            ("dualgate.createApplicationPassword", ["admin", reader.password, ["name": "sneaky"]]),
            ("dualgate.revokeApplicationPassword", ["admin", reader.password, reader.uuid]),
            ("wp.getProfile", [1, "admin", reader.password]),
        ])
        #expect(out[0]["value"] != nil && out[1]["value"] != nil && out[4]["value"] != nil, "\(out)")
        #expect(out[2]["fault"] as? Int == 401 && out[3]["fault"] as? Int == 401, "\(out)")
        #expect((out[2]["message"] as? String)?.contains("read-only") == true)
        #expect(try passwordCount(server) == before, "nothing may have been created or revoked")
        // The same password still works afterwards: a refusal is not a failed login.
        #expect(try call(server, [("wp.getUsersBlogs", ["admin", reader.password])])[0]["value"] != nil)
    }

    @Test func restOnlyPasswordIsRefusedOnEveryCredentialPathWhileAnXMLRPCPasswordIsLetIn() throws {
        let server = try LiveServer.start()
        let rest = try server.createPassword(name: "rest only", "--api", "rest").password
        let xmlrpc = try server.createPassword(name: "xml-rpc only", "--api", "xmlrpc").password
        let refused = try call(server, [
            ("wp.getUsersBlogs", ["admin", rest]),
            ("blogger.getUsersBlogs", ["", "admin", rest]),
            ("wp.getProfile", [1, "admin", rest]),
            ("dualgate.listApplicationPasswords", ["admin", rest]),
        ])
        for answer in refused {
            #expect(answer["fault"] as? Int == 403, "\(answer)")
            #expect((answer["message"] as? String)?.contains("XML-RPC") == true || answer["message"] as? String == "Incorrect username or password.", "\(answer)")
        }
        #expect(refused[0]["message"] as? String == "This application password is not allowed to be used with XML-RPC.")
        // Empty credential params fall back to HTTP Basic (contract: Authentication).
        #expect(try call(server, [("wp.getUsersBlogs", ["", ""])], basic: ("admin", rest))[0]["fault"] as? Int == 403)
        let viaBasic = try call(server, [("wp.getUsersBlogs", ["", ""]), ("dualgate.listApplicationPasswords", ["", ""])], basic: ("admin", xmlrpc))
        #expect(viaBasic.allSatisfy { $0["value"] != nil }, "\(viaBasic)")
        // Params win over Basic, as WordPress reads only the params.
        #expect(try call(server, [("wp.getUsersBlogs", ["admin", rest])], basic: ("admin", xmlrpc))[0]["fault"] as? Int == 403)
        let tooFew = try call(server, [("wp.getUsersBlogs", ["admin"]), ("wp.getProfile", [1, "admin"]), ("dualgate.revokeApplicationPassword", ["admin", xmlrpc])])
        for answer in tooFew {
            #expect(answer["fault"] as? Int == 400 && answer["message"] as? String == "Insufficient arguments passed to this XML-RPC method.", "\(answer)")
        }
    }

    @Test func aPasswordCannotMintOneWithMoreRightsThanItself() throws {
        let server = try LiveServer.start()
        let xmlrpcOnly = try server.createPassword(name: "desktop client", "--api", "xmlrpc").password
        let restReader = try server.createPassword(name: "both, REST read-only", "--read-only=rest").password
        let before = try passwordCount(server)
        let refused = try call(server, [
            ("dualgate.createApplicationPassword", ["admin", xmlrpcOnly, ["name": "to REST", "enabled_for": ["rest-api"]]]),
            ("dualgate.createApplicationPassword", ["admin", xmlrpcOnly, ["name": "to both", "enabled_for": ["xml-rpc", "rest-api"]]]),
            ("dualgate.createApplicationPassword", ["admin", restReader, ["name": "REST writer", "rest_api_permissions": "write"]]),
        ])
        for answer in refused { #expect(answer["fault"] as? Int == 401, "\(answer)") }
        #expect(try passwordCount(server) == before)

        let allowed = try call(server, [
            ("dualgate.createApplicationPassword", ["admin", xmlrpcOnly, ["name": "inherits"]]),
            ("dualgate.createApplicationPassword", ["admin", restReader, ["name": "narrower", "enabled_for": ["xml-rpc"], "xml_rpc_permissions": "read"]]),
            ("dualgate.createApplicationPassword", ["admin", restReader, ["name": "same rights"]]),
        ])
        let inherited = try #require(allowed[0]["value"] as? [String: Any], "\(allowed)")
        #expect(inherited["enabled_for"] as? [String] == ["xml-rpc"])
        #expect(inherited["rest_api_permissions"] as? String == "write" && inherited["xml_rpc_permissions"] as? String == "write")
        let narrower = try #require(allowed[1]["value"] as? [String: Any], "\(allowed)")
        #expect(narrower["enabled_for"] as? [String] == ["xml-rpc"] && narrower["xml_rpc_permissions"] as? String == "read")
        let same = try #require(allowed[2]["value"] as? [String: Any], "\(allowed)")
        #expect(same["rest_api_permissions"] as? String == "read" && same["xml_rpc_permissions"] as? String == "write")
        #expect(Set(same["enabled_for"] as? [String] ?? []) == ["rest-api", "xml-rpc"])
        #expect(try passwordCount(server) == before + 3)

        // The minted password works for what it was given and nothing more, and can be revoked.
        let minted = try #require(inherited["password"] as? String)
        let uuid = try #require(inherited["uuid"] as? String)
        #expect(try call(server, [("wp.getUsersBlogs", ["admin", minted])])[0]["value"] != nil)
        #expect(try RawHTTP.request("GET", "/wp-json/wp/v2/users/me", port: server.port, basic: ("admin", minted)).json["code"] as? String == "invalid_api_type")
        let revoked = try call(server, [
            ("dualgate.revokeApplicationPassword", ["admin", xmlrpcOnly, uuid]),
            ("dualgate.revokeApplicationPassword", ["admin", xmlrpcOnly, uuid]),
        ])
        #expect(revoked[0]["value"] as? Bool == true)
        #expect(revoked[1]["fault"] as? Int == 404)
        #expect(try call(server, [("wp.getUsersBlogs", ["admin", minted])])[0]["fault"] as? Int == 403)
    }

    @Test func crossProtocolIssuingLetsAnXMLRPCClientMigrateItsUserToARESTPassword() throws {
        let server = try LiveServer.start()
        let xmlrpcOnly = try server.createPassword(name: "desktop client", "--api", "xmlrpc").password
        let migrate: (String, [Any]) = ("dualgate.createApplicationPassword", ["admin", xmlrpcOnly, ["name": "REST successor", "enabled_for": ["rest-api"]]])
        #expect(try call(server, [migrate])[0]["fault"] as? Int == 401)
        let set = try server.cli("settings", "set", "cross_protocol_issuing", "true")
        #expect(set.status == 0, "\(set.stderr)")
        // The running server applies the setting from the next request.
        let created = try #require(try call(server, [migrate])[0]["value"] as? [String: Any])
        #expect(created["enabled_for"] as? [String] == ["rest-api"])
        let successor = try #require(created["password"] as? String)
        #expect(try RawHTTP.request("GET", "/wp-json/wp/v2/users/me", port: server.port, basic: ("admin", successor)).status == 200)
        #expect(try call(server, [("wp.getUsersBlogs", ["admin", successor])])[0]["fault"] as? Int == 403, "REST-only: refused by XML-RPC")
        #expect(try server.cli("settings", "set", "cross_protocol_issuing", "false").status == 0)
        #expect(try call(server, [migrate])[0]["fault"] as? Int == 401)
    }
}
