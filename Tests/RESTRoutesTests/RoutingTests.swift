import PostgresFixture
import Testing
import CredentialCore
@testable import RESTRoutes

@Suite struct RoutingTests {
    @Test(arguments: StoreBackend.available) func unknownRoutesAndWrongMethodsAre404(_ backend: StoreBackend) throws {
        let site = try Site(backend)
        let expected = #"{"code":"rest_no_route","message":"No route was found matching the URL and request method.","data":{"status":404}}"#
        #expect(site.admin("GET", "/wp/v2/posts").text == expected)
        #expect(site.admin("POST", "/wp/v2/users/me").text == expected)
        #expect(site.admin("PATCH", "/wp/v2/users/me/application-passwords").status == 404)
        #expect(site.admin("GET", "/wp/v2/users/abc/application-passwords").status == 404)
    }

    @Test(arguments: StoreBackend.available) func optionsDescribesTheRoute(_ backend: StoreBackend) throws {
        let site = try Site(backend)
        let answer = site.admin("OPTIONS", "/wp/v2/users/me/application-passwords")
        #expect(answer.status == 200)
        #expect(answer.header("Allow") == "GET, POST, DELETE")
        #expect(answer.keys == ["namespace", "methods", "endpoints", "schema"])
        #expect(answer.json["namespace"] == "wp/v2" && answer.json["methods"] == ["GET", "POST", "DELETE"])
        let context = answer.json["endpoints"]?.arrayValue?.first?["args"]?["context"]
        #expect(context?["default"] == "view" && context?["enum"] == ["view", "embed", "edit"])
        #expect(answer.json["endpoints"]?.arrayValue?[1]["args"]?["name"]?["required"] == true)
        #expect(answer.json["schema"]?["title"] == "application-password")
        let item = site.send("OPTIONS", "/wp/v2/users/1/application-passwords/abc")
        #expect(item.json["methods"] == ["GET", "POST", "PUT", "PATCH", "DELETE"])
        #expect(item.header("Allow") == "")                     // nobody may use it
        #expect(site.admin("OPTIONS", "/").json["_links"]?["self"] != nil)
    }

    @Test(arguments: StoreBackend.available) func headIsServedLikeGet(_ backend: StoreBackend) throws {
        let site = try Site(backend)
        let get = site.admin("GET", "/wp/v2/users/me/application-passwords")
        let head = site.admin("HEAD", "/wp/v2/users/me/application-passwords")
        #expect(head.status == 200 && head.text == get.text)
    }

    @Test(arguments: StoreBackend.available) func rolesOtherThanAdministratorGetAnEmptyAllowOnOthersRoutes(_ backend: StoreBackend) throws {
        let site = try Site(backend)
        let answer = site.subscriber("GET", "/wp/v2/users/\(site.admin.id)/application-passwords")
        #expect(answer.status == 403 && answer.header("Allow") == "")
    }

    @Test(arguments: StoreBackend.available) func namespaceIndexListsItsRoutes(_ backend: StoreBackend) throws {
        let site = try Site(backend)
        let answer = site.send("GET", "/wp/v2")
        #expect(answer.status == 200 && answer.keys == ["namespace", "routes", "_links"])
        #expect(answer.json["routes"]?.keys == ["/wp/v2", "/wp/v2/users/me", ApplicationPasswordRoutes.base,
                                                ApplicationPasswordRoutes.base + "/introspect", ApplicationPasswordRoutes.base + "/(?P<uuid>[\\w\\-]+)"])
    }

    /// `rest_handle_options_request` answers 200 with an empty list when no route matches.
    @Test(arguments: StoreBackend.available) func optionsOnAnUnknownRouteIsAnEmptyList(_ backend: StoreBackend) throws {
        let site = try Site(backend)
        let answer = site.send("OPTIONS", "/wp/v2/nowhere")
        #expect(answer.status == 200 && answer.text == "[]")
        #expect(site.send("OPTIONS", "/", as: .basic("admin", "wrong")).status == 401)
    }

    @Test(arguments: StoreBackend.available) func envelopeAndPretty(_ backend: StoreBackend) throws {
        let site = try Site(backend)
        let wrapped = site.send("GET", "/wp/v2/users/me", query: [("_envelope", "")])
        #expect(wrapped.status == 200)
        #expect(wrapped.json["status"] == 401 && wrapped.json["body"]?["code"] == "rest_not_logged_in")
        let created = site.admin("POST", "/wp/v2/users/me/application-passwords", query: [("_envelope", "1")], json: #"{"name":"e"}"#)
        #expect(created.status == 200 && created.json["status"] == 201)
        #expect(created.json["headers"]?["Location"]?.stringValue?.hasPrefix(Site.siteURL) == true)
        let pretty = site.send("GET", "/wp/v2/users/me", query: [("_pretty", "")])
        #expect(pretty.text.hasPrefix("{\n    \"code\": \"rest_not_logged_in\""))
    }
}
