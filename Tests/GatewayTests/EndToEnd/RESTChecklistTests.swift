import Foundation
import Testing

// Issue 5 over real HTTP: every test in the REST*.swift files starts the real `dualgate serve`
// and talks to it through sockets, written from the PHPUnit checklist of
// wordpress-application-passwords.md §15 (one test per behaviour that applies to dualgate).
//
// Where each applicable checklist item is tested:
// - routes registered → RESTChecklistTests.routesAreRegistered; OPTIONS context → optionsDescribesContextAndAllow;
//   schema properties → schemaHasTheCorePropertiesThenTheExtensionFields; wrong method / unknown route →
//   unknownRoutesAndWrongMethods; both forms → everyRouteWorksInThisForm (and every RESTForm-parameterised test).
// - list / read / create / update / delete / delete-all / introspect matrix (admin, every other role,
//   anonymous, me vs numeric, user 0 / unknown, unknown uuid) → RESTPermissionTests.
// - create 201 + Location + password + echoed name/app_id + null usage → RESTItemTests.createAnswers201…;
//   password only when just created → thePasswordIsShownOnce…; created keys in order → createAnswers201…;
//   duplicate names → duplicateNamesCanBeCreated; update (PUT name, no values, same name, app_id kept) →
//   updateChangesNameAndFlagsButNeverAppID; delete → deleteOneAnswersThePreviousItem; delete all (count 2) →
//   deleteAllCountsAndEmptiesTheList; introspect → introspectReturnsThePasswordOfThisRequest; shape and dates →
//   itemShapeAndDates; usage once a day → usageIsRecordedAtMostOncePerDay; context / _fields / _links.
// - empty-name cases (no args, no name, spaces, only <script>) → RESTBodyTests.emptyNamesAreRefused; JSON,
//   form, query, multipart, UTF-8, rest_invalid_param data.params, rest_invalid_json → RESTBodyTests.
// - auth.php: username / email / chunked logins, unknown login / email, wrong password, Basic without a
//   colon, colon inside the password → RESTRestrictionTests; new hashes `$generic$` → RESTItemTests.
// - iThemes: read-only and API type on every route, no escalation → RESTRestrictionTests.
// - 5.7–6.6 duplicate-name 409 (case-insensitive), disabled / disabled-for-user 501, availability by role → RESTSettingsTests.
//
// Checklist items skipped, and why (re-checked by the coverage audit against the merged code):
// - "supported with HTTPS on / environment local / forced through the filter": dualgate has no
//   HTTPS rule, environment type or filters; availability is the site settings
//   `application_passwords_enabled` / `allowed_roles` (tested: RESTSettingsTests, PolicyTests).
// - "super admin can create on a site where not a member": multisite only.
// - "creating sets the 'in use' flag", "'in use' flag cleared → null even for an unknown user":
//   dualgate has no such flag (contract: a failing Basic header is always refused).
// - introspect "cookie-style login → 404 rest_no_authenticated_app_password": dualgate has no
//   cookie or other login; every authenticated request used an application password.
// - introspect "uuid vanished → 500": only reachable if the password is revoked between
//   authentication and the handler within one request, which no test can time deterministically
//   without a hook in the server; RESTConcurrencyTests accepts it as a race outcome (and asserts its code).
// - auth.php "account password not accepted": dualgate users have no account password at all.
// - auth.php "plain-bcrypt-hashed app passwords accepted": not supported. Issue 3 imports the two
//   formats WordPress itself issues for application passwords (`$generic$`, phpass `$P$`); an
//   import holding any other hash (bcrypt, md5) is refused whole, naming the field (ImportTests).
//   The phpass half is tested over the wire: PolicyWireTests.importHoldingBothHashFormatsThenAgainThenBroken
//   (REST and XML-RPC, re-hash on first use).
// - auth.php "already-authenticated input passes through", "not an API request → null",
//   "errors added on the hook are returned": PHP hook plumbing with no wire equivalent (the
//   iThemes errors that use that hook — invalid_api_type, unsupported_http_method — are tested).
// - admin/includesUser.php (authorize-application redirect URLs): dualgate has no authorize page;
//   the index only advertises its URL.
// - user/capabilities.php (meta capabilities per role): no capability layer; the role matrix it
//   implies is RESTPermissionTests (administrator vs every other role).
// - xmlrpc/basic.php "405 when xmlrpc_enabled is false": dualgate has no XML-RPC switch. The rest of
//   xmlrpc/*.php is issue 4: XMLRPCAuthTests (bad login 403, failure then right password fails,
//   multicall ok/bad/ok → ok/fault/fault) and AuditGapWireTests (getProfile roles and field list).
// - disabled site-wide / for a role (501), the 5.7–6.6 duplicate-name 409 and dualgate's
//   per-password controls as REST fields are no longer skipped: RESTSettingsTests,
//   PasswordControlsRESTTests, PolicyWireTests, schemaHasTheCorePropertiesThenTheExtensionFields.

