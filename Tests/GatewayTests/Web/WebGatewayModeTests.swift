import Foundation
import Testing

/// In gateway mode dualgate's pages are its own (the REST index points applications at its
/// authorize page); every other page still goes upstream, and WordPress's login never does.
@Suite(.timeLimit(.minutes(3)))
struct WebGatewayModeTests {
    @Test func dualgatesPagesAreAnsweredHereAndOtherAdminPagesForwarded() throws {
        let (server, upstream) = try ForwardingTests.gateway()
        defer { _ = server.stop(); upstream.stop() }
        try server.setAccountPassword("admin", "correct horse battery")
        let client = WebClient(port: server.port)
        #expect(try client.get("/wp-admin/authorize-application.php?app_name=x").header("Location")?.hasPrefix("/wp-login.php?redirect_to=") == true)
        #expect(try client.signIn("admin", "correct horse battery").status == 303)
        let page = try client.get("/wp-admin/authorize-application.php?app_name=Gateway%20app")
        #expect(page.status == 200 && page.text.contains("Gateway app"))
        #expect(try client.post("/wp-login.php", [("log", "admin"), ("pwd", "secret")]).status == 403)
        #expect(upstream.received().isEmpty, "none of dualgate's pages reached WordPress")
        #expect(try client.get("/wp-admin/edit.php").status == 200)
        #expect(upstream.received().map(\.target) == ["/wp-admin/edit.php"])
    }
}
