import Foundation
import Testing

/// Create, update, delete, delete all, introspect and the item shapes (§8.3, §8.4; PHPUnit
/// controller and class-level tests), over real HTTP.
@Suite(.timeLimit(.minutes(3)))
struct RESTItemTests {
    static let createdKeys = ["uuid", "app_id", "name", "created", "last_used", "last_ip", "password", "enabled_for",
                              "rest_api_permissions", "xml_rpc_permissions", "expires", "status", "allowed_networks", "_links"]
    static let itemKeys = createdKeys.filter { $0 != "password" }
    static let appID = "6f1c7f3e-aaaa-4bbb-8ccc-0123456789ab"

    /// `test_create_item`: 201; stored count +1; `password` present; `name` and `app_id` echoed;
    /// `last_used`/`last_ip` null; `Location` is the self link (numeric id although the URL said `me`).
    @Test func createAnswers201WithLocationAndThePassword() throws {
        let site = try RESTSite()
        let answer = try site.send("POST", RESTSite.collection, as: site.admin, json: #"{"name":"My App","app_id":"\#(Self.appID)"}"#)
        #expect(answer.status == 201, "\(answer.text)")
        #expect(answer.value.keys == Self.createdKeys)
        let uuid = try #require(answer.value["uuid"]?.string)
        #expect(uuid.range(of: #"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"#, options: .regularExpression) != nil)
        let href = site.baseURL + "/wp-json/wp/v2/users/1/application-passwords/" + uuid
        #expect(answer.header("Location") == href)
        #expect(answer.value["_links"]?["self"]?[0]?["href"]?.string == href)
        #expect(answer.value["name"]?.string == "My App" && answer.value["app_id"]?.string == Self.appID)
        #expect(answer.value["last_used"]?.isNull == true && answer.value["last_ip"]?.isNull == true)
        #expect(WordPressDate.isWellFormed(answer.value["created"]?.string))
        let password = try #require(answer.value["password"]?.string)
        #expect(password.range(of: #"^[A-Za-z0-9]{4}( [A-Za-z0-9]{4}){5}$"#, options: .regularExpression) != nil)
        let stored = try site.stored("admin")
        #expect(stored.count == 2 && stored.last?["uuid"]?.string == uuid)
        // The new password authenticates, chunked or not.
        #expect(try site.send("GET", "/wp/v2/users/me", as: Account(login: "admin", password: password)).status == 200)
        #expect(try site.send("GET", "/wp/v2/users/me", as: Account(login: "admin", password: password.replacingOccurrences(of: " ", with: ""))).status == 200)
    }

    /// `test_create_item` continued: the password appears in the create response only.
    @Test func thePasswordIsShownOnceAndNeverStoredInTheClear() throws {
        let site = try RESTSite()
        let created = try site.send("POST", RESTSite.collection, as: site.admin, json: #"{"name":"secret"}"#)
        let chunked = try #require(created.value["password"]?.string)
        let raw = chunked.replacingOccurrences(of: " ", with: "")
        let uuid = try #require(created.value["uuid"]?.string)
        let mine = Account(login: "admin", password: chunked, uuid: uuid)
        let later = [
            try site.send("GET", RESTSite.collection, as: site.admin),
            try site.send("GET", RESTSite.collection + "/" + uuid, as: site.admin, query: [("context", "edit")]),
            try site.send("GET", RESTSite.collection + "/introspect", as: mine, query: [("context", "edit")]),
            try site.send("PUT", RESTSite.collection + "/" + uuid, as: site.admin, json: #"{"name":"renamed"}"#),
            try site.send("DELETE", RESTSite.collection + "/" + uuid, as: site.admin),
        ]
        for answer in later {
            #expect(answer.status == 200 && !answer.text.contains(raw) && !answer.text.contains(chunked) && !answer.text.contains("\"password\""), "\(answer.text)")
        }
        // §3.1: stored as `$generic$` + 40 base64url characters; the plain text is nowhere in the file.
        let script = """
            import sqlite3, sys
            rows = sqlite3.connect(sys.argv[1]).execute("SELECT password_hash FROM application_passwords").fetchall()
            print("\\n".join(r[0] for r in rows))
            """
        let hashes = try Tool.python(script, [site.server.databasePath])
        #expect(hashes.status == 0, "\(hashes.stderr)")
        let lines = hashes.stdout.split(separator: "\n")
        #expect(!lines.isEmpty && lines.allSatisfy { $0.hasPrefix("$generic$") && $0.count == 49 }, "\(lines)")
        for file in try FileManager.default.contentsOfDirectory(atPath: site.server.directory.path) {
            let data = try Data(contentsOf: site.server.directory.appendingPathComponent(file))
            #expect(data.range(of: Data(raw.utf8)) == nil, "\(file) holds the plain password")
        }
    }

    /// Contract defaults: `app_id` "" when absent; absent flags are the caller's own password's
    /// (the bootstrap password has both API types, write on both).
    @Test func createDefaults() throws {
        let site = try RESTSite()
        let plain = try site.send("POST", RESTSite.collection, as: site.admin, json: #"{"name":"defaults"}"#)
        #expect(plain.value["app_id"]?.string == "")
        #expect(plain.value["enabled_for"]?.strings == ["rest-api", "xml-rpc"])
        #expect(plain.value["rest_api_permissions"]?.string == "write" && plain.value["xml_rpc_permissions"]?.string == "write")
        #expect(try site.send("POST", RESTSite.collection, as: site.admin, json: #"{"name":"empty app","app_id":""}"#).value["app_id"]?.string == "")
        let restOnly = try site.account("admin", name: "rest only", "--api", "rest", "--read-only=xmlrpc")
        let child = try site.send("POST", RESTSite.collection, as: restOnly, json: #"{"name":"child"}"#)
        #expect(child.status == 201, "\(child.text)")
        #expect(child.value["enabled_for"]?.strings == ["rest-api"])
        #expect(child.value["rest_api_permissions"]?.string == "write" && child.value["xml_rpc_permissions"]?.string == "read")
        let chosen = try site.send("POST", RESTSite.collection, as: site.admin,
                                   json: #"{"name":"chosen","enabled_for":["xml-rpc"],"rest_api_permissions":"read","xml_rpc_permissions":"read"}"#)
        #expect(chosen.value["enabled_for"]?.strings == ["xml-rpc"])
        #expect(chosen.value["rest_api_permissions"]?.string == "read" && chosen.value["xml_rpc_permissions"]?.string == "read")
    }

    /// Class-level `test_can_create_duplicate_app_names` (ticket 51941, WordPress 6.7+).
    @Test func duplicateNamesCanBeCreated() throws {
        let site = try RESTSite()
        for name in ["Twin", "Twin", "twin"] {
            #expect(try site.send("POST", RESTSite.collection, as: site.admin, json: #"{"name":"\#(name)"}"#).status == 201)
        }
        let names = try site.send("GET", RESTSite.collection, as: site.admin).value.items?.compactMap { $0["name"]?.string }
        #expect(names?.filter { $0.lowercased() == "twin" }.count == 3)
    }

    /// `test_update_item` / `test_update_item_cannot_overwrite_app_id`, and the class-level update
    /// tests: no values / same name / new name all succeed; only given values change.
    @Test func updateChangesNameAndFlagsButNeverAppID() throws {
        let site = try RESTSite()
        let withAppID = try site.send("POST", RESTSite.collection, as: site.admin, json: #"{"name":"app","app_id":"\#(Self.appID)"}"#)
        let withoutAppID = try site.send("POST", RESTSite.collection, as: site.admin, json: #"{"name":"plain"}"#)
        let other = "0d2c3b1a-1111-4222-8333-444455556666"
        for (created, expectedAppID) in [(withAppID, Self.appID), (withoutAppID, "")] {
            let route = RESTSite.collection + "/" + (created.value["uuid"]?.string ?? "")
            let renamed = try site.send("PUT", route, as: site.admin, json: #"{"name":"renamed","app_id":"\#(other)"}"#)
            #expect(renamed.status == 200 && renamed.value.keys == Self.itemKeys, "\(renamed.text)")
            #expect(renamed.value["name"]?.string == "renamed" && renamed.value["app_id"]?.string == expectedAppID)
            #expect(try site.send("GET", route, as: site.admin).value["app_id"]?.string == expectedAppID)
        }
        let route = RESTSite.collection + "/" + (withoutAppID.value["uuid"]?.string ?? "")
        let before = try site.send("GET", route, as: site.admin).value
        for body in ["{}", #"{"name":"renamed"}"#] {
            let same = try site.send("PATCH", route, as: site.admin, json: body)
            #expect(same.status == 200 && same.value["name"] == before["name"] && same.value["created"] == before["created"], "\(body): \(same.text)")
        }
        let flags = try site.send("POST", route, as: site.admin, json: #"{"enabled_for":["rest-api"],"rest_api_permissions":"read"}"#)
        #expect(flags.value["name"]?.string == "renamed" && flags.value["enabled_for"]?.strings == ["rest-api"])
        #expect(flags.value["rest_api_permissions"]?.string == "read" && flags.value["xml_rpc_permissions"]?.string == "write")
        let stored = try site.stored("admin").first { $0["uuid"] == withoutAppID.value["uuid"] }
        #expect(stored?["enabled_for"]?.strings == ["rest-api"] && stored?["rest_api_permissions"]?.string == "read")
        // An empty name on update is refused like on create; nothing changes.
        #expect(try site.send("PUT", route, as: site.admin, json: #"{"name":"  "}"#).code == "rest_invalid_param")
        #expect(try site.send("GET", route, as: site.admin).value["name"]?.string == "renamed")
        // A name that sanitises to nothing is ignored on update (§4.2), not refused.
        let script = try site.send("PUT", route, as: site.admin, json: #"{"name":"<script>x</script>"}"#)
        #expect(script.status == 200 && script.value["name"]?.string == "renamed", "\(script.text)")
    }

    /// `test_delete_item`: 200 `{deleted: true, previous}` (edit context, no `_links`); the item is gone.
    @Test func deleteOneAnswersThePreviousItem() throws {
        let site = try RESTSite()
        let doomed = try site.account("admin", name: "doomed")
        let answer = try site.send("DELETE", RESTSite.collection + "/" + doomed.uuid, as: site.admin)
        #expect(answer.status == 200 && answer.value.keys == ["deleted", "previous"], "\(answer.text)")
        #expect(answer.value["deleted"]?.bool == true)
        #expect(answer.value["previous"]?.keys == Array(Self.itemKeys.dropLast()))
        #expect(answer.value["previous"]?["uuid"]?.string == doomed.uuid && answer.value["previous"]?["name"]?.string == "doomed")
        #expect(try site.stored("admin").count == 1)
        #expect(try site.send("GET", RESTSite.collection + "/" + doomed.uuid, as: site.admin).code == "rest_application_password_not_found")
        // The deleted password stops working on the very next request.
        #expect(try site.send("GET", "/wp/v2/users/me", as: doomed).code == "incorrect_password")
    }

    /// `test_delete_items`: 200 `{deleted: true, count: 2}`; the list is empty afterwards; again → count 0.
    @Test func deleteAllCountsAndEmptiesTheList() throws {
        let site = try RESTSite()
        let id = try site.addUser("sub")
        _ = try site.account("sub", name: "one")
        _ = try site.account("sub", name: "two")
        let route = "/wp/v2/users/\(id)/application-passwords"
        let answer = try site.send("DELETE", route, as: site.admin)
        #expect(answer.status == 200 && answer.text == #"{"deleted":true,"count":2}"#)
        #expect(try site.send("GET", route, as: site.admin).text == "[]")
        #expect(try site.send("DELETE", route, as: site.admin).text == #"{"deleted":true,"count":0}"#)
        #expect(try site.stored("admin").count == 1, "the administrator's own passwords are untouched")
    }

    /// `test_introspect_item*`: the password used for this very request, via `me` and the numeric
    /// own id; another user's id → 403; anonymous → 401 (`me` → `rest_not_logged_in`).
    @Test func introspectReturnsThePasswordOfThisRequest() throws {
        let site = try RESTSite()
        let id = try site.addUser("sub")
        let first = try site.account("sub", name: "first")
        let second = try site.account("sub", name: "second")
        for (account, user) in [(first, "me"), (second, "me"), (first, String(id)), (second, String(id))] {
            let answer = try site.send("GET", "/wp/v2/users/\(user)/application-passwords/introspect", as: account)
            #expect(answer.status == 200 && answer.value["uuid"]?.string == account.uuid, "\(user): \(answer.text)")
            #expect(answer.value.keys == Self.itemKeys)
        }
        let other = try site.send("GET", "/wp/v2/users/1/application-passwords/introspect", as: first)
        #expect(other.status == 403 && other.text
                == #"{"code":"rest_cannot_introspect_app_password_for_non_authenticated_user","message":"The authenticated application password can only be introspected for the current user.","data":{"status":403}}"#)
        let byAdmin = try site.send("GET", "/wp/v2/users/\(id)/application-passwords/introspect", as: site.admin)
        #expect(byAdmin.status == 403 && byAdmin.code == "rest_cannot_introspect_app_password_for_non_authenticated_user")
        #expect(try site.send("GET", "/wp/v2/users/me/application-passwords/introspect").code == "rest_not_logged_in")
        let anonymous = try site.send("GET", "/wp/v2/users/\(id)/application-passwords/introspect")
        #expect(anonymous.status == 401 && anonymous.code == "rest_cannot_introspect_app_password_for_non_authenticated_user")
    }

    /// `test_prepare_item` / `test_get_items`: the keys in WordPress's order then the extension
    /// fields; `created` GMT `Y-m-d\TH:i:s` near now; `last_used`/`last_ip` null until used.
    @Test func itemShapeAndDates() throws {
        let site = try RESTSite()
        let before = Int(Date().timeIntervalSince1970)
        let unused = try site.account("admin", name: "unused")
        let after = Int(Date().timeIntervalSince1970)
        let list = try site.send("GET", RESTSite.collection, as: site.admin)
        #expect(list.status == 200)
        let items = try #require(list.value.items)
        #expect(items.map(\.keys) == [Self.itemKeys, Self.itemKeys])
        let item = try #require(items.first { $0["uuid"]?.string == unused.uuid })
        let created = try #require(item["created"]?.string)
        #expect(WordPressDate.isWellFormed(created), "\(created)")
        let seconds = try #require(WordPressDate.seconds(created))
        #expect(seconds >= before - 1 && seconds <= after + 1, "created \(created) is GMT now")
        #expect(item["last_used"]?.isNull == true && item["last_ip"]?.isNull == true)
        // The password that made this request has been used: both recorded.
        let me = try #require(items.first { $0["uuid"]?.string != unused.uuid })
        #expect(WordPressDate.isWellFormed(me["last_used"]?.string) && me["last_ip"]?.string == "127.0.0.1", "\(me)")
    }

    /// §4.5 (issue item 8): usage is recorded on success, at most once per 86400 s. The stored
    /// `last_used` is moved back in the SQLite file to stand for "a while ago".
    @Test func usageIsRecordedAtMostOncePerDay() throws {
        let site = try RESTSite()
        let account = try site.account("admin", name: "usage")
        func lastUsed() throws -> WireJSON? { try site.stored("admin").first { $0["uuid"]?.string == account.uuid }?["last_used"] }
        #expect(try lastUsed()?.isNull == true)
        let failed = try site.send("GET", "/wp/v2/users/me", as: Account(login: "admin", password: "wrong"))
        #expect(failed.status == 401)
        #expect(try lastUsed()?.isNull == true, "a failed attempt records nothing")
        #expect(try site.send("GET", "/wp/v2/users/me", as: account).status == 200)
        // The server writes usage from a background thread and the CLI reads it from another
        // process: with the disk busy (fsync) the write can land after the answer. Wait, bounded.
        func eventually(_ condition: () throws -> Bool) throws -> Bool {
            let deadline = Date().addingTimeInterval(5)
            while Date() < deadline {
                if try condition() { return true }
                Thread.sleep(forTimeInterval: 0.02)
            }
            return try condition()
        }
        #expect(try eventually { WordPressDate.isWellFormed(try lastUsed()?.string) })
        let now = Int(Date().timeIntervalSince1970)
        for (age, recorded) in [(86_400 - 600, false), (86_400 + 600, true)] {
            let script = "import sqlite3, sys\nc = sqlite3.connect(sys.argv[1]); c.execute('UPDATE application_passwords SET last_used = ?, last_ip = ? WHERE uuid = ?', (int(sys.argv[2]), '192.0.2.1', sys.argv[3])); c.commit()"
            let update = try Tool.python(script, [site.server.databasePath, String(now - age), account.uuid])
            #expect(update.status == 0, "\(update.stderr)")
            #expect(try site.send("GET", "/wp/v2/users/me", as: account).status == 200)
            if recorded { _ = try eventually { try lastUsed()?.string.flatMap(WordPressDate.seconds).map { $0 >= now - 5 } ?? false } }
            let item = try #require(try site.stored("admin").first { $0["uuid"]?.string == account.uuid })
            let seconds = try #require(item["last_used"]?.string.flatMap(WordPressDate.seconds))
            if recorded {
                #expect(seconds >= now - 5 && item["last_ip"]?.string == "127.0.0.1", "older than a day: recorded again (\(item))")
            } else {
                #expect(seconds == now - age && item["last_ip"]?.string == "192.0.2.1", "within a day: not rewritten (\(item))")
            }
        }
    }

    /// `context`: view (default) and edit show every field but `password`; embed drops the dates
    /// and the address; anything else → 400 `rest_invalid_param` naming `context`.
    @Test func contextFiltersFields() throws {
        let site = try RESTSite()
        let uuid = try #require(try site.stored("admin").first?["uuid"]?.string)
        for route in [RESTSite.collection + "/" + uuid, RESTSite.collection + "/introspect"] {
            for (context, keys) in [("view", Self.itemKeys), ("edit", Self.itemKeys),
                                    ("embed", ["uuid", "app_id", "name", "enabled_for", "rest_api_permissions", "xml_rpc_permissions",
                                               "expires", "status", "allowed_networks", "_links"])] {
                let answer = try site.send("GET", route, as: site.admin, query: [("context", context)])
                #expect(answer.value.keys == keys, "\(route) context=\(context)")
            }
            let bad = try site.send("GET", route, as: site.admin, query: [("context", "full")])
            #expect(bad.status == 400 && bad.code == "rest_invalid_param")
            #expect(bad.value["data"]?["params"]?["context"]?.string == "context is not one of view, embed, and edit.")
        }
        let list = try site.send("GET", RESTSite.collection, as: site.admin, query: [("context", "embed")])
        #expect(list.value[0]?.keys.contains("created") == false)
    }

    /// `_fields` keeps only the named members (nested with dots), on lists, items and create.
    @Test func fieldsFiltering() throws {
        let site = try RESTSite()
        let list = try site.send("GET", RESTSite.collection, as: site.admin, query: [("_fields", "uuid,name")])
        #expect(list.value.items?.map(\.keys) == [["uuid", "name"]])
        let links = try site.send("GET", RESTSite.collection, as: site.admin, query: [("_fields", "name,_links.self")])
        #expect(links.value[0]?.keys == ["name", "_links"] && links.value[0]?["_links"]?.keys == ["self"])
        let created = try site.send("POST", RESTSite.collection, as: site.admin, query: [("_fields", "password")], json: #"{"name":"only the secret"}"#)
        #expect(created.status == 201 && created.value.keys == ["password"])
        let deleted = try site.send("DELETE", "/wp/v2/users/me/application-passwords", as: try site.account("admin"), query: [("_fields", "count")])
        #expect(deleted.text == #"{"count":3}"#)
    }

    /// `_links.self`: the numeric-id URL of the item, with `targetHints.allow` of what this caller
    /// may do there (WordPress 6.7); and an administrator may do everything on others' items.
    @Test func selfLinks() throws {
        let site = try RESTSite()
        let id = try site.addUser("sub")
        let sub = try site.account("sub")
        for (account, route) in [(sub, RESTSite.collection), (site.admin, "/wp/v2/users/\(id)/application-passwords")] {
            let item = try #require(try site.send("GET", route, as: account).value[0])
            let link = try #require(item["_links"]?["self"]?[0])
            #expect(link["href"]?.string == site.baseURL + "/wp-json/wp/v2/users/\(id)/application-passwords/\(sub.uuid)")
            #expect(link["targetHints"]?["allow"]?.strings == ["GET", "POST", "PUT", "PATCH", "DELETE"])
            #expect(try RawHTTP.request("GET", String(link["href"]!.string!.dropFirst(site.baseURL.count)), port: site.port,
                                        basic: (account.login, account.password)).value["uuid"]?.string == sub.uuid)
        }
    }
}
