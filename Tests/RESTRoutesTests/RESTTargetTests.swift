import Testing
@testable import RESTRoutes

@Suite struct RESTTargetTests {
    @Test func prettyForm() throws {
        let target = try #require(RESTTarget(target: "/wp-json/wp/v2/users/me/application-passwords?context=edit&_fields=a%2Cb&x=1+2"))
        #expect(target.route == "/wp/v2/users/me/application-passwords")
        #expect(target.query.map(\.name) == ["context", "_fields", "x"] && target.query.map(\.value) == ["edit", "a,b", "1 2"])
        #expect(try #require(RESTTarget(target: "/wp-json")).route == "/")
        #expect(try #require(RESTTarget(target: "/wp-json/")).route == "/")
        #expect(try #require(RESTTarget(target: "/wp-json/a%20b+c")).route == "/a b+c")
    }

    @Test func plainForm() throws {
        let target = try #require(RESTTarget(target: "/?rest_route=%2Fwp%2Fv2%2Fusers%2Fme&_method=DELETE"))
        #expect(target.route == "/wp/v2/users/me")
        #expect(target.query.map(\.name) == ["_method"])
        #expect(try #require(RESTTarget(target: "/index.php?rest_route=/")).route == "/")
        #expect(try #require(RESTTarget(target: "/?rest_route=")).route == "/")
    }

    @Test(arguments: ["/", "/xmlrpc.php", "/wp-jsonx/a", "/healthz?rest_route=/", "/?other=1"])
    func notREST(_ target: String) {
        #expect(RESTTarget(target: target) == nil)
    }
}
