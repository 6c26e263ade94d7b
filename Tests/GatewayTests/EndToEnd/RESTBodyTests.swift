import Foundation
import Testing

/// Request bodies and parameter validation (§8.1, §8.2; class-level empty-name tests): JSON and
/// form bodies, the query string, UTF-8 throughout, invalid JSON, and WordPress's 400 answers with
/// `data.params`. Every refused request leaves the store as it was.
@Suite(.timeLimit(.minutes(3)))
struct RESTBodyTests {
    static let name = "Café ☕ 日本語 😀"

    @Test func jsonFormAndQueryParametersAllCreate() throws {
        let site = try RESTSite()
        let json = try site.send("POST", RESTSite.collection, as: site.admin, json: #"{"name":"JSON App","enabled_for":["rest-api"]}"#)
        #expect(json.status == 201 && json.value["name"]?.string == "JSON App" && json.value["enabled_for"]?.strings == ["rest-api"])
        let form = try site.send("POST", RESTSite.collection, as: site.admin,
                                 formBody: "name=Form+App%21&enabled_for%5B%5D=xml-rpc&rest_api_permissions=read")
        #expect(form.status == 201, "\(form.text)")
        #expect(form.value["name"]?.string == "Form App!" && form.value["enabled_for"]?.strings == ["xml-rpc"])
        #expect(form.value["rest_api_permissions"]?.string == "read")
        let query = try site.send("POST", RESTSite.collection, as: site.admin, query: [("name", "Query App"), ("app_id", RESTItemTests.appID)])
        #expect(query.status == 201 && query.value["name"]?.string == "Query App" && query.value["app_id"]?.string == RESTItemTests.appID)
        // WordPress's order: JSON body, then form body, then query.
        let both = try site.send("POST", RESTSite.collection, as: site.admin, query: [("name", "from query")], json: #"{"name":"from body"}"#)
        #expect(both.value["name"]?.string == "from body")
        #expect(try site.stored("admin").count == 5)
    }

    /// UTF-8 in, UTF-8 out: raw in JSON, as `\u` escapes (a surrogate pair too), and percent-encoded in a form.
    @Test func unicodeNamesSurviveEveryEncoding() throws {
        let site = try RESTSite()
        let raw = try site.send("POST", RESTSite.collection, as: site.admin, json: #"{"name":"\#(Self.name)"}"#)
        let escaped = try site.send("POST", RESTSite.collection, as: site.admin,
                                    json: #"{"name":"Caf\u00e9 \u2615 \u65e5\u672c\u8a9e \ud83d\ude00"}"#)
        let form = try site.send("POST", RESTSite.collection, as: site.admin, formBody: "name=" + RESTSite.encode(Self.name))
        for answer in [raw, escaped, form] {
            #expect(answer.status == 201 && answer.value["name"]?.string == Self.name, "\(answer.text)")
        }
        let listed = try site.send("GET", RESTSite.collection, as: site.admin).value.items?.compactMap { $0["name"]?.string }
        #expect(listed?.filter { $0 == Self.name }.count == 3)
        #expect(try site.stored("admin").filter { $0["name"]?.string == Self.name }.count == 3, "stored as the same UTF-8")
        let renamed = try site.send("PATCH", RESTSite.collection + "/" + (raw.value["uuid"]?.string ?? ""), as: site.admin, json: #"{"name":"Ünïcødé"}"#)
        #expect(renamed.value["name"]?.string == "Ünïcødé")
    }

    /// §4.1: names are sanitised as text fields (tags stripped, whitespace collapsed, trimmed).
    @Test func namesAreSanitised() throws {
        let site = try RESTSite()
        for (sent, kept) in [("  two \t  words \n", "two words"), ("<b>bold</b> app", "bold app"), ("a%41b", "ab")] {
            let answer = try site.send("POST", RESTSite.collection, as: site.admin, json: "{\"name\":\(Self.quoted(sent))}")
            #expect(answer.status == 201 && answer.value["name"]?.string == kept, "\(sent): \(answer.text)")
        }
    }

    /// Class-level `test_create_new_password_fails_with_empty_name` cases over REST: no body and no
    /// `name` → 400 `rest_missing_callback_param`; only spaces → `rest_invalid_param` (pattern);
    /// only a `<script>` element → 400 `application_password_empty_name`. Validation comes before
    /// the permission check, so nobody gets the same answers.
    @Test func emptyNamesAreRefused() throws {
        let site = try RESTSite()
        let missing = #"{"code":"rest_missing_callback_param","message":"Missing parameter(s): name","data":{"status":400,"params":["name"]}}"#
        for caller in [site.admin, nil] {
            #expect(try site.send("POST", "/wp/v2/users/1/application-passwords", as: caller).text == missing)
            #expect(try site.send("POST", "/wp/v2/users/1/application-passwords", as: caller, json: #"{"app_id":""}"#).text == missing)
            #expect(try site.send("POST", "/wp/v2/users/1/application-passwords", as: caller, json: #"{"name":null}"#).text == missing)
            let spaces = try site.send("POST", "/wp/v2/users/1/application-passwords", as: caller, json: #"{"name":"   "}"#)
            #expect(spaces.status == 400 && spaces.code == "rest_invalid_param")
            #expect(spaces.value["data"]?["params"]?["name"]?.string == "name does not match pattern .*\\S.*.")
            let empty = try site.send("POST", "/wp/v2/users/1/application-passwords", as: caller, json: #"{"name":""}"#)
            #expect(empty.value["data"]?["params"]?["name"]?.string == "name must be at least 1 character long.")
        }
        let script = try site.send("POST", RESTSite.collection, as: site.admin, json: #"{"name":"<script>alert(1)</script>"}"#)
        #expect(script.text == #"{"code":"application_password_empty_name","message":"An application name is required to create an application password.","data":{"status":400}}"#)
        #expect(try site.stored("admin").count == 1)
    }

    /// 400 `rest_invalid_param`: `message` lists the parameters, `data.params` maps each to its
    /// message and `data.details` to `{code, message, data}` (`WP_REST_Request::has_valid_params`).
    @Test func invalidParametersAreNamedInDataParams() throws {
        let site = try RESTSite()
        let cases: [(String, String, String)] = [
            (#"{"name":"x","app_id":"not-a-uuid"}"#, "app_id", "app_id is not a valid UUID."),
            (#"{"name":"x","enabled_for":[]}"#, "enabled_for", "enabled_for must contain at least 1 item."),
            (#"{"name":"x","enabled_for":["rest-api","soap"]}"#, "enabled_for", "enabled_for[1] is not one of rest-api and xml-rpc."),
            (#"{"name":"x","rest_api_permissions":"admin"}"#, "rest_api_permissions", "rest_api_permissions is not one of read and write."),
            (#"{"name":"x","xml_rpc_permissions":true}"#, "xml_rpc_permissions", "xml_rpc_permissions is not of type string."),
            (#"{"name":5}"#, "name", "name is not of type string."),
        ]
        for (body, parameter, message) in cases {
            let answer = try site.send("POST", RESTSite.collection, as: site.admin, json: body)
            #expect(answer.status == 400 && answer.code == "rest_invalid_param", "\(body): \(answer.text)")
            #expect(answer.value["message"]?.string == "Invalid parameter(s): \(parameter)")
            #expect(answer.value["data"]?["status"]?.int == 400)
            #expect(answer.value["data"]?["params"] == .object([.init(key: parameter, value: .string(message))]), "\(body): \(answer.text)")
            #expect(answer.value["data"]?["details"]?[parameter]?["message"]?.string == message)
        }
        let two = try site.send("POST", RESTSite.collection, as: site.admin, json: #"{"name":"x","app_id":"nope","rest_api_permissions":"all"}"#)
        #expect(two.value["message"]?.string == "Invalid parameter(s): app_id, rest_api_permissions")
        #expect(two.value["data"]?["params"]?.keys == ["app_id", "rest_api_permissions"])
        // The same checks guard update.
        let uuid = try #require(try site.stored("admin").first?["uuid"]?.string)
        let update = try site.send("PUT", RESTSite.collection + "/" + uuid, as: site.admin, json: #"{"enabled_for":[]}"#)
        #expect(update.status == 400 && update.value["data"]?["params"]?["enabled_for"] != nil)
        #expect(try site.stored("admin").count == 1)
        #expect(try site.stored("admin").first?["enabled_for"]?.strings == ["rest-api", "xml-rpc"])
    }

    /// `app_id` is checked by `wp_is_uuid`, which takes lower-case hex only (§2.2), and like every
    /// parameter before the permission check: an upper-case UUID is a 400 for anybody, never a
    /// 201, 401 or 403.
    @Test func upperCaseAppIDIsInvalidBeforePermissions() throws {
        let site = try RESTSite()
        _ = try site.addUser("sub")
        let sub = try site.account("sub")
        let body = #"{"name":"x","app_id":"\#(RESTItemTests.appID.uppercased())"}"#
        for (caller, route) in [(Optional(site.admin), RESTSite.collection), (nil, "/wp/v2/users/1/application-passwords"),
                                (Optional(sub), "/wp/v2/users/1/application-passwords")] {
            let answer = try site.send("POST", route, as: caller, json: body)
            #expect(answer.status == 400 && answer.code == "rest_invalid_param", "\(caller?.login ?? "nobody"): \(answer.text)")
            #expect(answer.value["data"]?["params"]?["app_id"]?.string == "app_id is not a valid UUID.")
        }
        #expect(try site.stored("admin").count == 1)
    }

    /// 400 `rest_invalid_json` with PHP's `json_last_error` code and message, once a route matched.
    @Test func invalidJSONIsRefused() throws {
        let site = try RESTSite()
        let syntax = try site.send("POST", RESTSite.collection, as: site.admin, json: #"{"name":"#)
        #expect(syntax.text == #"{"code":"rest_invalid_json","message":"Invalid JSON body passed.","data":{"status":400,"json_error_code":4,"json_error_message":"Syntax error"}}"#)
        // Malformed UTF-8 inside a JSON string (0xC3 0x28), sent as raw bytes.
        let connection = try RawClient(port: site.port)
        let body: [UInt8] = Array(#"{"name":"bad "#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)
        let head = "POST /wp-json\(RESTSite.collection) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
            + "Authorization: Basic \(Data("admin:\(site.admin.password)".utf8).base64EncodedString())\r\n"
            + "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n\r\n"
        try connection.send(Array(head.utf8) + body)
        let utf8 = try connection.readResponse()
        #expect(utf8.status == 400 && utf8.code == "rest_invalid_json", "\(utf8.text)")
        #expect(utf8.value["data"]?["json_error_code"]?.int == 5)
        // An unknown route is still "no route", whatever the body.
        #expect(try site.send("POST", "/wp/v2/nowhere", as: site.admin, json: "{").code == "rest_no_route")
        #expect(try site.stored("admin").count == 1)
    }

    /// `curl -d` and `curl -F` (form-urlencoded and multipart) and `curl --json`, as the README shows them.
    @Test func curlCommandLinesWork() throws {
        let site = try RESTSite()
        let url = site.baseURL + "/wp-json" + RESTSite.collection
        let user = "admin:" + site.admin.password
        let form = try Tool.curl(["-u", user, "-d", "name=curl form", "-d", "enabled_for[]=rest-api", url])
        #expect(try WireJSON.parse(Array(form.stdout.utf8))["name"]?.string == "curl form", "\(form.stdout) \(form.stderr)")
        let multipart = try Tool.curl(["-u", user, "-F", "name=curl multipart", url])
        #expect(try WireJSON.parse(Array(multipart.stdout.utf8))["name"]?.string == "curl multipart", "\(multipart.stdout)")
        let json = try Tool.curl(["-u", user, "-H", "Content-Type: application/json", "-d", #"{"name":"curl json"}"#, url])
        #expect(try WireJSON.parse(Array(json.stdout.utf8))["name"]?.string == "curl json", "\(json.stdout)")
        #expect(try site.stored("admin").count == 4)
    }

    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\t", with: "\\t") + "\""
    }
}
