import Foundation
import Testing

/// Issue 5, "a run of a real REST client written by others": `requests` and the `wordpress-api`
/// package create, list, rename and revoke an application password against the live server.
/// A test skips (visibly, with the reason) only when its client cannot be had.
@Suite(.timeLimit(.minutes(3)))
struct RESTClientTests {
    @Test func pythonRequestsManagesAPassword() throws {
        guard PythonRESTClients.hasRequests else { try Test.cancel("skipped: python3 with `requests` is not available") }
        let site = try RESTSite()
        let run = try Tool.python(PythonRESTClients.requestsScript, [site.baseURL, "admin", site.admin.password])
        #expect(run.status == 0, "\(run.stderr)")
        try check(try WireJSON.parse(Array(run.stdout.utf8)), site: site, name: "requests client", appID: "3b241101-e2bb-4255-8caf-4136c566a962")
    }

    @Test func wordpressAPIPackageManagesAPassword() throws {
        let directory: URL
        switch PythonRESTClients.installWordPressAPI() {
        case .success(let installed): directory = installed
        case .failure(let reason): try Test.cancel("skipped: the wordpress-api package could not be installed: \(reason)")
        }
        let site = try RESTSite()
        let run = try Tool.python(PythonRESTClients.wordpressAPIScript, [site.baseURL, "admin", site.admin.password, directory.path])
        #expect(run.status == 0, "\(run.stderr)")
        try check(try WireJSON.parse(Array(run.stdout.utf8)), site: site, name: "wordpress-api client", appID: "")
    }

    private func check(_ seen: WireJSON, site: RESTSite, name: String, appID: String) throws {
        let created = try #require(seen["create"]?["body"])
        let uuid = try #require(created["uuid"]?.string)
        #expect(seen["create"]?["status"]?.int == 201)
        #expect(seen["create"]?["location"]?.string == site.baseURL + "/wp-json/wp/v2/users/1/application-passwords/" + uuid)
        #expect(created["name"]?.string == name && created["app_id"]?.string == appID)
        #expect(seen["list"]?["status"]?.int == 200)
        #expect(seen["list"]?["names"]?.strings?.contains(name) == true, "the new password lists its own user's passwords")
        #expect(seen["rename"]?["status"]?.int == 200 && seen["rename"]?["name"]?.string == name + " (renamed)")
        #expect(seen["introspect"]?["uuid"]?.string == uuid && seen["introspect"]?["name"]?.string == name + " (renamed)")
        #expect(seen["revoke"]?["status"]?.int == 200 && seen["revoke"]?["deleted"]?.bool == true && seen["revoke"]?["previous"]?.string == uuid)
        #expect(seen["after"]?["status"]?.int == 401 && seen["after"]?["code"]?.string == "incorrect_password", "a revoked password stops working")
        #expect(try site.stored("admin").count == 1)
    }
}
