import Testing
@testable import RESTRoutes

@Suite struct RouterTests {
    private let router = Router(routes: [IndexRoute.route, UsersMeRoute.route] + ApplicationPasswordRoutes.routes)

    private func matched(_ path: String, _ method: String) -> (pattern: String, methods: [String], parameters: [String: String])? {
        guard let match = router.match(Router.normalise(path), method: method) else { return nil }
        return (match.route.pattern.text, match.endpoint.methods, match.parameters)
    }

    private let base = ApplicationPasswordRoutes.base

    @Test func collectionIntrospectAndItemRoutes() throws {
        let list = try #require(matched("/wp/v2/users/me/application-passwords", "GET"))
        #expect(list.pattern == base && list.parameters == ["user_id": "me"])
        #expect(try #require(matched("/wp/v2/users/12/application-passwords", "POST")).methods == ["POST"])
        #expect(try #require(matched("/wp/v2/users/12/application-passwords", "DELETE")).methods == ["DELETE"])
        let introspect = try #require(matched("/wp/v2/users/me/application-passwords/introspect", "GET"))
        #expect(introspect.pattern == base + "/introspect")
        let item = try #require(matched("/wp/v2/users/1/application-passwords/6f1c7f3e-aaaa-4bbb-8ccc-0123456789ab", "PATCH"))
        #expect(item.pattern == base + "/(?P<uuid>[\\w\\-]+)" && item.methods == RESTEndpoint.editable)
        #expect(item.parameters == ["user_id": "1", "uuid": "6f1c7f3e-aaaa-4bbb-8ccc-0123456789ab"])
    }

    @Test func aWrongMethodOnIntrospectFallsThroughToTheItemRoute() throws {
        let put = try #require(matched("/wp/v2/users/me/application-passwords/introspect", "PUT"))
        #expect(put.parameters["uuid"] == "introspect")
    }

    @Test func headIsServedByGetHandlers() throws {
        #expect(try #require(matched("/wp/v2/users/me", "HEAD")).methods == ["GET"])
        #expect(try #require(matched("/", "HEAD")).pattern == "/")
    }

    @Test(arguments: [("/wp/v2/users/me", "POST"), ("/wp/v2/users/abc/application-passwords", "GET"),
                      ("/wp/v2/users/me/application-passwords/a.b", "GET"), ("/wp/v2/users//application-passwords", "GET"),
                      ("/wp/v2/nothing", "GET"), ("/", "POST"), ("/wp/v2/users/me/application-passwords/introspect", "POST.")])
    func noRoute(_ path: String, _ method: String) {
        #expect(matched(path, method) == nil)
    }

    @Test func matchingIsCaseInsensitiveAndIgnoresATrailingSlash() throws {
        #expect(try #require(matched("/WP/V2/Users/ME/", "GET")).pattern == "/wp/v2/users/me")
        #expect(try #require(matched("/wp/v2/users/Me/application-passwords", "GET")).parameters == ["user_id": "Me"])
        #expect(Router.normalise("") == "/" && Router.normalise("//") == "/" && Router.normalise("wp/v2/") == "/wp/v2")
    }
}

@Suite struct EffectiveMethodTests {
    private func request(_ method: String, query: [(name: String, value: String)] = [], headers: [String: String] = [:]) -> RESTRequest {
        RESTRequest(method: method, route: "/", query: query, headers: headers.map { (name: $0.key, value: $0.value) },
                    body: [], clientAddress: "127.0.0.1", siteURL: "http://example.test")
    }

    @Test func queryOverrideWinsOverHeader() {
        #expect(EffectiveMethod.of(request("GET", query: [("_method", "delete")], headers: ["X-HTTP-Method-Override": "PUT"])) == "DELETE")
    }

    @Test func headerOverride() {
        #expect(EffectiveMethod.of(request("GET", headers: ["x-http-method-override": "patch"])) == "PATCH")
    }

    @Test func plainMethodIsUpperCased() {
        #expect(EffectiveMethod.of(request("post")) == "POST")
    }

    @Test func readingMethods() {
        #expect(["GET", "HEAD", "OPTIONS"].allSatisfy(EffectiveMethod.isReading))
        #expect(!["POST", "PUT", "PATCH", "DELETE", "FOO"].contains(where: EffectiveMethod.isReading))
    }
}
