import Foundation
import Testing

/// The pages over the wire (issue 16 items 2, 3 and 5), with a real `serve` and raw HTTP: cookies,
/// headers, form tokens, escaping, the HTTPS rule. The browser tests (`BrowserTests`) drive the
/// same pages through Chromium.
@Suite(.timeLimit(.minutes(3)))
struct WebPageWireTests {
    private func signedIn(_ server: LiveServer) throws -> WebClient {
        try server.setAccountPassword("admin", "correct horse battery")
        let client = WebClient(port: server.port)
        let reply = try client.signIn("admin", "correct horse battery")
        #expect(reply.status == 303 && reply.header("Location") == "/wp-admin/profile.php")
        return client
    }

    @Test func signInSetsAStrictSessionCookieAndEveryPageCarriesTheSecurityHeaders() throws {
        let server = try LiveServer.start()
        defer { _ = server.stop() }
        try server.setAccountPassword("admin", "correct horse battery")
        let client = WebClient(port: server.port)
        #expect(try client.get("/wp-admin/profile.php").header("Location") == "/wp-login.php?redirect_to=%2Fwp-admin%2Fprofile.php")
        let reply = try client.signIn("admin", "correct horse battery")
        let cookie = try #require(reply.headers.first { $0.0.lowercased() == "set-cookie" && $0.1.hasPrefix("dualgate_session=") }?.1)
        #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"))
        #expect(!cookie.contains("Secure"), "plain HTTP on loopback: a Secure cookie would never come back")
        let page = try client.get("/wp-admin/profile.php")
        #expect(page.status == 200 && page.text.contains("Application Passwords"))
        #expect(page.header("Content-Security-Policy")?.contains("default-src 'self'") == true)
        #expect(page.header("Content-Security-Policy")?.contains("frame-ancestors 'none'") == true)
        #expect(page.header("Cache-Control") == "no-store" && page.header("X-Content-Type-Options") == "nosniff")
        #expect(!page.text.contains("<script>") && !page.text.contains(" style=") && !page.text.contains("<style"), "no inline script or style")
        #expect(page.text.contains(#"<script src="/wp-admin/js/dualgate.js" defer></script>"#))
        #expect(try client.get("/wp-admin/js/dualgate.js").header("Content-Type")?.hasPrefix("text/javascript") == true)
        #expect(try client.get("/wp-admin/css/dualgate.css").status == 200)
        // The API never takes the account password.
        #expect(try RawHTTP.request("GET", "/wp-json/wp/v2/users/me", port: server.port, basic: ("admin", "correct horse battery")).status == 401)
    }

