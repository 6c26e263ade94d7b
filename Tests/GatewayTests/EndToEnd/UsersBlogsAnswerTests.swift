import Foundation
import Testing

/// `wp.getUsersBlogs`'s answer is kept per event loop (`LoopMemo`): it must still follow the
/// caller's role and the site URL the client addressed, call after call on the same loop.
@Suite(.enabled(if: Tool.python3 != nil, "needs python3 on PATH"), .timeLimit(.minutes(2)))
struct UsersBlogsAnswerTests {
    static let script = """
        import http.client, json, sys, xmlrpc.client
        port, calls = int(sys.argv[1]), json.loads(sys.argv[2])
        connection = http.client.HTTPConnection("127.0.0.1", port)
        out = []
        for login, password, host in calls:
            body = xmlrpc.client.dumps((login, password), "wp.getUsersBlogs")
            connection.request("POST", "/xmlrpc.php", body, {"Host": host, "Content-Type": "text/xml"})
            (blogs,), _ = xmlrpc.client.loads(connection.getresponse().read())
            out.append(blogs[0])
        print(json.dumps({"out": out}))
        """

    @Test func theAnswerFollowsTheCallersRoleAndTheAddressedSiteOnOneLoop() throws {
        let server = try LiveServer.start(["--threads", "1"])
        let admin = try #require(server.bootstrapPassword)
        #expect(try server.cli("user", "add", "ed", "--role", "editor").status == 0)
        let editor = try server.createPassword(login: "ed", name: "desktop client").password
        let calls: [[String]] = [
            ["admin", admin, "a.example"], ["ed", editor, "a.example"], ["admin", admin, "a.example"],
            ["ed", editor, "b.example:8443"], ["admin", admin, "b.example:8443"], ["ed", editor, "a.example"],
        ]
        let json = String(decoding: try JSONSerialization.data(withJSONObject: calls), as: UTF8.self)
        let answer = try XMLRPCPython.run(Self.script, [String(server.port), json])
        let blogs = try #require(answer["out"] as? [[String: Any]])
        try #require(blogs.count == calls.count)
        for (call, blog) in zip(calls, blogs) {
            let site = "http://" + call[2]
            #expect(blog["isAdmin"] as? Bool == (call[0] == "admin"), "\(call[0]) on \(call[2]): \(blog)")
            #expect(blog["url"] as? String == site + "/", "\(call[0]) on \(call[2]): \(blog)")
            #expect(blog["xmlrpc"] as? String == site + "/xmlrpc.php", "\(call[0]) on \(call[2]): \(blog)")
            #expect(blog["blogid"] as? String == "1")
            #expect(blog["blogName"] as? String == "dualgate")
        }
        #expect(blogs[0].count == 5, "isAdmin, url, blogid, blogName, xmlrpc and nothing else")
    }
}
