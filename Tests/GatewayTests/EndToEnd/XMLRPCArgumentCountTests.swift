import Foundation
import Testing

/// Issue 11 item 3: as in WordPress (`minimum_args` runs before `login`), a method with
/// credential params called with too few params answers fault 400 "Insufficient arguments…"
/// whatever its credentials are, and the short call is not a failed login.
@Suite(.enabled(if: Tool.python3 != nil, "needs python3 on PATH"), .timeLimit(.minutes(3)))
struct XMLRPCArgumentCountTests {
    /// Each method with credential params, called one param short, with credentials that would fail.
    static var shortCalls: [(String, [Any])] { [
        ("wp.getUsersBlogs", ["nobody"]),
        ("blogger.getUsersBlogs", ["appkey", "nobody"]),
        ("wp.getProfile", [1, "nobody"]),
        ("dualgate.listApplicationPasswords", ["nobody"]),
        ("dualgate.createApplicationPassword", ["nobody", "pw"]),
        ("dualgate.revokeApplicationPassword", ["nobody", "pw"]),
    ] }

    @Test func tooFewArgumentsAnswer400BeforeTheCredentialsAreChecked() throws {
        let server = try LiveServer.start()
        defer { server.stop() }
        let admin = try #require(server.bootstrapPassword)
        // A single counted failure would lock the account (and the address).
        #expect(try server.cli("settings", "set", "lockout_login_failures", "1").status == 0)
        #expect(try server.cli("settings", "set", "lockout_address_failures", "1").status == 0)
        for (method, params) in Self.shortCalls + [("dualgate.createApplicationPassword", ["admin", admin]),
                                                    ("dualgate.revokeApplicationPassword", ["admin", "wrong"])] {
            let answer = try PythonXMLRPC.call(server.baseURL + "/xmlrpc.php", method, params)
            #expect(answer.faultCode == 400, "\(method): \(answer)")
            #expect(answer.faultString == "Insufficient arguments passed to this XML-RPC method.", "\(method): \(answer)")
        }
        // No short call counted as a failed login: the right password still works.
        #expect(try PythonXMLRPC.call(server.baseURL + "/xmlrpc.php", "wp.getUsersBlogs", ["admin", admin]).faultCode == nil)
    }
}
