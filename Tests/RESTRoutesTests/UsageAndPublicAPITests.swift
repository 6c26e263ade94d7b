import Foundation
import PostgresFixture
import Testing
import CredentialCore
@testable import RESTRoutes

@Suite struct UsageAndPublicAPITests {
    @Test(arguments: StoreBackend.available) func aSuccessfulRequestRecordsLastUsedAndLastIP(_ backend: StoreBackend) throws {
        let site = try Site(backend)
        let items = try #require(site.admin("GET", "/wp/v2/users/me/application-passwords").json.arrayValue)
        let seed = try #require(items.first)
        #expect(seed["last_ip"] == "127.0.0.1")
        let lastUsed = try #require(seed["last_used"]?.stringValue)
        #expect(lastUsed.utf8.count == 19)
    }

    @Test(arguments: StoreBackend.available) func anEmptyLoginIsAttemptedAndFails(_ backend: StoreBackend) throws {
        let site = try Site(backend)
        // "Og==" is ":" — WordPress attempts it and answers invalid_username.
        #expect(site.send("GET", "/", as: .raw("Basic Og==")).code == "invalid_username")
    }

    @Test(arguments: StoreBackend.available) func structuredJSONMediaTypesAreParsed(_ backend: StoreBackend) throws {
        let site = try Site(backend)
        let answer = site.send("POST", "/wp/v2/users/me/application-passwords", as: .basic("admin", site.adminPassword),
                               headers: ["Content-Type": "application/merge-patch+json; charset=utf-8"], body: Array(#"{"name":"typed"}"#.utf8))
        #expect(answer.status == 201 && answer.json["name"] == "typed")
    }

    @Test(arguments: StoreBackend.available) func theCLIRendersTheSameObjectAsTheRESTCreate(_ backend: StoreBackend) throws {
        let site = try Site(backend)
        let created = try site.store.createPassword(PasswordRequest(name: "cli"), for: site.admin.id)
        let json = try JSONReader.parse(ApplicationPasswordJSON.created(created, siteURL: Site.siteURL))
        #expect(json.keys == ["uuid", "app_id", "name", "created", "last_used", "last_ip", "password", "enabled_for",
                              "rest_api_permissions", "xml_rpc_permissions", "expires", "status", "allowed_networks", "_links"])
        #expect(json["password"] == .string(created.plain.chunked))
        let rest = site.admin("GET", "/wp/v2/users/me/application-passwords/" + created.record.uuid)
        #expect(try JSONReader.parse(ApplicationPasswordJSON.item(created.record, siteURL: Site.siteURL)) == rest.json)
    }
}
