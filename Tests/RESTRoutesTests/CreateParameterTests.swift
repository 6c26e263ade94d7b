import PostgresFixture
import Testing
import CredentialCore
@testable import RESTRoutes

/// Create's parameters: validated before permissions, defaults from the caller, no escalation.
@Suite struct CreateParameterTests {
    private let collection = "/wp/v2/users/me/application-passwords"

    @Test(arguments: StoreBackend.available) func nameIsRequiredEvenBeforeThePermissionCheck(_ backend: StoreBackend) throws {
        let site = try Site(backend)
        let missing = #"{"code":"rest_missing_callback_param","message":"Missing parameter(s): name","data":{"status":400,"params":["name"]}}"#
        #expect(site.admin("POST", collection, json: "{}").text == missing)
        #expect(site.send("POST", "/wp/v2/users/\(site.admin.id)/application-passwords").text == missing)
        #expect(site.admin("POST", collection, json: #"{"name":null}"#).code == "rest_missing_callback_param")
    }

    @Test(arguments: StoreBackend.available) func invalidAppID(_ backend: StoreBackend) throws {
        let site = try Site(backend)
        let answer = site.admin("POST", collection, json: #"{"name":"x","app_id":"not-a-uuid"}"#)
        #expect(answer.status == 400 && answer.code == "rest_invalid_param")
        #expect(answer.json["data"]?["params"] == .object([("app_id", "app_id is not a valid UUID.")]))
        #expect(site.admin("POST", collection, json: #"{"name":"x","app_id":""}"#).status == 201)
    }

    @Test(arguments: StoreBackend.available) func aNameThatSanitisesToNothing(_ backend: StoreBackend) throws {
        let site = try Site(backend)
        let answer = site.admin("POST", collection, json: #"{"name":"<script>alert(1)</script>"}"#)
        #expect(answer.text
                == #"{"code":"application_password_empty_name","message":"An application name is required to create an application password.","data":{"status":400}}"#)
        #expect(site.admin("POST", collection, json: #"{"name":"   "}"#).code == "rest_invalid_param")
        #expect(try site.store.passwords(of: site.admin.id).count == 1)
    }

    @Test(arguments: StoreBackend.available) func badFlags(_ backend: StoreBackend) throws {
        let site = try Site(backend)
        let empty = site.admin("POST", collection, json: #"{"name":"x","enabled_for":[]}"#)
        #expect(empty.status == 400 && empty.code == "rest_invalid_param")
        #expect(site.admin("POST", collection, json: #"{"name":"x","enabled_for":["soap"]}"#).code == "rest_invalid_param")
        #expect(site.admin("POST", collection, json: #"{"name":"x","rest_api_permissions":"admin"}"#).code == "rest_invalid_param")
        #expect(site.admin("POST", collection, json: #"{"name":"x","xml_rpc_permissions":true}"#).code == "rest_invalid_param")
        #expect(try site.store.passwords(of: site.admin.id).count == 1)
    }

    @Test(arguments: StoreBackend.available) func invalidJSONIsReportedOnceARouteMatched(_ backend: StoreBackend) throws {
        let site = try Site(backend)
        let answer = site.admin("POST", collection, json: #"{"name":"#)
        #expect(answer.text
                == #"{"code":"rest_invalid_json","message":"Invalid JSON body passed.","data":{"status":400,"json_error_code":4,"json_error_message":"Syntax error"}}"#)
        #expect(site.admin("POST", "/wp/v2/nowhere", json: "{").code == "rest_no_route")
    }

    @Test(arguments: StoreBackend.available) func formBodiesWork(_ backend: StoreBackend) throws {
        let site = try Site(backend)
        let answer = site.send("POST", collection, as: .basic("admin", site.adminPassword),
                               headers: ["Content-Type": "application/x-www-form-urlencoded"],
                               body: Array("name=Form+App%21&enabled_for[]=rest-api&rest_api_permissions=read".utf8))
        #expect(answer.status == 201, "\(answer.text)")
        #expect(answer.json["name"] == "Form App!" && answer.json["enabled_for"] == ["rest-api"] && answer.json["rest_api_permissions"] == "read")
    }

    @Test(arguments: StoreBackend.available) func multipartBodiesWork(_ backend: StoreBackend) throws {
        let site = try Site(backend)
        let body = "--b1\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nCurl App\r\n--b1--\r\n"
        let answer = site.send("POST", collection, as: .basic("admin", site.adminPassword),
                               headers: ["Content-Type": "multipart/form-data; boundary=b1"], body: Array(body.utf8))
        #expect(answer.status == 201 && answer.json["name"] == "Curl App", "\(answer.text)")
    }

    @Test(arguments: StoreBackend.available) func queryParametersWork(_ backend: StoreBackend) throws {
        let site = try Site(backend)
        let answer = site.admin("POST", collection, query: [("name", "From Query"), ("enabled_for", "xml-rpc")])
        #expect(answer.status == 201 && answer.json["name"] == "From Query" && answer.json["enabled_for"] == ["xml-rpc"])
    }

    @Test(arguments: StoreBackend.available) func absentFlagsAreTheCallersOwn(_ backend: StoreBackend) throws {
        let site = try Site(backend)
        let restOnly = try site.password(for: site.admin, PasswordRequest(name: "rest-only", enabledFor: [.rest], xmlRPCPermission: .read)).plain
        let answer = site.send("POST", collection, as: .basic("admin", restOnly), json: #"{"name":"child"}"#)
        #expect(answer.status == 201, "\(answer.text)")
        #expect(answer.json["enabled_for"] == ["rest-api"])
        #expect(answer.json["rest_api_permissions"] == "write" && answer.json["xml_rpc_permissions"] == "read")
    }

    @Test(arguments: StoreBackend.available) func noEscalation(_ backend: StoreBackend) throws {
        let site = try Site(backend)
        let restOnly = try site.password(for: site.admin, PasswordRequest(name: "rest-only", enabledFor: [.rest], xmlRPCPermission: .read)).plain
        let refusal = #"{"code":"rest_cannot_create_application_passwords","message":"Sorry, you are not allowed to create application passwords for this user.","data":{"status":403}}"#
        #expect(site.send("POST", collection, as: .basic("admin", restOnly), json: #"{"name":"x","enabled_for":["rest-api","xml-rpc"]}"#).text == refusal)
        #expect(site.send("POST", collection, as: .basic("admin", restOnly), json: #"{"name":"x","xml_rpc_permissions":"write"}"#).text == refusal)
        #expect(try site.store.passwords(of: site.admin.id).count == 2)
        // Widening an existing password by update is refused the same way.
        let seed = try #require(site.store.passwords(of: site.admin.id).first)
        let widen = site.send("PUT", collection + "/" + seed.uuid, as: .basic("admin", restOnly), json: #"{"xml_rpc_permissions":"write"}"#)
        #expect(widen.status == 403 && widen.code == "rest_cannot_edit_application_password")
    }
}
