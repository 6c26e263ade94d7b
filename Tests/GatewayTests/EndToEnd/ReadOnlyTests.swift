import Foundation
import Testing

/// A read-only REST password may read and nothing else, whatever method it dresses the request in.
@Suite(.timeLimit(.minutes(3)))
struct ReadOnlyTests {
    @Test func readOnlyRESTPasswordCannotWriteEvenWithMethodOverride() throws {
        let server = try LiveServer.start()
        let readOnly = try server.createPassword(name: "reader", "--read-only=rest").password
        let route = "/wp-json/wp/v2/users/me/application-passwords"
        #expect(try RawHTTP.request("GET", route, port: server.port, basic: ("admin", readOnly)).status == 200)
        let attempts: [(String, String, [(String, String)])] = [
            ("POST", route, [("Content-Type", "application/json")]),
            ("GET", route + "?_method=DELETE", []),
            ("GET", route, [("X-HTTP-Method-Override", "DELETE")]),
        ]
        for (method, target, headers) in attempts {
            let reply = try RawHTTP.request(method, target, port: server.port, basic: ("admin", readOnly), headers: headers,
                                            body: method == "POST" ? #"{"name":"escalated"}"# : "")
            #expect(reply.status == 403, "\(method) \(target) \(headers)")
            #expect(reply.json["code"] as? String == "unsupported_http_method")
        }
        let list = try server.cli("app-password", "list", "admin", "--json")
        let items = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]]
        #expect(items?.count == 2, "nothing may have been created or deleted")
    }

    @Test func writablePasswordCreatesOverRESTAndTheNewPasswordWorks() throws {
        let server = try LiveServer.start()
        let admin = try #require(server.bootstrapPassword)
        let reply = try RawHTTP.request("POST", "/wp-json/wp/v2/users/me/application-passwords", port: server.port, basic: ("admin", admin),
                                        headers: [("Content-Type", "application/json")], body: #"{"name":"made over REST"}"#)
        #expect(reply.status == 201)
        #expect(reply.header("Location")?.contains("/wp-json/wp/v2/users/1/application-passwords/") == true)
        let password = try #require(reply.json["password"] as? String)
        #expect(try RawHTTP.request("GET", "/wp-json/wp/v2/users/me", port: server.port, basic: ("admin", password)).status == 200)
        let listed = try RawHTTP.request("GET", "/wp-json/wp/v2/users/me/application-passwords", port: server.port, basic: ("admin", admin))
        #expect(!listed.text.contains(password) && !listed.text.contains(password.replacingOccurrences(of: " ", with: "")))
    }

    @Test func badBasicCredentialsAreRefusedBeforeRoutingEvenOnTheIndex() throws {
        let server = try LiveServer.start()
        let reply = try RawHTTP.request("GET", "/wp-json/", port: server.port, basic: ("admin", "wrong wrong wrong"))
        #expect(reply.status == 401 && reply.json["code"] as? String == "incorrect_password")
        let unknown = try RawHTTP.request("GET", "/wp-json/", port: server.port, basic: ("ghost", "x"))
        #expect(unknown.json["code"] as? String == "invalid_username")
        let unknownEmail = try RawHTTP.request("GET", "/wp-json/", port: server.port, basic: ("ghost@example.com", "x"))
        #expect(unknownEmail.json["code"] as? String == "invalid_email")
        let index = try RawHTTP.request("GET", "/wp-json/", port: server.port)
        #expect(index.status == 200)
        let authentication = index.json["authentication"] as? [String: Any]
        #expect((authentication?["application-passwords"] as? [String: Any])?["endpoints"] != nil)
    }
}