/// Routes, OPTIONS, HEAD, 404s, both request forms, the index and users/me.
@Suite(.timeLimit(.minutes(3)))
struct RESTChecklistTests {
    static let base = "/wp/v2/users/(?P<user_id>(?:[\\d]+|me))/application-passwords"

    /// Controller test `test_register_routes`: the collection (3 handlers), introspect, the item (3 handlers).
    @Test(arguments: RESTForm.allCases)
    func routesAreRegistered(_ form: RESTForm) throws {
        let site = try RESTSite(form: form)
        let namespace = try site.send("GET", "/wp/v2")
        #expect(namespace.status == 200)
        let routes = try #require(namespace.value["routes"])
        let expected: [(String, [[String]])] = [
            (Self.base, [["GET"], ["POST"], ["DELETE"]]),
            (Self.base + "/introspect", [["GET"]]),
            (Self.base + "/(?P<uuid>[\\w\\-]+)", [["GET"], ["POST", "PUT", "PATCH"], ["DELETE"]]),
        ]
        for (pattern, handlers) in expected {
            let route = try #require(routes[pattern], "\(pattern) missing from \(routes.keys)")
            #expect(route["endpoints"]?.items?.map { $0["methods"]?.strings ?? [] } == handlers, "\(pattern)")
            #expect(route["namespace"]?.string == "wp/v2")
        }
        // The site index lists the same routes.
        let index = try site.send("GET", "/")
        #expect(Set(expected.map(\.0)).isSubset(of: Set(index.value["routes"]?.keys ?? [])))
    }

    /// `test_context_param`: OPTIONS shows `context` defaulting to `view`, enum view/embed/edit,
    /// on the collection and the item, with the `Allow` header of what this caller may do.
    @Test(arguments: RESTForm.allCases)
    func optionsDescribesContextAndAllow(_ form: RESTForm) throws {
        let site = try RESTSite(form: form)
        for route in [RESTSite.collection, RESTSite.collection + "/" + UUID().uuidString.lowercased()] {
            let answer = try site.send("OPTIONS", route, as: site.admin)
            #expect(answer.status == 200, "\(route): \(answer.text)")
            let context = answer.value["endpoints"]?[0]?["args"]?["context"]
            #expect(context?["default"]?.string == "view", "\(route)")
            #expect(context?["enum"]?.strings == ["view", "embed", "edit"], "\(route)")
            #expect(answer.value["schema"]?["title"]?.string == "application-password")
        }
        let collection = try site.send("OPTIONS", RESTSite.collection, as: site.admin)
        #expect(collection.header("Allow") == "GET, POST, DELETE")
        #expect(collection.value["methods"]?.strings == ["GET", "POST", "DELETE"])
        let item = try site.send("OPTIONS", "/wp/v2/users/1/application-passwords/abc", as: site.admin)
        #expect(item.header("Allow") == "GET, POST, PUT, PATCH, DELETE")
        // Someone who may not use the route is told so by an empty Allow.
        try site.addUser("sub")
        let subscriber = try site.account("sub")
        let others = try site.send("OPTIONS", "/wp/v2/users/1/application-passwords", as: subscriber)
        #expect(others.status == 200 && others.header("Allow")?.isEmpty == true, "\(others.headers)")
        #expect(try site.send("OPTIONS", "/wp/v2/nowhere").text == "[]")
    }

