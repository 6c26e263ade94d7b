import Foundation
import Testing

/// The checklist items that depend on site settings (contract "Site settings"; §5 availability,
/// 5.7–6.6 duplicate names, no-escalation override). Each setting is changed while `serve` runs
/// and must apply from the next request. Always enabled: `dualgate settings` exists now, and a
/// suite that switched itself off when the command broke could never fail.
@Suite(.timeLimit(.minutes(3)))
struct RESTSettingsTests {
    /// 5.7 – 6.6 `test_create_item_with_duplicate_name` / `application_name_exists_for_user`
    /// (case-insensitive): with `unique_names` on, a duplicate → 409, on create and on rename.
    @Test func uniqueNamesRefusesDuplicatesCaseInsensitively() throws {
        let site = try RESTSite()
        try SiteSettings.set("unique_names", "true", on: site)
        let duplicate = #"{"code":"application_password_duplicate_name","message":"Each application name should be unique.","data":{"status":409}}"#
        #expect(try site.send("POST", RESTSite.collection, as: site.admin, json: #"{"name":"Twin"}"#).status == 201)
        #expect(try site.send("POST", RESTSite.collection, as: site.admin, json: #"{"name":"twin"}"#).text == duplicate)
        let other = try site.send("POST", RESTSite.collection, as: site.admin, json: #"{"name":"Other"}"#)
        let rename = try site.send("PUT", RESTSite.collection + "/" + (other.value["uuid"]?.string ?? ""), as: site.admin, json: #"{"name":"TWIN"}"#)
        #expect(rename.status == 409 && rename.code == "application_password_duplicate_name")
        #expect(try site.stored("admin").map { $0["name"]?.string?.lowercased() }.filter { $0 == "twin" }.count == 1)
        // Another user may use the same name.
        _ = try site.addUser("sub")
        #expect(try site.send("POST", "/wp/v2/users/2/application-passwords", as: site.admin, json: #"{"name":"Twin"}"#).status == 201)
        try SiteSettings.set("unique_names", "false", on: site)
        #expect(try site.send("POST", RESTSite.collection, as: site.admin, json: #"{"name":"twin"}"#).status == 201)
    }

    /// §5 "globally disabled": the controller answers 501 `application_passwords_disabled` before
    /// anything else, Basic credentials are ignored, and the index's `authentication` is `[]`.
    @Test func passwordsDisabledSiteWide() throws {
        let site = try RESTSite()
        try SiteSettings.set("application_passwords_enabled", "false", on: site)
        for (method, route) in [("GET", RESTSite.collection), ("GET", "/wp/v2/users/1/application-passwords"), ("DELETE", RESTSite.collection),
                                ("GET", RESTSite.collection + "/introspect")] {
            let answer = try site.send(method, route, as: site.admin)
            #expect(answer.status == 501 && answer.code == "application_passwords_disabled", "\(method) \(route): \(answer.text)")
        }
        let index = try site.send("GET", "/", as: Account(login: "admin", password: "wrong"))
        #expect(index.status == 200 && index.value["authentication"] == .array([]))
        #expect(try site.send("GET", "/wp/v2/users/me", as: site.admin).code == "rest_not_logged_in")
        try SiteSettings.set("application_passwords_enabled", "true", on: site)
        #expect(try site.send("GET", RESTSite.collection, as: site.admin).status == 200)
    }

    /// §5 "disabled for user" (`allowed_roles`): the target's passwords answer 501
    /// `application_passwords_disabled_for_user`; that user's own passwords no longer authenticate.
    @Test func passwordsDisabledForARole() throws {
        let site = try RESTSite()
        let id = try site.addUser("sub")
        let sub = try site.account("sub")
        try SiteSettings.set("allowed_roles", "administrator", on: site)
        let target = try site.send("GET", "/wp/v2/users/\(id)/application-passwords", as: site.admin)
        #expect(target.status == 501 && target.code == "application_passwords_disabled_for_user", "\(target.text)")
        let own = try site.send("GET", "/wp/v2/users/me", as: sub)
        #expect(own.status == 401 && own.code == "application_passwords_disabled_for_user", "\(own.text)")
        #expect(try site.send("GET", RESTSite.collection, as: site.admin).status == 200)
    }

    /// contract "No escalation … unless the site setting `cross_protocol_issuing` is on".
    @Test func crossProtocolIssuingLiftsTheNoEscalationRule() throws {
        let site = try RESTSite()
        let narrow = try site.account("admin", name: "narrow", "--api", "rest")
        let wide = #"{"name":"wide","enabled_for":["rest-api","xml-rpc"]}"#
        #expect(try site.send("POST", RESTSite.collection, as: narrow, json: wide).status == 403)
        try SiteSettings.set("cross_protocol_issuing", "true", on: site)
        let answer = try site.send("POST", RESTSite.collection, as: narrow, json: wide)
        #expect(answer.status == 201 && answer.value["enabled_for"]?.strings == ["rest-api", "xml-rpc"], "\(answer.text)")
    }

    /// Issue 5: with `unique_names` on and one shared name, 200 concurrent creates end with
    /// exactly one 201, the rest 409, and one item in the list.
    @Test func twoHundredConcurrentCreatesOfOneNameYieldExactlyOne() throws {
        let site = try RESTSite(["--threads", "4"])
        _ = try site.addUser("busy")
        let caller = try site.account("busy", name: "caller")
        try SiteSettings.set("unique_names", "true", on: site)
        let requests = (0..<RESTConcurrencyTests.count).map { _ in RESTConcurrencyTests.createRequest(name: "shared", account: caller, port: site.port) }
        let outcomes = ConcurrentRequests.send(requests, port: site.port)
        #expect(outcomes.filter { $0.status == 201 }.count == 1)
        #expect(outcomes.filter { $0.status == 409 && $0.value["code"]?.string == "application_password_duplicate_name" }.count == RESTConcurrencyTests.count - 1,
                "\(Dictionary(grouping: outcomes, by: \.status).mapValues(\.count))")
        #expect(try site.stored("busy").filter { $0["name"]?.string == "shared" }.count == 1)
    }
}
