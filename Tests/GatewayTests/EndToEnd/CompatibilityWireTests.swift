import Foundation
import Testing

/// Issue 11 items 4 and 5b over real sockets, without WordPress: the -32600 for a document whose
/// root is not `methodCall`, no CORS on XML-RPC, CORS on REST, and `cors_allowed_origins` in the CLI.
@Suite(.timeLimit(.minutes(3)))
struct CompatibilityWireTests {
    @Test("<foo/> is fault -32600 with IXR's string")
    func unknownRootIsNotAMethodCall() throws {
        let server = try LiveServer.start()
        defer { server.stop() }
        let answer = try XMLRPCWire.post(server.port, "<?xml version=\"1.0\"?><foo/>")
        #expect(XMLRPCWire.faultCode(answer) == -32600)
        #expect(answer.text.contains("server error. invalid xml-rpc. not conforming to spec. Request must be a methodCall</string>"))
    }

    @Test("REST answers a browser origin; XML-RPC sends no CORS header")
    func corsOnRESTOnly() throws {
        let site = try RESTSite()
        let rest = try site.send("GET", "/wp/v2/users/me", as: site.admin, headers: [("Origin", "https://app.example")])
        #expect(rest.header("Access-Control-Allow-Origin") == "https://app.example")
        #expect(rest.header("Access-Control-Allow-Credentials") == "true" && rest.header("Vary") == "Origin")
        let xmlrpc = try XMLRPCWire.post(site.port, XMLRPCWire.call("demo.sayHello"), headers: [("Origin", "https://app.example")])
        #expect(XMLRPCWire.isSuccess(xmlrpc))
        #expect(!xmlrpc.headers.contains { $0.0.lowercased().hasPrefix("access-control-") })
    }

    @Test("settings set cors_allowed_origins validates, and the server applies it live")
    func corsSetting() throws {
        let site = try RESTSite()
        let bad = try site.server.cli("settings", "set", "cors_allowed_origins", "https://app.example/")
        #expect(bad.status == 2 && bad.stderr.contains("scheme://host[:port]"))
        let good = try site.server.cli("settings", "set", "cors_allowed_origins", "https://app.example, http://localhost:3000")
        #expect(good.status == 0 && good.stdout.contains("cors_allowed_origins = https://app.example,http://localhost:3000"))
        #expect(try site.server.cli("settings", "get", "cors_allowed_origins", "--json").stdout.contains(#""https:\/\/app.example,http:\/\/localhost:3000""#))   // WordPress-style JSON escapes "/"
        let other = try site.send("GET", "/wp/v2/users/me", as: site.admin, headers: [("Origin", "https://evil.example")])
        #expect(other.header("Access-Control-Allow-Origin") == nil && other.header("Vary") == "Origin")
        #expect(try site.server.cli("settings", "set", "cors_allowed_origins", "").status == 0)
        let off = try site.send("GET", "/wp/v2/users/me", as: site.admin, headers: [("Origin", "https://app.example")])
        #expect(off.header("Access-Control-Allow-Origin") == nil && off.header("Vary") == nil)
    }
}