    /// `test_get_item_schema`: WordPress's 7 properties, plus iThemes' two fields, dualgate's
    /// `xml_rpc_permissions` and its per-password controls (contract).
    @Test func schemaHasTheCorePropertiesThenTheExtensionFields() throws {
        let site = try RESTSite()
        let answer = try site.send("OPTIONS", RESTSite.collection, as: site.admin)
        #expect(answer.value["schema"]?["properties"]?.keys
                == ["uuid", "app_id", "name", "password", "created", "last_used", "last_ip", "enabled_for", "rest_api_permissions", "xml_rpc_permissions",
                   "expires", "status", "allowed_networks"])
        let name = answer.value["endpoints"]?[1]?["args"]?["name"]
        #expect(name?["required"]?.bool == true)
    }

    /// contract.md: an unknown route and a known route with a wrong method → 404 `rest_no_route`;
    /// a PUT on `…/introspect` falls through to the item route and finds no password `introspect`.
    @Test(arguments: RESTForm.allCases)
    func unknownRoutesAndWrongMethods(_ form: RESTForm) throws {
        let site = try RESTSite(form: form)
        let noRoute = #"{"code":"rest_no_route","message":"No route was found matching the URL and request method.","data":{"status":404}}"#
        for (method, route) in [("GET", "/wp/v2/posts"), ("PATCH", RESTSite.collection), ("PUT", RESTSite.collection),
                                ("POST", "/wp/v2/users/me/application-passwords/introspect/extra"), ("GET", "/wp/v2/users/abc/application-passwords"),
                                ("GET", "/wp/v2/users/me/application-passwords/not*a*uuid")] {
            let answer = try site.send(method, route, as: site.admin)
            #expect(answer.status == 404 && answer.text == noRoute, "\(method) \(route): \(answer.text)")
        }
        for method in ["PUT", "DELETE", "POST"] {
            let answer = try site.send(method, RESTSite.collection + "/introspect", as: site.admin, json: method == "DELETE" ? nil : "{}")
            #expect(answer.status == 404 && answer.code == "rest_application_password_not_found", "\(method): \(answer.text)")
        }
        #expect(try site.stored("admin").count == 1)
    }

    /// WordPress's spellings of one route: a trailing slash (`untrailingslashit`), any letter case
    /// (`@^route$@i`), `/index.php?rest_route=` and a percent-encoded `rest_route`.
    @Test func routeSpellings() throws {
        let site = try RESTSite()
        let basic = ("admin", site.admin.password)
        for target in ["/wp-json/wp/v2/users/me/", "/wp-json/WP/V2/Users/ME", "/index.php?rest_route=/wp/v2/users/me",
                       "/?rest_route=%2Fwp%2Fv2%2Fusers%2Fme", "/?context=edit&rest_route=/wp/v2/users/me"] {
            let answer = try RawHTTP.request("GET", target, port: site.port, basic: basic)
            #expect(answer.status == 200 && answer.value["slug"]?.string == "admin", "\(target): \(answer.text)")
        }
        #expect(try RawHTTP.request("GET", "/?rest_route=/", port: site.port).value["authentication"] != nil)
        #expect(try RawHTTP.request("GET", "/?rest_route=/wp/v2/users/me&context=edit", port: site.port, basic: basic).value["username"]?.string == "admin")
    }

    /// `_envelope` puts status and headers in the body (answering 200); `_pretty` indents.
    @Test func envelopeAndPretty() throws {
        let site = try RESTSite()
        let wrapped = try site.send("POST", RESTSite.collection, as: site.admin, query: [("_envelope", "1")], json: #"{"name":"wrapped"}"#)
        #expect(wrapped.status == 200 && wrapped.value["status"]?.int == 201, "\(wrapped.text)")
        #expect(wrapped.value["headers"]?["Location"]?.string?.hasPrefix(site.baseURL + "/wp-json/wp/v2/users/1/application-passwords/") == true)
        #expect(wrapped.value["body"]?["name"]?.string == "wrapped")
        let pretty = try site.send("GET", "/wp/v2/users/me", query: [("_pretty", "1")])
        #expect(pretty.status == 401 && pretty.text.hasPrefix("{\n    \"code\": \"rest_not_logged_in\""), "\(pretty.text)")
    }

    /// HEAD is served by the GET handlers: same status and headers, no body.
    @Test func headIsAnsweredLikeGetWithoutABody() throws {
        let site = try RESTSite()
        let get = try site.send("GET", RESTSite.collection, as: site.admin)
        let head = try site.send("HEAD", RESTSite.collection, as: site.admin)
        #expect(head.status == 200 && head.body.isEmpty)
        #expect(head.header("Content-Length") == String(get.body.count))
        #expect(head.header("Allow") == get.header("Allow"))
        #expect(try site.send("HEAD", "/wp/v2/users/me").status == 401)
    }

    /// Every route, in both spellings, through one password's whole life.
    @Test(arguments: RESTForm.allCases)
    func everyRouteWorksInThisForm(_ form: RESTForm) throws {
        let site = try RESTSite(form: form)
        let created = try site.send("POST", RESTSite.collection, as: site.admin, json: #"{"name":"both forms"}"#)
        #expect(created.status == 201, "\(created.text)")
        let uuid = try #require(created.value["uuid"]?.string)
        let item = RESTSite.collection + "/" + uuid
        let new = Account(login: "admin", password: try #require(created.value["password"]?.string), uuid: uuid)
        #expect(try site.send("GET", RESTSite.collection, as: site.admin).value.items?.count == 2)
        #expect(try site.send("GET", item, as: site.admin).value["name"]?.string == "both forms")
        #expect(try site.send("GET", RESTSite.collection + "/introspect", as: new).value["uuid"]?.string == uuid)
        #expect(try site.send("GET", "/wp/v2/users/me", as: new).value["slug"]?.string == "admin")
        #expect(try site.send("PUT", item, as: site.admin, json: #"{"name":"renamed"}"#).value["name"]?.string == "renamed")
        #expect(try site.send("DELETE", item, as: site.admin).value["deleted"]?.bool == true)
        #expect(try site.send("GET", item, as: site.admin).status == 404)
        _ = try site.account("admin", name: "spare")
        let all = try site.send("DELETE", "/wp/v2/users/1/application-passwords", as: site.admin)
        #expect(all.text == #"{"deleted":true,"count":2}"#)
        #expect(try site.stored("admin").isEmpty)
    }

    /// §10 / contract: `GET /wp-json/` carries `authentication.application-passwords.endpoints.authorization`.
    @Test(arguments: RESTForm.allCases)
    func indexAdvertisesApplicationPasswords(_ form: RESTForm) throws {
        let site = try RESTSite(form: form)
        for account in [nil, site.admin] {
            let index = try site.send("GET", "/", as: account)
            #expect(index.status == 200)
            #expect(index.value["authentication"]?["application-passwords"]?["endpoints"]?["authorization"]?.string
                    == site.baseURL + "/wp-admin/authorize-application.php")
            #expect(index.value["namespaces"]?.strings?.contains("wp/v2") == true)
            #expect(Array(index.value.keys.prefix(3)) == ["name", "description", "url"])
        }
        #expect(try RawHTTP.request("GET", "/wp-json", port: site.port).value["authentication"] != nil)
    }

    /// §9: users/me — anonymous 401 `rest_not_logged_in`; view fields; `context=edit` adds the
    /// private ones for oneself (any role); `embed` trims to the public card.
    @Test func usersMeFollowsWordPress() throws {
        let site = try RESTSite()
        let anonymous = try site.send("GET", "/wp/v2/users/me")
        #expect(anonymous.text == #"{"code":"rest_not_logged_in","message":"You are not currently logged in.","data":{"status":401}}"#)
        #expect(anonymous.status == 401 && anonymous.header("WWW-Authenticate") == nil)

        let view = try site.send("GET", "/wp/v2/users/me", as: site.admin)
        #expect(view.value.keys == ["id", "name", "url", "description", "link", "slug", "avatar_urls", "meta", "_links"])
        #expect(view.value["id"]?.int == 1 && view.value["slug"]?.string == "admin")
        #expect(view.value["avatar_urls"]?.keys == ["24", "48", "96"])
        #expect(view.value["_links"]?["self"]?[0]?["href"]?.string == site.baseURL + "/wp-json/wp/v2/users/1")

        _ = try site.addUser("sam", role: "subscriber", email: "sam@example.com")
        let sam = try site.account("sam")
        let edit = try site.send("GET", "/wp/v2/users/me", as: sam, query: [("context", "edit")])
        #expect(edit.status == 200)
        for key in ["username", "first_name", "last_name", "email", "locale", "nickname", "registered_date", "roles", "capabilities", "extra_capabilities"] {
            #expect(edit.value[key] != nil, "context=edit lacks \(key)")
        }
        #expect(edit.value["username"]?.string == "sam" && edit.value["email"]?.string == "sam@example.com")
        #expect(edit.value["roles"]?.strings == ["subscriber"])
        #expect(edit.value["registered_date"]?.string?.hasSuffix("+00:00") == true)
        let embed = try site.send("GET", "/wp/v2/users/me", as: sam, query: [("context", "embed")])
        #expect(embed.value.keys == ["id", "name", "url", "description", "link", "slug", "avatar_urls", "_links"])
        let bad = try site.send("GET", "/wp/v2/users/me", as: sam, query: [("context", "full")])
        #expect(bad.status == 400 && bad.code == "rest_invalid_param")
    }

    /// `WP_REST_Server::serve_request` headers on every answer, and the JSON content type.
    @Test func everyAnswerCarriesWordPressHeaders() throws {
        let site = try RESTSite()
        for answer in [try site.send("GET", "/"), try site.send("GET", "/wp/v2/users/me"), try site.send("GET", "/nowhere", as: site.admin)] {
            #expect(answer.header("Content-Type") == "application/json; charset=UTF-8")
            #expect(answer.header("Link") == "<\(site.baseURL)/wp-json/>; rel=\"https://api.w.org/\"")
            #expect(answer.header("X-Content-Type-Options") == "nosniff")
        }
    }
}
