import Foundation
import Testing

/// The product's promise, end to end: a password flagged for one protocol is worthless on the
/// other, and a revoked password stops working at once on both. Real server, real SQLite file,
/// CPython's xmlrpc.client for XML-RPC, curl for REST.
@Suite(.enabled(if: Tool.python3 != nil && Tool.curl != nil, "needs python3 and curl on PATH"), .timeLimit(.minutes(3)))
struct APITypeSplitTests {
    enum Answer: Equatable { case accepted, refused(String) }

    func viaXMLRPC(_ server: LiveServer, _ login: String, _ password: String) throws -> Answer {
        let outcome = try PythonXMLRPC.call(server.baseURL + "/xmlrpc.php", "wp.getUsersBlogs", [login, password])
        if let code = outcome.faultCode { return .refused("\(code) \(outcome.faultString ?? "")") }
        let blogs = try #require(outcome.result as? [[String: Any]], "unexpected answer \(outcome.raw)")
        #expect(blogs.first?["blogid"] as? String == "1")
        return .accepted
    }

    func viaREST(_ server: LiveServer, _ login: String, _ password: String) throws -> Answer {
        let run = try Tool.curl(["-u", "\(login):\(password)", "-w", "\n%{http_code}", server.baseURL + "/wp-json/wp/v2/users/me"])
        let lines = run.stdout.split(separator: "\n")
        let status = lines.last.map(String.init) ?? ""
        let body = (try? JSONSerialization.jsonObject(with: Data(lines.dropLast().joined(separator: "\n").utf8))) as? [String: Any] ?? [:]
        if status == "200" {
            #expect(body["slug"] as? String == login)
            return .accepted
        }
        return .refused("\(status) \(body["code"] as? String ?? "")")
    }

    @Test func xmlrpcOnlyPasswordWorksOnXMLRPCAndIsRefusedByREST() throws {
        let server = try LiveServer.start()
        let password = try server.createPassword(name: "legacy client", "--api", "xmlrpc").password
        #expect(try viaXMLRPC(server, "admin", password) == .accepted)
        #expect(try viaREST(server, "admin", password) == .refused("401 invalid_api_type"))
    }

    @Test func restOnlyPasswordWorksOnRESTAndIsRefusedByXMLRPC() throws {
        let server = try LiveServer.start()
        let password = try server.createPassword(name: "script", "--api", "rest").password
        #expect(try viaREST(server, "admin", password) == .accepted)
        let answer = try viaXMLRPC(server, "admin", password)
        guard case .refused(let fault) = answer else { Issue.record("XML-RPC accepted a REST-only password"); return }
        #expect(fault.hasPrefix("403 "))
        #expect(fault.contains("XML-RPC"), "the fault should say the password is not valid for XML-RPC: \(fault)")
    }

    @Test func passwordForBothWorksOnBoth() throws {
        let server = try LiveServer.start()
        let password = try server.createPassword(name: "both", "--api", "rest,xmlrpc").password
        #expect(try viaXMLRPC(server, "admin", password) == .accepted)
        #expect(try viaREST(server, "admin", password) == .accepted)
    }

    @Test func revokedPasswordStopsWorkingAtOnceOnBoth() throws {
        let server = try LiveServer.start()
        let created = try server.createPassword(name: "soon revoked")
        #expect(try viaXMLRPC(server, "admin", created.password) == .accepted)
        #expect(try viaREST(server, "admin", created.password) == .accepted)
        let revoke = try server.cli("app-password", "revoke", "admin", created.uuid)
        #expect(revoke.status == 0, "\(revoke.stderr)")
        #expect(try viaREST(server, "admin", created.password) == .refused("401 incorrect_password"))
        #expect(try viaXMLRPC(server, "admin", created.password) == .refused("403 Incorrect username or password."))
    }

    @Test func bootstrapPasswordPrintedOnFirstStartWorksOnBoth() throws {
        let server = try LiveServer.start()
        let password = try #require(server.bootstrapPassword, "serve printed no password: \(server.stdoutAtStart)")
        #expect(password.count == 29 && password.split(separator: " ").count == 6)
        #expect(try viaXMLRPC(server, "admin", password) == .accepted)
        #expect(try viaREST(server, "admin", password) == .accepted)
    }

    @Test func chunkedPasswordAndEmailLoginWork() throws {
        let server = try LiveServer.start()
        #expect(try server.cli("user", "add", "jane", "--email", "jane@example.com", "--role", "editor").status == 0)
        let password = try server.createPassword(login: "jane", name: "desktop").password
        #expect(password.contains(" "))
        let reply = try RawHTTP.request("GET", "/wp-json/wp/v2/users/me", port: server.port, basic: ("jane@example.com", password))
        #expect(reply.status == 200 && reply.json["slug"] as? String == "jane")
        let outcome = try PythonXMLRPC.call(server.baseURL + "/xmlrpc.php", "wp.getUsersBlogs", ["jane@example.com", password])
        #expect(outcome.faultCode == nil, "\(outcome.raw)")
        let raw = password.replacingOccurrences(of: " ", with: "")
        #expect(try RawHTTP.request("GET", "/wp-json/wp/v2/users/me", port: server.port, basic: ("jane", raw)).status == 200)
    }
}
