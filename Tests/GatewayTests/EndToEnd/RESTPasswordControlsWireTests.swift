import Foundation
import Testing

/// Issue 5 item 7, last sentence, over real HTTP (before the coverage audit only RESTRoutesTests
/// covered it, in process): the credential core's per-password controls are readable and
/// writable through the REST routes as extra fields, and what is written applies to the very
/// next request.
@Suite(.timeLimit(.minutes(3)))
struct RESTPasswordControlsWireTests {
    @Test(arguments: RESTForm.allCases)
    func controlsAreWrittenAndReadOverHTTPAndApplyAtOnce(_ form: RESTForm) throws {
        let site = try RESTSite(form: form)
        let id = try site.addUser("sub")
        let sub = try site.account("sub", name: "own")
        let collection = "/wp/v2/users/\(id)/application-passwords"

        // Create with the controls, as a form body (JSON is used below).
        let created = try site.send("POST", collection, as: site.admin,
                                    formBody: "name=controlled&expires=2099-01-02T03:04:05&allowed_networks[]=10.1.2.3/8&allowed_networks[]=2001:db8::/32")
        #expect(created.status == 201, "\(created.text)")
        #expect(created.value["expires"]?.string == "2099-01-02T03:04:05" && created.value["status"]?.string == "active")
        #expect(created.value["allowed_networks"]?.strings == ["10.0.0.0/8", "2001:db8::/32"])
        let uuid = try #require(created.value["uuid"]?.string)
        let controlled = Account(login: "sub", password: try #require(created.value["password"]?.string), uuid: uuid)
        let item = collection + "/" + uuid
        let me = { (account: Account) throws -> RawClient.Response in try site.send("GET", "/wp/v2/users/me", as: account) }
        #expect(try me(controlled).code == "application_password_network_denied", "the test client is 127.0.0.1")

        // Open the networks and drop the expiry: it works, and the item says so.
        let opened = try site.send("PATCH", item, as: site.admin, json: #"{"allowed_networks":[],"expires":""}"#)
        #expect(opened.status == 200 && opened.value["allowed_networks"]?.strings == [] && opened.value["expires"]?.isNull == true, "\(opened.text)")
        #expect(try me(controlled).status == 200)

        // The owner disables it: refused on the next request, shown in the list and the item.
        let disabled = try site.send("PUT", item, as: sub, json: #"{"status":"disabled"}"#)
        #expect(disabled.status == 200 && disabled.value["status"]?.string == "disabled", "\(disabled.text)")
        #expect(try me(controlled).code == "application_password_inactive")
        let listed = try site.send("GET", collection, as: sub).value.items ?? []
        #expect(listed.first { $0["uuid"]?.string == uuid }?["status"]?.string == "disabled")
        // Only an administrator may make it active again; the owner's attempt changes nothing.
        let refused = try site.send("PATCH", item, as: sub, json: #"{"status":"active"}"#)
        #expect(refused.status == 403 && refused.code == "rest_cannot_edit_application_password", "\(refused.text)")
        #expect(try site.send("GET", item, as: site.admin).value["status"]?.string == "disabled")
        #expect(try site.send("PATCH", item, as: site.admin, json: #"{"status":"active"}"#).value["status"]?.string == "active")
        #expect(try me(controlled).status == 200)

        // Invalid values are 400 rest_invalid_param naming the field, and change nothing.
        let before = try site.state("sub")
        for (body, field) in [(#"{"expires":"tomorrow"}"#, "expires"), (#"{"status":"pending"}"#, "status"),
                              (#"{"allowed_networks":["10.0.0.0/33"]}"#, "allowed_networks")] {
            let answer = try site.send("PATCH", item, as: site.admin, json: body)
            #expect(answer.status == 400 && answer.code == "rest_invalid_param" && answer.value["data"]?["params"]?[field] != nil,
                    "\(body): \(answer.text)")
        }
        #expect(try site.state("sub") == before)
    }
}
