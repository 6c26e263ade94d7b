import PostgresFixture
import Testing
import CredentialCore
@testable import RESTRoutes

/// Authentication happens before routing: a failing Basic header is refused on every route.
@Suite struct AuthenticationTests {
    @Test(arguments: StoreBackend.available) func indexIsPublicAndNamesTheAuthorizationEndpoint(_ backend: StoreBackend) throws {
        let site = try Site(backend)
        let index = site.send("GET", "/")
        #expect(index.status == 200)
        #expect(index.header("Content-Type") == "application/json; charset=UTF-8")
        #expect(index.keys == ["name", "description", "url", "home", "gmt_offset", "timezone_string", "page_for_posts", "page_on_front",
                               "show_on_front", "namespaces", "authentication", "routes", "_links"])
        #expect(index.json["authentication"] == .object([("application-passwords", .object([("endpoints", .object([
            ("authorization", .string(Site.siteURL + "/wp-admin/authorize-application.php"))]))]))]))
        #expect(index.text.contains(#""authorization":"http:\/\/127.0.0.1:8080\/wp-admin\/authorize-application.php""#))
        #expect(index.json["routes"]?[ApplicationPasswordRoutes.base]?["methods"] == ["GET", "POST", "DELETE"])
    }

    @Test(arguments: StoreBackend.available) func aWrongPasswordIsRefusedEvenOnThePublicIndex(_ backend: StoreBackend) throws {
        let site = try Site(backend)
        let answer = site.send("GET", "/", as: .basic("admin", "wrongwrongwrongwrongwron"))
        #expect(answer.status == 401)
        #expect(answer.text == #"{"code":"incorrect_password","message":"The provided password is an invalid application password.","data":{"status":401}}"#)
        #expect(answer.header("WWW-Authenticate") == nil)
        // `Vary: Origin`: WordPress marks every GET that did not log in so (rest_send_cors_headers).
        #expect(answer.headers.map(\.name) == ["Content-Type", "X-Robots-Tag", "Link", "X-Content-Type-Options", "Vary"])
        #expect(answer.header("Link") == "<\(Site.siteURL)/wp-json/>; rel=\"https://api.w.org/\"")
        #expect(site.send("GET", "/wp/v2/nothing-here", as: .basic("admin", "wrong")).code == "incorrect_password")
    }

    @Test(arguments: StoreBackend.available) func unknownLoginsAndEmails(_ backend: StoreBackend) throws {
        let site = try Site(backend)
        #expect(site.send("GET", "/", as: .basic("nobody", site.adminPassword)).code == "invalid_username")
        #expect(site.send("GET", "/", as: .basic("nobody@example.test", site.adminPassword)).code == "invalid_email")
    }

    @Test(arguments: StoreBackend.available) func chunkedPasswordAndEmailLoginAuthenticate(_ backend: StoreBackend) throws {
        let site = try Site(backend)
        let me = site.send("GET", "/wp/v2/users/me", as: .basic("admin@example.test", PasswordFormat.chunk(site.adminPassword)))
        #expect(me.status == 200 && me.json["id"] == .int(site.admin.id))
    }

    @Test(arguments: StoreBackend.available) func noOrNonBasicAuthorizationIsAnonymous(_ backend: StoreBackend) throws {
        let site = try Site(backend)
        #expect(site.send("GET", "/").status == 200)
        #expect(site.send("GET", "/", as: .raw("Bearer abc")).status == 200)
        #expect(site.send("GET", "/wp/v2/users/me", as: .raw("Basic !!!")).code == "rest_not_logged_in")
    }

    @Test(arguments: StoreBackend.available) func anXMLRPCOnlyPasswordIsRefusedByREST(_ backend: StoreBackend) throws {
        let site = try Site(backend)
        let xmlrpcOnly = try site.password(for: site.admin, PasswordRequest(name: "old-client", enabledFor: [.xmlrpc])).plain
        for route in ["/", "/wp/v2/users/me", "/wp/v2/users/me/application-passwords"] {
            let answer = site.send("GET", route, as: .basic("admin", xmlrpcOnly))
            #expect(answer.status == 401)
            #expect(answer.text == #"{"code":"invalid_api_type","message":"This application password is not allowed to be used with the REST API.","data":{"status":401}}"#)
        }
    }

    @Test(arguments: StoreBackend.available) func usersMeViewAndEditContexts(_ backend: StoreBackend) throws {
        let site = try Site(backend)
        #expect(site.send("GET", "/wp/v2/users/me").text
                == #"{"code":"rest_not_logged_in","message":"You are not currently logged in.","data":{"status":401}}"#)
        let view = site.admin("GET", "/wp/v2/users/me")
        #expect(view.status == 200)
        #expect(view.keys == ["id", "name", "url", "description", "link", "slug", "avatar_urls", "meta", "_links"])
        #expect(view.json["avatar_urls"]?.keys == ["24", "48", "96"])
        #expect(view.json["meta"] == .array([]))
        let edit = site.admin("GET", "/wp/v2/users/me", query: [("context", "edit")])
        #expect(edit.keys == ["id", "username", "name", "first_name", "last_name", "email", "url", "description", "link", "locale",
                              "nickname", "slug", "roles", "registered_date", "capabilities", "extra_capabilities", "avatar_urls", "meta", "_links"])
        #expect(edit.json["username"] == "admin" && edit.json["email"] == "admin@example.test" && edit.json["roles"] == ["administrator"])
        #expect(edit.json["extra_capabilities"] == .object([("administrator", .bool(true))]))
        #expect(edit.text.contains(#""meta":{"persisted_preferences":[]}"#))
        #expect(site.admin("HEAD", "/wp/v2/users/me").status == 200)
    }
}

