import Foundation
import Testing

/// Issue 11 item 7 through the real binary: a password minted or changed by a password that
/// expires, or that is limited to `allowed_networks`, inherits at most those limits, on REST and
/// XML-RPC; asking for more is refused as widening an API type is.
@Suite(.enabled(if: Tool.python3 != nil, "needs python3 on PATH"), .timeLimit(.minutes(3)))
struct MintingLimitsWireTests {
    private let collection = "/wp-json/wp/v2/users/me/application-passwords"

    private func post(_ server: LiveServer, _ password: String, _ body: String, path: String? = nil, method: String = "POST") throws -> RawClient.Response {
        try RawHTTP.request(method, path ?? collection, port: server.port, basic: ("admin", password),
                            headers: [("Content-Type", "application/json")], body: body)
    }

    /// The maker: expires in 30 days, usable from loopback only.
    private func limitedMaker(_ server: LiveServer) throws -> (uuid: String, password: String, expires: String) {
        let maker = try server.createPassword(name: "limited", "--expires", "30d", "--allow-network", "127.0.0.0/8")
        let item = try #require(try server.cliList().first { $0["uuid"] as? String == maker.uuid })
        return (maker.uuid, maker.password, try #require(item["expires"] as? String))
    }

    @Test func aRESTMintedPasswordInheritsItsMakersLimitsAndCannotAskForMore() throws {
        let server = try LiveServer.start()
        defer { server.stop() }
        let maker = try limitedMaker(server)
        // Absent limits are the maker's.
        let child = try post(server, maker.password, #"{"name":"child"}"#)
        #expect(child.status == 201, "\(child.text)")
        #expect(child.json["expires"] as? String == maker.expires)
        #expect(child.json["allowed_networks"] as? [String] == ["127.0.0.0/8"])
        // More than the maker's: never expiring, later, anywhere, a wider network.
        for body in [#"{"name":"c","expires":""}"#, #"{"name":"c","expires":"2099-01-01T00:00:00"}"#,
                     #"{"name":"c","allowed_networks":[]}"#, #"{"name":"c","allowed_networks":["0.0.0.0/0"]}"#,
                     #"{"name":"c","allowed_networks":["127.0.0.0/8","10.0.0.0/8"]}"#] {
            let refused = try post(server, maker.password, body)
            #expect(refused.status == 403 && refused.json["code"] as? String == "rest_cannot_create_application_passwords", "\(body): \(refused.text)")
        }
        // Less is fine.
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withDashSeparatorInDate]
        let sooner = formatter.string(from: Date().addingTimeInterval(10 * 86_400))
        let narrower = try post(server, maker.password, #"{"name":"n","allowed_networks":["127.0.0.1"],"expires":"\#(sooner)"}"#)
        #expect(narrower.status == 201, "\(narrower.text)")
        #expect(narrower.json["expires"] as? String == sooner && narrower.json["allowed_networks"] as? [String] == ["127.0.0.1/32"])
        // Update: the same limits.
        let uuid = try #require(child.json["uuid"] as? String)
        for body in [#"{"expires":""}"#, #"{"allowed_networks":["10.0.0.0/8"]}"#, #"{"allowed_networks":[]}"#] {
            let refused = try post(server, maker.password, body, path: "\(collection)/\(uuid)")
            #expect(refused.status == 403 && refused.json["code"] as? String == "rest_cannot_edit_application_password", "\(body): \(refused.text)")
        }
        #expect(try post(server, maker.password, #"{"name":"renamed"}"#, path: "\(collection)/\(uuid)").status == 200)
    }

    @Test func anXMLRPCMintedPasswordInheritsItsMakersLimits() throws {
        let server = try LiveServer.start()
        defer { server.stop() }
        let maker = try limitedMaker(server)
        let created = try PythonXMLRPC.call(server.baseURL + "/xmlrpc.php", "dualgate.createApplicationPassword",
                                            ["admin", maker.password, ["name": "xml child"]])
        #expect(created.faultCode == nil, "\(created)")
        let item = try #require(try server.cliList().first { $0["name"] as? String == "xml child" })
        #expect(item["expires"] as? String == maker.expires)
        #expect(item["allowed_networks"] as? [String] == ["127.0.0.0/8"])
    }

    @Test func administratorsThroughTheCLIAreNotLimited() throws {
        let server = try LiveServer.start()
        defer { server.stop() }
        _ = try limitedMaker(server)
        let free = try server.createPassword(name: "free")
        let item = try #require(try server.cliList().first { $0["uuid"] as? String == free.uuid })
        #expect(item["expires"] is NSNull || item["expires"] == nil)
        #expect((item["allowed_networks"] as? [String])?.isEmpty == true)
    }
}