    @Test func aWrongPasswordIsRefusedWithOneMessageAndAudited() throws {
        let server = try LiveServer.start()
        defer { _ = server.stop() }
        try server.setAccountPassword("admin", "correct horse battery")
        let client = WebClient(port: server.port)
        for login in ["admin", "nobody"] {
            let reply = try client.signIn(login, "wrong")
            #expect(reply.status == 200 && reply.text.contains("The username or password you entered is incorrect."))
            #expect(client.cookies["dualgate_session"] == nil)
        }
        // The trail is written by serve's own writer thread: wait for it (bounded).
        var failures = 0
        for _ in 0..<100 where failures < 2 {
            let audit = (try? String(contentsOfFile: server.databasePath.replacingOccurrences(of: ".sqlite", with: ".audit.jsonl"), encoding: .utf8)) ?? ""
            failures = audit.components(separatedBy: #""event":"sign_in_failed""#).count - 1
            if failures < 2 { Thread.sleep(forTimeInterval: 0.05) }
        }
        #expect(failures == 2)
    }

    @Test func aSignInWithoutTheFormTokenOrFromAnotherOriginIsRefused() throws {
        let server = try LiveServer.start()
        defer { _ = server.stop() }
        try server.setAccountPassword("admin", "correct horse battery")
        let client = WebClient(port: server.port)
        _ = try client.get("/wp-login.php")
        #expect(try client.post("/wp-login.php", [("log", "admin"), ("pwd", "correct horse battery")]).status == 403)
        let form = try client.get("/wp-login.php")
        let crossSite = try client.post("/wp-login.php", [("_csrf", WebClient.formToken(form) ?? ""), ("log", "admin"), ("pwd", "correct horse battery")],
                                        headers: [("Origin", "http://evil.example")])
        #expect(crossSite.status == 403 && client.cookies["dualgate_session"] == nil)
    }

    @Test func aPostWithoutAValidFormTokenIs403AndChangesNothing() throws {
        let server = try LiveServer.start()
        defer { _ = server.stop() }
        let client = try signedIn(server)
        let before = try server.cliList().count
        let page = try client.get("/wp-admin/profile.php")
        let token = try #require(WebClient.formToken(page))
        for fields in [[("action", "create"), ("name", "no token"), ("api_rest", "1")],
                       [("_csrf", String(token.reversed())), ("action", "create"), ("name", "bad token"), ("api_rest", "1")],
                       [("_csrf", ""), ("action", "revoke-all")]] {
            #expect(try client.post("/wp-admin/profile.php", fields).status == 403)
        }
        let foreign = try client.post("/wp-admin/profile.php", [("_csrf", token), ("action", "revoke-all")], headers: [("Origin", "http://127.0.0.1:1")])
        #expect(foreign.status == 403)
        #expect(try server.cliList().count == before)
        let made = try client.post("/wp-admin/profile.php", [("_csrf", token), ("action", "create"), ("name", "good"), ("api_xmlrpc", "1"), ("xmlrpc_read_only", "1")],
                                   headers: [("Origin", "http://127.0.0.1:\(server.port)")])
        // Post/Redirect/Get: the URL names the uuid only; the page shows the password once, a reload does not.
        let item = try #require(try server.cliList().first { $0["name"] as? String == "good" })
        let location = try #require(made.header("Location"))
        #expect(made.status == 303 && location == "/wp-admin/profile.php?created=\(item["uuid"] as? String ?? "")")
        let shown = try client.get(location)
        #expect(shown.text.contains(#"id="new-application-password""#) && shown.header("Cache-Control") == "no-store")
        #expect(try !client.get(location).text.contains(#"id="new-application-password""#), "shown once")
        let stranger = WebClient(port: server.port)
        #expect(try stranger.signIn("admin", "correct horse battery").status == 303)
        #expect(try !stranger.get(location).text.contains(#"id="new-application-password""#), "only to the session that made it")
        #expect(item["enabled_for"] as? [String] == ["xml-rpc"] && item["xml_rpc_permissions"] as? String == "read")
    }

    @Test func everyValueIsEscaped() throws {
        let server = try LiveServer.start()
        defer { _ = server.stop() }
        let client = try signedIn(server)
        let token = try #require(WebClient.formToken(try client.get("/wp-admin/profile.php")))
        let probe = #"x"><img src=x onerror=alert(1)>"#
        _ = try client.post("/wp-admin/profile.php", [("_csrf", token), ("action", "create"), ("name", probe), ("api_rest", "1")])
        let bad = try client.post("/wp-admin/profile.php", [("_csrf", token), ("action", "create"), ("name", "n"), ("api_rest", "1"), ("allowed_networks", "<script>alert(2)</script>")])
        #expect(bad.status == 400 && bad.text.contains("&lt;script&gt;alert(2)&lt;/script&gt;") && !bad.text.contains("<script>alert"))
        let page = try client.get("/wp-admin/profile.php")
        #expect(!page.text.contains("<img src=x"))
        let authorize = try client.get("/wp-admin/authorize-application.php?app_name=%3Cscript%3Ealert(3)%3C%2Fscript%3E")
        #expect(authorize.status == 200 && authorize.text.contains("&lt;script&gt;alert(3)") && !authorize.text.contains("<script>alert"))
    }

    @Test func requireHTTPSRefusesSignInFromAPlainHTTPClientAndSecureCookiesOverHTTPS() throws {
        let server = try LiveServer.start(["--trusted-proxy", "127.0.0.1/32"])
        defer { _ = server.stop() }
        try server.setAccountPassword("admin", "correct horse battery")
        let remote = WebClient(port: server.port)
        remote.extraHeaders = [("X-Forwarded-For", "203.0.113.9")]
        let refused = try remote.signIn("admin", "correct horse battery")
        #expect(refused.status == 403 && refused.text.contains("HTTPS") && remote.cookies["dualgate_session"] == nil)
        let secure = WebClient(port: server.port)
        secure.extraHeaders = [("X-Forwarded-For", "203.0.113.9"), ("X-Forwarded-Proto", "https")]
        let reply = try secure.signIn("admin", "correct horse battery")
        #expect(reply.status == 303)
        #expect(reply.headers.contains { $0.0.lowercased() == "set-cookie" && $0.1.hasPrefix("dualgate_session=") && $0.1.contains("; Secure") })
    }

    @Test func signOutEndsTheSessionOnTheServer() throws {
        let server = try LiveServer.start()
        defer { _ = server.stop() }
        let client = try signedIn(server)
        let session = try #require(client.cookies["dualgate_session"])
        let token = try #require(WebClient.formToken(try client.get("/wp-admin/profile.php")))
        #expect(try client.post("/wp-login.php?action=logout", [("_csrf", token)]).header("Location") == "/wp-login.php?loggedout=true")
        let replay = WebClient(port: server.port)
        replay.cookies["dualgate_session"] = session
        #expect(try replay.get("/wp-admin/profile.php").status == 303)
    }

    @Test func aSubscriberManagesOwnPasswordsOnlyAndCannotApprove() throws {
        let server = try LiveServer.start()
        defer { _ = server.stop() }
        _ = try server.cli("user", "add", "sub")
        _ = try server.cli("settings", "set", "require_approval", "true")
        try server.setAccountPassword("sub", "subscriber pass")
        let client = WebClient(port: server.port)
        #expect(try client.signIn("sub", "subscriber pass").status == 303)
        #expect(try client.get("/wp-admin/users.php").status == 403)
        #expect(try client.get("/wp-admin/options-general.php").status == 403)
        #expect(try client.get("/wp-admin/user-edit.php?user_id=1").status == 403)
        let token = try #require(WebClient.formToken(try client.get("/wp-admin/profile.php")))
        #expect(try client.post("/wp-admin/profile.php", [("_csrf", token), ("action", "create"), ("name", "mine"), ("api_rest", "1")]).status == 303)
        let item = try #require(try server.cliList(login: "sub").first)
        #expect(item["status"] as? String == "pending")
        #expect(try client.post("/wp-admin/profile.php", [("_csrf", token), ("action", "approve"), ("uuid", item["uuid"] as? String ?? "")]).status == 403)
        #expect(try server.cliList(login: "sub").first?["status"] as? String == "pending")
    }

    @Test func authorizeChecksWordPressParameters() throws {
        let server = try LiveServer.start()
        defer { _ = server.stop() }
        let client = try signedIn(server)
        let bad = try client.get("/wp-admin/authorize-application.php?app_name=x&app_id=nope&success_url=javascript%3Aalert(1)&reject_url=ftp%3Anohost")
        #expect(bad.status == 400 && bad.text.contains("The Authorize Application request is not allowed."))
        #expect(bad.text.contains("The application ID must be a UUID.") && bad.text.components(separatedBy: "Invalid URL format.").count == 3)
        let page = try client.get("/wp-admin/authorize-application.php?app_name=Feed%20app&success_url=https%3A%2F%2Fapp.example%2Fcb%3Fx%3D1")
        #expect(page.status == 200 && page.header("Referrer-Policy") == "no-referrer")
        let token = try #require(WebClient.formToken(page))
        let approved = try client.post("/wp-admin/authorize-application.php", [("_csrf", token), ("app_name", "Feed app"), ("success_url", "https://app.example/cb?x=1"),
                                                                                ("api_xmlrpc", "1"), ("approve", "1")])
        let location = try #require(approved.header("Location"))
        #expect(approved.status == 303 && location.hasPrefix("https://app.example/cb?x=1&site_url=http%3A%2F%2F127.0.0.1%3A\(server.port)&user_login=admin&password="))
        let password = String(location.split(separator: "=").last ?? "")
        #expect(try PythonXMLRPC.call("\(server.baseURL)/xmlrpc.php", "wp.getUsersBlogs", ["admin", password]).faultCode == nil)
        #expect(try RawHTTP.request("GET", "/wp-json/wp/v2/users/me", port: server.port, basic: ("admin", password)).json["code"] as? String == "invalid_api_type")
        let rejected = try client.post("/wp-admin/authorize-application.php", [("_csrf", token), ("app_name", "Feed app"), ("success_url", "https://app.example/cb"), ("reject", "1")])
        #expect(rejected.header("Location") == "https://app.example/cb?success=false")
        let made = try client.post("/wp-admin/authorize-application.php", [("_csrf", token), ("app_name", "Manual"), ("api_rest", "1"), ("approve", "1")])
        let createdAt = try #require(made.header("Location"))
        #expect(made.status == 303 && createdAt.hasPrefix("/wp-admin/authorize-application.php?created="))
        let shown = try client.get(createdAt)
        #expect(shown.status == 200 && shown.text.contains(#"id="new-application-password""#) && shown.header("Cache-Control") == "no-store")
        #expect(try client.get(createdAt).status == 410, "shown once")
    }
}