/// iThemes' read-only flag, on the effective method.
@Suite struct ReadOnlyTests {
    private func readOnlySite(_ backend: StoreBackend) throws -> (Site, String) {
        let site = try Site(backend)
        let plain = try site.password(for: site.admin, PasswordRequest(name: "reader", restAPIPermission: .read)).plain
        return (site, plain)
    }

    private let collection = "/wp/v2/users/me/application-passwords"

    @Test(arguments: StoreBackend.available) func readingIsAllowed(_ backend: StoreBackend) throws {
        let (site, reader) = try readOnlySite(backend)
        #expect(site.send("GET", collection, as: .basic("admin", reader)).status == 200)
        #expect(site.send("HEAD", collection, as: .basic("admin", reader)).status == 200)
        #expect(site.send("OPTIONS", collection, as: .basic("admin", reader)).status == 200)
    }

    @Test(arguments: StoreBackend.available, ["POST", "PUT", "PATCH", "DELETE"])
    func writingIsRefusedAndChangesNothing(_ backend: StoreBackend, _ method: String) throws {
        let (site, reader) = try readOnlySite(backend)
        let answer = site.send(method, collection, as: .basic("admin", reader), json: #"{"name":"x"}"#)
        #expect(answer.status == 403)
        #expect(answer.text == #"{"code":"unsupported_http_method","message":"This application password is read only.","data":{"status":403}}"#)
        #expect(try site.store.passwords(of: site.admin.id).count == 2)
    }

    @Test(arguments: StoreBackend.available) func methodOverridesCountAsTheEffectiveMethod(_ backend: StoreBackend) throws {
        let (site, reader) = try readOnlySite(backend)
        let viaQuery = site.send("GET", collection, as: .basic("admin", reader), query: [("_method", "DELETE")])
        #expect(viaQuery.status == 403 && viaQuery.code == "unsupported_http_method")
        let viaHeader = site.send("GET", collection, as: .basic("admin", reader), headers: ["X-HTTP-Method-Override": "delete"])
        #expect(viaHeader.status == 403 && viaHeader.code == "unsupported_http_method")
        #expect(try site.store.passwords(of: site.admin.id).count == 2)
    }

    @Test(arguments: StoreBackend.available) func aWritePasswordCanDeleteThroughTheOverride(_ backend: StoreBackend) throws {
        let site = try Site(backend)
        let answer = site.admin("GET", collection, query: [("_method", "DELETE")])
        #expect(answer.status == 200 && answer.json == .object([("deleted", true), ("count", 1)]))
    }
}
