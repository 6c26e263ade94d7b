import Foundation
import PostgresFixture
import Testing

/// Issues 15 and 16 together: the web UI behind a load balancer, two `serve` instances on one PostgreSQL
/// database. A browser's next request may reach the other instance; the session is in the shared store,
/// and the new password rides in the browser's sealed cookie, so nothing is lost between them.
@Suite("the web UI on several instances", .enabled(if: PostgresCluster.shouldRun, Comment(rawValue: PostgresCluster.skipMessage)),
       .timeLimit(.minutes(3)))
struct WebScaleOutTests {
    @Test("a password made through one instance is shown by another, once, and only to that session")
    func newPasswordShownByAnotherInstance() throws {
        let site = try PostgresServe(url: try PostgresCluster.shared().createDatabase())
        let a = try site.start("a")
        defer { _ = a.stop() }
        let b = try site.start("b")
        defer { _ = b.stop() }
        let set = try CLIResult.run(executable: DualgateBinary.url, ["user", "set-password", "admin", "--password-stdin", "--db", site.url],
                                    environment: site.environment, input: Data("correct horse battery\n".utf8))
        #expect(set.status == 0, "\(set.stderr)")
        let onA = WebClient(port: a.port)
        #expect(try onA.signIn("admin", "correct horse battery").status == 303)
        let token = try #require(WebClient.formToken(try onA.get("/wp-admin/profile.php")))
        let made = try onA.post("/wp-admin/profile.php", [("_csrf", token), ("action", "create"), ("name", "made on A"), ("api_rest", "1")])
        let location = try #require(made.header("Location"))
        #expect(made.status == 303 && !location.contains("password="))

        // Another session holding a copy of the sealed cookie cannot open it.
        let thief = WebClient(port: b.port)
        #expect(try thief.signIn("admin", "correct horse battery").status == 303)
        thief.cookies["dualgate_new_password"] = onA.cookies["dualgate_new_password"]
        #expect(try !thief.get(location).text.contains(#"id="new-application-password""#))

        // The same browser, balanced to B for its next request.
        let onB = WebClient(port: b.port)
        onB.cookies = onA.cookies
        let shown = try onB.get(location)
        let range = try #require(shown.text.range(of: #"id="new-application-password" readonly value="[^"]+""#, options: .regularExpression),
                                 "\(shown.status): \(shown.text.prefix(400))")
        let password = String(shown.text[range].split(separator: "\"")[3])
        #expect(try RawHTTP.request("GET", "/wp-json/wp/v2/users/me", port: a.port, basic: ("admin", password)).status == 200)
        #expect(try !onB.get(location).text.contains(#"id="new-application-password""#), "shown once")
    }
}
