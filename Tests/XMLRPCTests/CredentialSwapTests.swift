import CredentialCore
import PostgresFixture
import Testing
import XMLRPC

/// Every credential layout of the catalogue's unusual cases: the call that goes upstream decodes
/// to the client's params with only the login and password replaced, and carries no password of
/// the client.
@Suite struct CredentialSwapTests {
    /// A layout: method, the client's params built from (login, password), and the expected
    /// upstream params built from the upstream (login, password).
    struct Layout: CustomTestStringConvertible, Sendable {
        let name: String
        let method: String
        let params: @Sendable (String, String) -> [Value]
        var testDescription: String { name }
    }

    static let filter: Value = .makeStruct(["post_type": "page", "number": 5])

    static let layouts: [Layout] = [
        Layout(name: "[0],[1] wp.getUsersBlogs", method: "wp.getUsersBlogs") { [.string($0), .string($1)] },
        Layout(name: "[2],[3] blogger.getPost", method: "blogger.getPost") { ["appkey", 42, .string($0), .string($1)] },
        Layout(name: "[2],[3] wp.editPage", method: "wp.editPage") { [1, 7, .string($0), .string($1), .makeStruct(["title": "T"]), true] },
        Layout(name: "[1],[2] wp.getPosts", method: "wp.getPosts") { [1, .string($0), .string($1), filter] },
        Layout(name: "[1],[2] metaWeblog.getPost (post id first)", method: "metaWeblog.getPost") { [99, .string($0), .string($1)] },
        Layout(name: "unwrap: one array", method: "wp.getPosts") { [.array([1, .string($0), .string($1), filter])] },
        Layout(name: "unwrap: one struct \"1\"/\"2\"", method: "wp.getPosts") { [.makeStruct(["0": 1, "1": .string($0), "2": .string($1), "3": filter])] },
    ]

    @Test(arguments: StoreBackend.available, layouts)
    func onlyTheCredentialsAreReplaced(_ backend: StoreBackend, _ layout: Layout) throws {
        let site = try ForwardingSite(backend)
        let call = try #require(Outcome.forwarded(try site.route(layout.method, layout.params("jane", site.writer))))
        let upstream = try ValueDecoder.methodCall(from: call.body)
        #expect(upstream == MethodCall(methodName: layout.method, params: layout.params(ForwardingSite.upstreamLogin, ForwardingSite.upstreamPassword)))
        #expect(!site.clientPasswordsAppear(in: call.body))
        #expect(call.caller?.user.login == "jane")
        #expect(!call.needsAnswerRewrite)
    }

    /// Mirrors `Invocation`: empty login and password params with HTTP Basic use Basic; the call
    /// still carries the upstream credential in its params.
    @Test(arguments: StoreBackend.available, layouts)
    func basicCredentialsFillEmptyParams(_ backend: StoreBackend, _ layout: Layout) throws {
        let site = try ForwardingSite(backend)
        let basic = BasicCredentials(login: "jane", password: site.writer)
        let call = try #require(Outcome.forwarded(try site.route(layout.method, layout.params("", ""), basic: basic)))
        #expect(try ValueDecoder.methodCall(from: call.body).params == layout.params(ForwardingSite.upstreamLogin, ForwardingSite.upstreamPassword))
        #expect(!site.clientPasswordsAppear(in: call.body))
    }

    /// Params win over Basic when they are given (WordPress reads only the params).
    @Test(arguments: StoreBackend.available) func givenParamsWinOverBasic(_ backend: StoreBackend) throws {
        let site = try ForwardingSite(backend)
        let basic = BasicCredentials(login: "jane", password: site.writer)
        #expect(Outcome.faultCode(try site.route("wp.getUsersBlogs", ["jane", "wrong password"], basic: basic)) == 403)
    }

    @Test(arguments: StoreBackend.available, layouts)
    func identityHeadersBlankTheCredentials(_ backend: StoreBackend, _ layout: Layout) throws {
        let site = try ForwardingSite(backend)
        let outcome = try site.route(layout.method, layout.params("jane", site.writer), forwarding: site.forwarding(credentials: .identityHeaders))
        let call = try #require(Outcome.forwarded(outcome))
        #expect(try ValueDecoder.methodCall(from: call.body).params == layout.params("", ""))
        #expect(call.caller?.user.login == "jane")
        #expect(!site.clientPasswordsAppear(in: call.body))
        #expect(!call.body.contains(subsequence: Array(ForwardingSite.upstreamPassword.utf8)))
    }

    @Test(arguments: StoreBackend.available) func anonymousMethodsGoUpstreamAsTheyCame(_ backend: StoreBackend) throws {
        let site = try ForwardingSite(backend)
        let params: [Value] = [.makeStruct(["anything": "as typed"]), 3]
        let call = try #require(Outcome.forwarded(try site.route("demo.sayHello", params)))
        #expect(try ValueDecoder.methodCall(from: call.body) == MethodCall(methodName: "demo.sayHello", params: params))
        #expect(call.caller == nil)
    }
}
