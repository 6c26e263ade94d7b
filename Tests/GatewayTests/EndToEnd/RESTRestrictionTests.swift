import Foundation
import Testing

/// Read-only and API-type restrictions (iThemes §14.1, contract "Errors"), no escalation, and
/// Basic authentication on every route (§6, auth.php tests), over real HTTP in both forms.
@Suite(.timeLimit(.minutes(3)))
struct RESTRestrictionTests {
    static let readOnly = #"{"code":"unsupported_http_method","message":"This application password is read only.","data":{"status":403}}"#
    static let wrongAPI = #"{"code":"invalid_api_type","message":"This application password is not allowed to be used with the REST API.","data":{"status":401}}"#

    struct Attempt: CustomStringConvertible {
        let method: String
        let route: String
        var query: [(String, String)] = []
        var headers: [(String, String)] = []
        var json: String? = nil
        var description: String { "\(method) \(route) \(query) \(headers)" }
    }

    /// Every writing request a client could make, by method and by each override spelling.
    static func writingAttempts(item: String) -> [Attempt] {
        let collection = RESTSite.collection
        let name = #"{"name":"escalated"}"#
        return [
            Attempt(method: "POST", route: collection, json: name),
            Attempt(method: "DELETE", route: collection),
            Attempt(method: "POST", route: item, json: name),
            Attempt(method: "PUT", route: item, json: name),
            Attempt(method: "PATCH", route: item, json: name),
            Attempt(method: "DELETE", route: item),
            Attempt(method: "DELETE", route: "/wp/v2/users/1/application-passwords"),
            Attempt(method: "GET", route: collection, query: [("_method", "POST"), ("name", "escalated")]),
            Attempt(method: "GET", route: collection, query: [("_method", "DELETE")]),
            Attempt(method: "GET", route: collection, query: [("_method", "delete")]),
            Attempt(method: "GET", route: item, query: [("_method", "PUT"), ("name", "escalated")]),
            Attempt(method: "GET", route: item, query: [("_method", "PATCH"), ("name", "escalated")]),
            Attempt(method: "GET", route: item, query: [("_method", "DELETE")]),
            Attempt(method: "HEAD", route: item, query: [("_method", "DELETE")]),
            Attempt(method: "OPTIONS", route: item, query: [("_method", "DELETE")]),
            Attempt(method: "GET", route: collection, headers: [("X-HTTP-Method-Override", "DELETE")]),
            Attempt(method: "GET", route: item, headers: [("X-HTTP-Method-Override", "PATCH")], json: name),
            Attempt(method: "POST", route: item, headers: [("X-HTTP-Method-Override", "DELETE")]),
            // Refused before routing: also where no route exists.
            Attempt(method: "POST", route: "/wp/v2/users/me", json: name),
            Attempt(method: "DELETE", route: "/wp/v2/nowhere"),
        ]
    }

