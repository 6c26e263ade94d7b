import PostgresFixture
import Testing
import CredentialCore
@testable import RESTRoutes

/// Response shapes of §8.3 / §8.4 and the iThemes fields.
@Suite struct ApplicationPasswordShapeTests {
    private let collection = "/wp/v2/users/me/application-passwords"
    private let itemKeys = ["uuid", "app_id", "name", "created", "last_used", "last_ip", "enabled_for", "rest_api_permissions",
                            "xml_rpc_permissions", "expires", "status", "allowed_networks", "_links"]

    @Test(arguments: StoreBackend.available) func createAnswers201WithLocationAndTheChunkedPasswordOnce(_ backend: StoreBackend) throws {
        let site = try Site(backend)
        let answer = site.admin("POST", collection, json: #"{"name":"My App","app_id":"6f1c7f3e-aaaa-4bbb-8ccc-0123456789ab"}"#)
        #expect(answer.status == 201)
        #expect(answer.keys == ["uuid", "app_id", "name", "created", "last_used", "last_ip", "password", "enabled_for",
                                "rest_api_permissions", "xml_rpc_permissions", "expires", "status", "allowed_networks", "_links"])
        let uuid = try #require(answer.json["uuid"]?.stringValue)
        let href = Site.siteURL + "/wp-json/wp/v2/users/\(site.admin.id)/application-passwords/\(uuid)"
        #expect(answer.header("Location") == href)
        #expect(answer.json["_links"] == .object([("self", [.object([("href", .string(href)),
                                                                     ("targetHints", .object([("allow", ["GET", "POST", "PUT", "PATCH", "DELETE"])]))])])]))
        #expect(answer.json["name"] == "My App" && answer.json["app_id"] == "6f1c7f3e-aaaa-4bbb-8ccc-0123456789ab")
        #expect(answer.json["last_used"] == .null && answer.json["last_ip"] == .null)
        #expect(answer.json["enabled_for"] == ["rest-api", "xml-rpc"])
        #expect(answer.json["rest_api_permissions"] == "write" && answer.json["xml_rpc_permissions"] == "write")
        let created = try #require(answer.json["created"]?.stringValue)
        #expect(created.utf8.count == 19 && created.contains("T") && !created.contains("+"))
        // "xxxx xxxx xxxx xxxx xxxx xxxx"
        let password = try #require(answer.json["password"]?.stringValue)
        let groups = password.split(separator: " ", omittingEmptySubsequences: false)
        #expect(groups.count == 6 && groups.allSatisfy { $0.count == 4 })
        // The new password works, and is never shown again.
        let me = site.send("GET", collection + "/" + uuid, as: .basic("admin", password))
        #expect(me.status == 200 && me.keys == itemKeys && me.json["password"] == nil)
    }

    @Test(arguments: StoreBackend.available) func listIsInCreationOrder(_ backend: StoreBackend) throws {
        let site = try Site(backend)
        _ = site.admin("POST", collection, json: #"{"name":"second"}"#)
        let list = site.admin("GET", collection)
        #expect(list.status == 200)
        let items = try #require(list.json.arrayValue)
        #expect(items.map { $0["name"] } == ["admin-seed", "second"])
        #expect(items.allSatisfy { $0.keys == itemKeys })
        #expect(list.header("Allow") == "GET, POST, DELETE")
    }

    @Test(arguments: StoreBackend.available) func contextAndFields(_ backend: StoreBackend) throws {
        let site = try Site(backend)
        let embed = try #require(site.admin("GET", collection, query: [("context", "embed")]).json.arrayValue?.first)
        #expect(embed.keys == ["uuid", "app_id", "name", "enabled_for", "rest_api_permissions", "xml_rpc_permissions", "expires", "status", "allowed_networks", "_links"])
        let fields = site.admin("GET", collection, query: [("_fields", "uuid,name")])
        #expect(fields.json.arrayValue?.first?.keys == ["uuid", "name"])
        let bad = site.admin("GET", collection, query: [("context", "full")])
        #expect(bad.status == 400 && bad.code == "rest_invalid_param")
        #expect(bad.json["data"]?["params"]?["context"] == "context is not one of view, embed, and edit.")
    }

    @Test(arguments: StoreBackend.available) func updateChangesNameAndFlagsButNotAppID(_ backend: StoreBackend) throws {
        let site = try Site(backend)
        let seed = try #require(site.store.passwords(of: site.admin.id).first)
        let answer = site.admin("PATCH", collection + "/" + seed.uuid,
                                json: #"{"name":"Renamed","app_id":"6f1c7f3e-aaaa-4bbb-8ccc-0123456789ab","enabled_for":["rest-api"],"xml_rpc_permissions":"read"}"#)
        #expect(answer.status == 200, "\(answer.text)")
        #expect(answer.keys == itemKeys)
        #expect(answer.json["name"] == "Renamed" && answer.json["app_id"] == "")
        #expect(answer.json["enabled_for"] == ["rest-api"] && answer.json["xml_rpc_permissions"] == "read")
        let stored = try #require(try site.store.password(uuid: seed.uuid, of: site.admin.id))
        #expect(stored.name == "Renamed" && stored.appID == "" && stored.enabledFor == [.rest] && stored.xmlRPCPermission == .read)
    }

    @Test(arguments: StoreBackend.available) func deleteOneReturnsThePreviousItemWithoutLinks(_ backend: StoreBackend) throws {
        let site = try Site(backend)
        let other = try site.password(for: site.admin, PasswordRequest(name: "doomed")).record
        let answer = site.admin("DELETE", collection + "/" + other.uuid)
        #expect(answer.status == 200)
        #expect(answer.keys == ["deleted", "previous"] && answer.json["deleted"] == true)
        #expect(answer.json["previous"]?.keys == Array(itemKeys.dropLast()))
        #expect(answer.json["previous"]?["uuid"] == .string(other.uuid))
        #expect(try site.store.password(uuid: other.uuid, of: site.admin.id) == nil)
        #expect(site.admin("DELETE", collection + "/" + other.uuid).code == "rest_application_password_not_found")
    }

    @Test(arguments: StoreBackend.available) func deleteAllCountsAndEmptiesTheList(_ backend: StoreBackend) throws {
        let site = try Site(backend)
        _ = try site.password(for: site.subscriber, PasswordRequest(name: "two"))
        let route = "/wp/v2/users/\(site.subscriber.id)/application-passwords"
        let answer = site.admin("DELETE", route)
        #expect(answer.text == #"{"deleted":true,"count":2}"#)
        #expect(site.admin("GET", route).text == "[]")
        #expect(site.admin("DELETE", route).text == #"{"deleted":true,"count":0}"#)
    }

    @Test(arguments: StoreBackend.available) func introspectReturnsThePasswordOfThisRequest(_ backend: StoreBackend) throws {
        let site = try Site(backend)
        let seed = try #require(site.store.passwords(of: site.admin.id).first)
        for user in ["me", String(site.admin.id)] {
            let answer = site.admin("GET", "/wp/v2/users/\(user)/application-passwords/introspect")
            #expect(answer.status == 200 && answer.json["uuid"] == .string(seed.uuid) && answer.keys == itemKeys)
        }
        let other = site.admin("GET", "/wp/v2/users/\(site.subscriber.id)/application-passwords/introspect")
        #expect(other.status == 403 && other.code == "rest_cannot_introspect_app_password_for_non_authenticated_user")
        #expect(site.send("GET", "/wp/v2/users/me/application-passwords/introspect").code == "rest_not_logged_in")
        let anonymousNumeric = site.send("GET", "/wp/v2/users/\(site.admin.id)/application-passwords/introspect")
        #expect(anonymousNumeric.status == 401 && anonymousNumeric.code == "rest_cannot_introspect_app_password_for_non_authenticated_user")
        // Only GET is registered on introspect: a DELETE falls through to the item route and finds no such uuid.
        #expect(site.admin("DELETE", "/wp/v2/users/me/application-passwords/introspect").code == "rest_application_password_not_found")
    }
}
