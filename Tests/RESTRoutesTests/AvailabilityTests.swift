import Testing
import CredentialCore
@testable import RESTRoutes

/// §5: application passwords switched off site-wide or for a user.
@Suite struct AvailabilityTests {
    /// The switches, read by the application on every request.
    final class Switches {
        var siteWide = true
        var roles = Set(Role.allCases)
    }

    private func site() throws -> (Site, Switches) {
        let site = try Site()
        let switches = Switches()
        site.app = RESTApplication(store: site.store, availability: Availability(siteWide: { switches.siteWide },
                                                                                 forUser: { switches.roles.contains($0.role) }))
        return (site, switches)
    }

    @Test func offSiteWide() throws {
        let (site, switches) = try site()
        #expect(site.send("GET", "/").json["authentication"]?.keys == ["application-passwords"])
        switches.siteWide = false
        #expect(site.send("GET", "/").json["authentication"] == .array([]))
        #expect(site.send("GET", "/").text.contains(#""authentication":[]"#))
        // Basic credentials are ignored (no attempt), so even a wrong password is anonymous.
        #expect(site.send("GET", "/", as: .basic("admin", "wrong")).status == 200)
        #expect(site.admin("GET", "/wp/v2/users/me").code == "rest_not_logged_in")
        let disabled = site.send("GET", "/wp/v2/users/1/application-passwords")
        #expect(disabled.text == #"{"code":"application_passwords_disabled","message":"Application passwords are not available.","data":{"status":501}}"#)
        switches.siteWide = true
        #expect(site.admin("GET", "/wp/v2/users/me").status == 200)
    }

    @Test func offForARole() throws {
        let (site, switches) = try site()
        switches.roles = [.administrator]
        let refused = site.subscriber("GET", "/wp/v2/users/me")
        #expect(refused.status == 401 && refused.code == "application_passwords_disabled_for_user")
        let target = site.admin("GET", "/wp/v2/users/\(site.subscriber.id)/application-passwords")
        #expect(target.status == 501 && target.code == "application_passwords_disabled_for_user")
        #expect(site.admin("GET", "/wp/v2/users/me/application-passwords").status == 200)
    }
}