    @Test(arguments: RESTForm.allCases)
    func readOnlyRESTPasswordIsRefusedOnEveryWritingRequest(_ form: RESTForm) throws {
        let site = try RESTSite(form: form)
        let reader = try site.account("admin", name: "reader", "--read-only=rest")
        let item = RESTSite.collection + "/" + reader.uuid
        let before = try site.state("admin")
        for attempt in Self.writingAttempts(item: item) {
            let answer = try site.send(attempt.method, attempt.route, as: reader, query: attempt.query, json: attempt.json, headers: attempt.headers)
            #expect(answer.status == 403, "\(attempt): \(answer.text)")
            if attempt.method != "HEAD" { #expect(answer.text == Self.readOnly, "\(attempt)") }
        }
        #expect(try site.state("admin") == before, "nothing may have changed")
        // ... and may read everything it could read before.
        for (method, route, query) in [("GET", RESTSite.collection, []), ("GET", item, []), ("GET", RESTSite.collection + "/introspect", []),
                                       ("GET", "/wp/v2/users/me", []), ("GET", "/", []), ("GET", "/wp/v2", []), ("HEAD", RESTSite.collection, []),
                                       ("OPTIONS", RESTSite.collection, []), ("POST", RESTSite.collection, [("_method", "GET")])] as [(String, String, [(String, String)])] {
            let answer = try site.send(method, route, as: reader, query: query)
            #expect(answer.status == 200, "\(method) \(route) \(query): \(answer.text)")
        }
    }

    /// Read-only for XML-RPC only does not limit REST.
    @Test func readOnlyOnXMLRPCStillWritesOverREST() throws {
        let site = try RESTSite()
        let account = try site.account("admin", name: "xml reader", "--read-only=xmlrpc")
        let answer = try site.send("POST", RESTSite.collection, as: account, json: #"{"name":"child"}"#)
        #expect(answer.status == 201, "\(answer.text)")
        #expect(answer.value["xml_rpc_permissions"]?.string == "read", "the child inherits the caller's own permission")
        let rename = try site.send("PUT", RESTSite.collection + "/" + account.uuid, as: account, json: #"{"name":"renamed itself"}"#)
        #expect(rename.status == 200)
    }

    /// An XML-RPC-only password is refused on every REST route, before routing, whatever the method.
    @Test(arguments: RESTForm.allCases)
    func xmlrpcOnlyPasswordIsRefusedOnEveryRoute(_ form: RESTForm) throws {
        let site = try RESTSite(form: form)
        let legacy = try site.account("admin", name: "legacy", "--api", "xmlrpc")
        let item = RESTSite.collection + "/" + legacy.uuid
        let before = try site.stored("admin")
        let reads = [Attempt(method: "GET", route: "/"), Attempt(method: "GET", route: "/wp/v2"), Attempt(method: "GET", route: "/wp/v2/users/me"),
                     Attempt(method: "GET", route: RESTSite.collection), Attempt(method: "GET", route: item),
                     Attempt(method: "GET", route: RESTSite.collection + "/introspect"), Attempt(method: "OPTIONS", route: RESTSite.collection),
                     Attempt(method: "GET", route: "/wp/v2/nowhere")]
        for attempt in reads + Self.writingAttempts(item: item) {
            let answer = try site.send(attempt.method, attempt.route, as: legacy, query: attempt.query, json: attempt.json, headers: attempt.headers)
            #expect(answer.status == 401, "\(attempt): \(answer.text)")
            if attempt.method != "HEAD" { #expect(answer.code == "invalid_api_type", "\(attempt): \(answer.text)") }
            #expect(answer.header("WWW-Authenticate") == nil)
        }
        #expect(try site.send("GET", "/", as: legacy).text == Self.wrongAPI)
        // Usage included: iThemes refuses after the hash matched, and then records no use.
        #expect(try site.stored("admin") == before)
        // Both restrictions at once: the API type decides the status (iThemes: 401 first).
        let both = try site.account("admin", name: "legacy reader", "--api", "xmlrpc", "--read-only")
        let answer = try site.send("DELETE", RESTSite.collection, as: both)
        #expect(answer.status == 401 && answer.code == "invalid_api_type", "\(answer.text)")
        // The same password is a good one over XML-RPC, so it was refused for its type alone.
        let outcome = try PythonXMLRPC.call(site.baseURL + "/xmlrpc.php", "wp.getUsersBlogs", ["admin", legacy.password])
        #expect(outcome.faultCode == nil, "\(outcome.raw)")
    }

    /// contract "No escalation": never more API types or a wider permission than the caller's own,
    /// by create or by update; within its own rights a password may mint and edit freely.
    @Test func noEscalationByCreateOrUpdate() throws {
        let site = try RESTSite()
        _ = try site.addUser("sub")
        let narrow = try site.account("admin", name: "narrow", "--api", "rest", "--read-only=xmlrpc")
        let victim = try site.account("sub", name: "victim", "--api", "rest")
        let refusal = #"{"code":"rest_cannot_create_application_passwords","message":"Sorry, you are not allowed to create application passwords for this user.","data":{"status":403}}"#
        let before = (try site.state("admin"), try site.state("sub"))
        for (route, body) in [(RESTSite.collection, #"{"name":"x","enabled_for":["rest-api","xml-rpc"]}"#),
                              (RESTSite.collection, #"{"name":"x","enabled_for":["xml-rpc"]}"#),
                              (RESTSite.collection, #"{"name":"x","xml_rpc_permissions":"write"}"#),
                              ("/wp/v2/users/2/application-passwords", #"{"name":"x","enabled_for":"rest-api,xml-rpc"}"#)] {
            let answer = try site.send("POST", route, as: narrow, json: body)
            #expect(answer.status == 403 && answer.text == refusal, "\(route) \(body): \(answer.text)")
        }
        for (uuid, body) in [(victim.uuid, #"{"enabled_for":["rest-api","xml-rpc"]}"#), (narrow.uuid, #"{"xml_rpc_permissions":"write"}"#)] {
            let route = "/wp/v2/users/\(uuid == victim.uuid ? "2" : "me")/application-passwords/\(uuid)"
            let answer = try site.send("PATCH", route, as: narrow, json: body)
            #expect(answer.status == 403 && answer.code == "rest_cannot_edit_application_password", "\(body): \(answer.text)")
        }
        #expect(try site.state("admin") == before.0 && site.state("sub") == before.1, "nothing may have changed")
        // Within its rights: allowed.
        let allowed = try site.send("POST", RESTSite.collection, as: narrow, json: #"{"name":"ok","enabled_for":["rest-api"],"rest_api_permissions":"read"}"#)
        #expect(allowed.status == 201, "\(allowed.text)")
        let narrowed = try site.send("PATCH", "/wp/v2/users/2/application-passwords/" + victim.uuid, as: narrow, json: #"{"rest_api_permissions":"read"}"#)
        #expect(narrowed.status == 200, "\(narrowed.text)")
    }

    /// auth.php: a failing Basic header is refused on every route before routing (public ones too),
    /// with the failure's code; no `WWW-Authenticate`.
    @Test(arguments: RESTForm.allCases)
    func failedBasicIsRefusedEverywhere(_ form: RESTForm) throws {
        let site = try RESTSite(form: form)
        let cases: [(String, String, String)] = [
            ("admin", "wrong wrong wrong", "incorrect_password"),
            ("admin", "", "incorrect_password"),
            ("admin", site.admin.password.lowercased(), "incorrect_password"),
            ("ghost", site.admin.password, "invalid_username"),
            ("ghost@example.com", site.admin.password, "invalid_email"),
        ]
        for (login, password, code) in cases {
            for (method, route) in [("GET", "/"), ("GET", "/wp/v2/users/me"), ("GET", RESTSite.collection), ("OPTIONS", RESTSite.collection),
                                    ("POST", RESTSite.collection), ("GET", "/wp/v2/nowhere")] {
                let answer = try site.send(method, route, as: Account(login: login, password: password), json: method == "POST" ? #"{"name":"x"}"# : nil)
                #expect(answer.status == 401 && answer.code == code, "\(login) \(method) \(route): \(answer.text)")
                #expect(answer.header("WWW-Authenticate") == nil)
            }
        }
        #expect(try site.stored("admin").count == 1)
    }

    /// auth.php: login by username or email, chunked or raw; every byte that is not A–Z a–z 0–9
    /// is dropped, and Basic splits at the first colon, so a colon inside the password is kept
    /// (and then dropped like any other punctuation).
    @Test func loginSpellingsThatAuthenticate() throws {
        let site = try RESTSite()
        _ = try site.addUser("jane", role: "editor", email: "jane@example.com")
        let jane = try site.account("jane")
        let raw = jane.password.replacingOccurrences(of: " ", with: "")
        for (login, password) in [("jane", jane.password), ("jane", raw), ("jane@example.com", jane.password), ("JANE", raw),
                                  ("jane", String(raw.prefix(8)) + ":" + String(raw.dropFirst(8))), ("jane", raw.map { "\($0)-" }.joined())] {
            let answer = try site.send("GET", "/wp/v2/users/me", as: Account(login: login, password: password))
            #expect(answer.status == 200 && answer.value["slug"]?.string == "jane", "\(login): \(answer.text)")
        }
    }

    /// §6.1: a header that is not well-formed Basic, or Basic without a colon, makes no attempt:
    /// the request is anonymous (public routes answer, users/me says "not logged in").
    @Test func malformedBasicHeadersAreNoAttempt() throws {
        let site = try RESTSite()
        for header in ["Basic " + Data("admin".utf8).base64EncodedString(), "Bearer abc", "Basic !!!", "Basic"] {
            let me = try site.send("GET", "/wp/v2/users/me", headers: [("Authorization", header)])
            #expect(me.status == 401 && me.code == "rest_not_logged_in", "\(header): \(me.text)")
            #expect(try site.send("GET", "/", headers: [("Authorization", header)]).status == 200, "\(header)")
        }
    }

    /// contract: a CLI change while serving (revoke above all) applies from the very next request.
    @Test func aRevokeFromTheCLIAppliesToTheNextRequest() throws {
        let site = try RESTSite()
        let account = try site.account("admin", name: "short-lived")
        #expect(try site.send("GET", "/wp/v2/users/me", as: account).status == 200)
        #expect(try site.server.cli("app-password", "revoke", "admin", account.uuid).status == 0)
        #expect(try site.send("GET", "/wp/v2/users/me", as: account).code == "incorrect_password")
    }
}
