import Foundation
import Testing

/// The real `python-wordpress-xmlrpc` 2.3 from PyPI (issue 4 "Done means"): it connects
/// (`mt.supportedMethods`), logs in with an XML-RPC-only password and reads the profile.
@Suite(.enabled(if: Tool.python3 != nil, "needs python3 on PATH"), .timeLimit(.minutes(3)))
struct XMLRPCWordPressClientTests {
    static let script = """
        import collections, collections.abc, json, sys
        # python-wordpress-xmlrpc 2.3 still uses collections.Iterable, removed in Python 3.10.
        if not hasattr(collections, "Iterable"):
            collections.Iterable = collections.abc.Iterable
        sys.path.insert(0, sys.argv[1])
        from wordpress_xmlrpc import Client
        from wordpress_xmlrpc.exceptions import InvalidCredentialsError
        from wordpress_xmlrpc.methods.users import GetProfile, GetUsersBlogs
        url, login, password, rest_only = sys.argv[2:6]
        client = Client(url, login, password)
        profile = client.call(GetProfile())
        blogs = client.call(GetUsersBlogs())
        refusals = []
        for wrong in (password[:-1] + ("x" if password[-1] != "x" else "y"), rest_only):
            try:
                Client(url, login, wrong).call(GetProfile())
                refusals.append("accepted")
            except InvalidCredentialsError as error:
                refusals.append(str(error))
        print(json.dumps({
            "supported": client.supported_methods, "id": profile.id, "username": profile.username, "roles": profile.roles,
            "display_name": profile.display_name, "registered_year": profile.registered.year,
            "blog": {"id": blogs[0].id, "name": blogs[0].name, "xmlrpc": blogs[0].xmlrpc, "is_admin": blogs[0].is_admin},
            "refusals": refusals,
        }))
        """

    @Test func logsInWithAnXMLRPCPasswordAndReadsTheProfile() throws {
        let packages = try PyPI.installedOrSkip("python-wordpress-xmlrpc==2.3", probe: "wordpress_xmlrpc/base.py",
                                                for: "XMLRPCWordPressClientTests")
        let server = try LiveServer.start()
        let password = try server.createPassword(name: "desktop blogging client", "--api", "xmlrpc").password
        let restOnly = try server.createPassword(name: "REST script", "--api", "rest").password
        let answer = try XMLRPCPython.run(Self.script, [packages.path, server.baseURL + "/xmlrpc.php", "admin", password, restOnly])
        let supported = try #require(answer["supported"] as? [String])
        #expect(supported.contains("wp.getProfile") && supported.contains("mt.supportedMethods"))
        #expect(answer["id"] as? String == "1")
        #expect(answer["username"] as? String == "admin")
        #expect(answer["roles"] as? [String] == ["administrator"])
        #expect(answer["display_name"] as? String == "admin")
        #expect((answer["registered_year"] as? Int ?? 0) >= 2024, "registered must parse as a dateTime")
        let blog = try #require(answer["blog"] as? [String: Any])
        #expect(blog["id"] as? String == "1" && blog["name"] as? String == "dualgate" && blog["is_admin"] as? Bool == true)
        #expect(blog["xmlrpc"] as? String == server.baseURL + "/xmlrpc.php")
        #expect(answer["refusals"] as? [String] == ["Incorrect username or password.",
                                                    "This application password is not allowed to be used with XML-RPC."])
    }
}
