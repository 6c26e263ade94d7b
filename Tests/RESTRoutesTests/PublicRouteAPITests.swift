import CredentialCore
import Testing
@testable import RESTRoutes

/// Issue 12: an embedder's routes through the public API, next to the built-in ones: typed path
/// parameters, the argument schema (missing, invalid, defaults, OPTIONS), the read-only rule per
/// endpoint, and WordPress-shaped errors.
@Suite struct PublicRouteAPITests {
    static func routes() throws -> [RESTRoute] {
        [try RESTRoute("/example/v1/items/(?P<id>\\d+)", namespace: "example/v1", [
            RESTEndpoint(RESTEndpoint.readable, arguments: [RESTArgument("verbose", type: .boolean, default: false)]) { context throws(RESTError) in
                guard let caller = context.caller else { throw .notLoggedIn }
                return RESTReply(.object([("id", .int(context.integer("id") ?? -1)), ("verbose", .bool(context.bool("verbose") ?? true)),
                                          ("by", .string(caller.user.login))]))
            },
            RESTEndpoint(RESTEndpoint.editable, arguments: [
                RESTArgument("text", type: .string, required: true, description: "What to store."),
                RESTArgument("mood", type: .string, values: ["calm", "loud"], default: "calm"),
                RESTArgument("count", type: .integer, check: { ($0.intValue ?? 0) > 10 ? "count must be at most 10." : nil }),
            ]) { context throws(RESTError) in
                RESTReply(status: 201, .object([("text", .string(context.string("text") ?? "")), ("mood", .string(context.string("mood") ?? "")),
                                                ("count", .int(context.integer("count") ?? 0))]))
            },
        ])]
    }

    private func site() throws -> Site {
        let site = try Site()
        site.app = RESTApplication(store: site.store, routes: RESTRoute.standard + (try Self.routes()))
        return site
    }

    @Test func typedPathParametersAndDefaults() throws {
        let site = try site()
        let read = site.admin("GET", "/example/v1/items/42")
        #expect(read.status == 200 && read.text == #"{"id":42,"verbose":false,"by":"admin"}"#, "\(read.text)")
        #expect(site.admin("GET", "/example/v1/items/42", query: [("verbose", "1")]).json["verbose"] == .bool(true))
        #expect(site.admin("GET", "/example/v1/items/forty-two").code == "rest_no_route")
        #expect(site.send("GET", "/example/v1/items/42").code == "rest_not_logged_in")
        // The built-in routes are still there.
        #expect(site.admin("GET", "/wp/v2/users/me").status == 200)
    }

    @Test func argumentsAreValidatedAsWordPressDoes() throws {
        let site = try site()
        let created = site.admin("PUT", "/example/v1/items/1", json: #"{"text":"hi","count":"3"}"#)
        #expect(created.status == 201 && created.text == #"{"text":"hi","mood":"calm","count":3}"#, "\(created.text)")
        let missing = site.admin("PUT", "/example/v1/items/1", json: "{}")
        #expect(missing.status == 400 && missing.code == "rest_missing_callback_param" && missing.json["data"]?["params"] == .array(["text"]))
        let invalid = site.admin("PUT", "/example/v1/items/1", json: #"{"text":5,"mood":"angry","count":11}"#)
        #expect(invalid.status == 400 && invalid.code == "rest_invalid_param", "\(invalid.text)")
        #expect(invalid.json["data"]?["params"]?["text"]?.stringValue == "text is not of type string.")
        #expect(invalid.json["data"]?["params"]?["mood"]?.stringValue == "mood is not one of calm and loud.")
        #expect(invalid.json["data"]?["params"]?["count"]?.stringValue == "count must be at most 10.")
        #expect(invalid.json["data"]?["details"]?["count"]?["code"]?.stringValue == "rest_invalid_param")
    }

    @Test func optionsDescribesTheArguments() throws {
        let site = try site()
        let options = site.admin("OPTIONS", "/example/v1/items/7")
        let put = try #require(options.json["endpoints"]?.arrayValue?.first { $0["methods"]?.arrayValue?.contains("PUT") == true })
        #expect(put["args"]?["text"] == .object([("description", "What to store."), ("type", "string"), ("required", true)]))
        #expect(put["args"]?["mood"] == .object([("type", "string"), ("default", "calm"), ("enum", ["calm", "loud"]), ("required", false)]))
        #expect(options.json["namespace"]?.stringValue == "example/v1")
    }

    @Test func readOnlyPasswordsFollowEachEndpointsDeclaration() throws {
        let site = try site()
        let reader = try site.password(for: site.admin, PasswordRequest(name: "reader", restAPIPermission: .read)).plain
        let get = site.send("GET", "/example/v1/items/3", as: .basic("admin", reader))
        #expect(get.status == 200)
        let put = site.send("PUT", "/example/v1/items/3", as: .basic("admin", reader), json: #"{"text":"x"}"#)
        #expect(put.status == 403 && put.code == "unsupported_http_method")
        // A POST that declares it only reads is let through.
        let teapot = try RESTRoute("/example/v1/teapot", namespace: "example/v1", [
            RESTEndpoint(["POST"], writes: false) { _ throws(RESTError) in
                throw RESTError(status: 418, code: "example_teapot", message: "I am a teapot.", data: [("spout", "short")])
            },
        ])
        site.app = RESTApplication(store: site.store, routes: RESTRoute.standard + [teapot])
        let brewed = site.send("POST", "/example/v1/teapot", as: .basic("admin", reader))
        #expect(brewed.status == 418 && brewed.text == #"{"code":"example_teapot","message":"I am a teapot.","data":{"status":418,"spout":"short"}}"#,
                "\(brewed.text)")
    }

    @Test func patternsOutsideTheThreeShapesAreRefused() {
        #expect(throws: RoutePatternError.self) { try RESTRoute("/x/(?P<id>[a-z]+)", namespace: "x", []) }
        #expect(throws: RoutePatternError.self) { try RESTRoute("no-slash", namespace: "x", []) }
        #expect(throws: RoutePatternError.self) { try RESTRoute("/x/(?P<id>\\d+)/(?P<id>\\d+)", namespace: "x", []) }
        #expect(throws: Never.self) { try RESTRoute("/x/(?P<user>(?:[\\d]+|me))/(?P<slug>[\\w-]+)", namespace: "x", []) }
    }
}
