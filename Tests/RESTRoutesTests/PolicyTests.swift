import Testing
import CredentialCore
@testable import RESTRoutes

/// Site settings: §5 availability, `unique_names`, `cross_protocol_issuing`.
@Suite struct PolicyTests {
    /// The switches, read by the application on every request.
    final class Switches {
        var siteWide = true
        var roles = Set(Role.allCases)
        var crossProtocol = false
    }

    private func site() throws -> (Site, Switches) {
        let site = try Site()
        let switches = Switches()
        site.app = RESTApplication(store: site.store, policy: RESTPolicy(isAvailable: { switches.siteWide },
                                                                         isAvailableForUser: { switches.roles.contains($0.role) },
                                                                         allowsCrossProtocolIssuing: { switches.crossProtocol }))
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
        // Authentication is the core's one decision, so the stored setting restricts it too.
        _ = try site.store.setSetting(.allowedRoles, to: "administrator")
        let refused = site.subscriber("GET", "/wp/v2/users/me")
        #expect(refused.status == 401 && refused.code == "application_passwords_disabled_for_user")
        let target = site.admin("GET", "/wp/v2/users/\(site.subscriber.id)/application-passwords")
        #expect(target.status == 501 && target.code == "application_passwords_disabled_for_user")
        #expect(site.admin("GET", "/wp/v2/users/me/application-passwords").status == 200)
    }

    @Test func uniqueNames() throws {
        let (site, _) = try site()
        let collection = "/wp/v2/users/me/application-passwords"
        #expect(site.admin("POST", collection, json: #"{"name":"ADMIN-seed"}"#).status == 201)
        _ = try site.store.setSetting(.uniqueNames, to: "true")
        let duplicate = site.admin("POST", collection, json: #"{"name":" Admin-Seed "}"#)
        #expect(duplicate.text == #"{"code":"application_password_duplicate_name","message":"Each application name should be unique.","data":{"status":409}}"#)
        let seed = try #require(site.store.passwords(of: site.admin.id).last)
        #expect(site.admin("PUT", collection + "/" + seed.uuid, json: #"{"name":"admin-seed"}"#).status == 409)
        #expect(site.admin("PUT", collection + "/" + seed.uuid, json: #"{"name":"fresh"}"#).status == 200)
        #expect(site.admin("POST", collection, json: #"{"name":"other"}"#).status == 201)
    }

    @Test func crossProtocolIssuing() throws {
        let (site, switches) = try site()
        let restOnly = try site.password(for: site.admin, PasswordRequest(name: "rest-only", enabledFor: [.rest])).plain
        let body = #"{"name":"x","enabled_for":["rest-api","xml-rpc"]}"#
        let collection = "/wp/v2/users/me/application-passwords"
        #expect(site.send("POST", collection, as: .basic("admin", restOnly), json: body).status == 403)
        switches.crossProtocol = true
        #expect(site.send("POST", collection, as: .basic("admin", restOnly), json: body).status == 201)
    }
}
