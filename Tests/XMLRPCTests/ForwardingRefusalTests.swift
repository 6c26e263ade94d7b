import CredentialCore
import PostgresFixture
import Testing
@testable import XMLRPC

/// What the gateway answers itself instead of forwarding: each refusal with its code, and the
/// cases that must go through.
@Suite struct ForwardingRefusalTests {
    @Test(arguments: StoreBackend.available) func aReadOnlyPasswordReadsButDoesNotWrite(_ backend: StoreBackend) throws {
        let site = try ForwardingSite(backend)
        #expect(Outcome.forwarded(try site.route("wp.getPosts", [1, "jane", .string(site.reader)])) != nil)
        let write = try site.route("wp.newPost", [1, "jane", .string(site.reader), .makeStruct(["post_title": "x"])])
        #expect(Outcome.fault(write) == Fault(code: 401, "Sorry, this application password is read-only."))
        #expect(Outcome.forwarded(try site.route("wp.newPost", [1, "jane", .string(site.writer), .makeStruct(["post_title": "x"])])) != nil)
    }

    @Test(arguments: StoreBackend.available) func aPasswordForRESTOnlyIsTheWrongAPIType(_ backend: StoreBackend) throws {
        let site = try ForwardingSite(backend)
        let fault = Outcome.fault(try site.route("wp.getPosts", [1, "jane", .string(site.restOnly)]))
        #expect(fault == Fault(AuthFailure.wrongAPIType))
        #expect(fault?.code == 403)
    }

    @Test(arguments: StoreBackend.available) func aUserWithoutUpstreamCredentialIsRefused(_ backend: StoreBackend) throws {
        let site = try ForwardingSite(backend)
        let fault = Outcome.fault(try site.route("wp.getPosts", [1, "bob", .string(site.bobPassword)]))
        #expect(fault == Fault(code: 403, "dualgate has no upstream credential for this user."))
        #expect(Outcome.faultCode(try site.route("wp.getPosts", [1, "bob", "wrong"])) == 403)
    }

    @Test(arguments: StoreBackend.available) func tooFewArgumentsAreRefusedBeforeAnyLogin(_ backend: StoreBackend) throws {
        let site = try ForwardingSite(backend)
        // wp.getPosts needs 3: refused with WordPress's 400 whatever the password.
        for params: [Value] in [[1, "jane"], ["jane"], [.array([1, "jane"])], [.makeStruct(["1": "jane"])]] {
            #expect(Outcome.fault(try site.route("wp.getPosts", params)) == Fault(code: 400, "Insufficient arguments passed to this XML-RPC method."), "\(params)")
        }
        // A method without minimum_args whose credential positions are missing: 400 too, no login.
        #expect(Outcome.faultCode(try site.route("wp.getComment", [1, "jane"])) == 400)
    }

    @Test(arguments: StoreBackend.available) func nonStringCredentialsAreRefused(_ backend: StoreBackend) throws {
        let site = try ForwardingSite(backend)
        let fault = Outcome.fault(try site.route("wp.getPosts", [1, .array(["jane"]), .string(site.writer)]))
        #expect(fault == Fault(code: 400, "The username and password must be strings."))
        #expect(Outcome.faultCode(try site.route("wp.getPosts", [1, "jane", 12345])) == 400)
    }

    /// IXR drops `<nil/>` and `<i8>` from a list, so forwarded they would move the swapped
    /// credentials away from where WordPress reads and put unchecked ones there.
    @Test(arguments: StoreBackend.available) func argumentsWordPressDropsAreRefusedBeforeTheCredentials(_ backend: StoreBackend) throws {
        let site = try ForwardingSite(backend)
        let shifted: [[Value]] = [
            [.nil, "jane", .string(site.writer), "admin", "admin's password"],
            [.int(1 << 40), "jane", .string(site.writer), "admin", "admin's password"],
            [.array([.nil, "jane", .string(site.writer), "admin", "admin's password"])],
        ]
        for params in shifted {
            #expect(Outcome.fault(try site.route("wp.getPosts", params)) == Fault.argumentsWordPressWouldShift)
        }
        // Inside a struct nothing moves, and an anonymous method has nothing to move.
        #expect(Outcome.forwarded(try site.route("wp.getPosts", [.makeStruct(["0": .nil, "1": "jane", "2": .string(site.writer)])])) != nil)
        #expect(Outcome.forwarded(try site.route("demo.sayHello", [.nil, .int(1 << 40)])) != nil)
    }

    @Test(arguments: StoreBackend.available) func aWrongPasswordIsRefusedAndNotForwarded(_ backend: StoreBackend) throws {
        let site = try ForwardingSite(backend)
        #expect(Outcome.fault(try site.route("wp.getPosts", [1, "jane", "nope"])) == Fault(code: 403, "Incorrect username or password."))
    }

    @Test(arguments: StoreBackend.available) func unknownMethodsFailClosedUnlessForwardingIsAsked(_ backend: StoreBackend) throws {
        let site = try ForwardingSite(backend)
        let params: [Value] = ["jane", .string(site.writer)]
        #expect(Outcome.faultCode(try site.route("plugin.secretThing", params)) == -32601)
        let call = try #require(Outcome.forwarded(try site.route("plugin.secretThing", params, forwarding: site.forwarding(unknown: true))))
        #expect(try ValueDecoder.methodCall(from: call.body) == MethodCall(methodName: "plugin.secretThing", params: params), "params go as typed")
        #expect(call.caller == nil)
    }

    @Test(arguments: StoreBackend.available) func aCatalogueFileAddsAMethod(_ backend: StoreBackend) throws {
        let site = try ForwardingSite(backend)
        let extra = try XMLRPCCatalogue(json: Array(#"[{"name": "plugin.secretThing", "username_index": 0, "password_index": 1, "class": "write"}]"#.utf8))
        let forwarding = site.forwarding(catalogue: XMLRPCCatalogue.wordpress.merging(extra))
        let call = try #require(Outcome.forwarded(try site.route("plugin.secretThing", ["jane", .string(site.writer), 5], forwarding: forwarding)))
        #expect(try ValueDecoder.methodCall(from: call.body).params == [.string(ForwardingSite.upstreamLogin), .string(ForwardingSite.upstreamPassword), 5])
        #expect(Outcome.faultCode(try site.route("plugin.secretThing", ["jane", .string(site.reader)], forwarding: forwarding)) == 401)
    }

    @Test(arguments: StoreBackend.available) func pingbacksAreRefusedUnlessTheSiteAllowsThem(_ backend: StoreBackend) throws {
        let site = try ForwardingSite(backend)
        let params: [Value] = ["https://attacker.example/", "https://example.test/?p=1"]
        for method in ["pingback.ping", "pingback.extensions.getPingbacks", "pingback.other"] {
            let fault = try #require(Outcome.fault(try site.route(method, params, forwarding: site.forwarding(unknown: true))), "\(method)")
            #expect(fault.code == -32601 && fault.message.contains("xmlrpc_pingbacks"), "\(method)")
        }
        let call = try #require(Outcome.forwarded(try site.route("pingback.ping", params, forwarding: site.forwarding(pingbacks: true))))
        #expect(try ValueDecoder.methodCall(from: call.body).params == params)
    }

    @Test(arguments: StoreBackend.available) func dualgateMethodsAreAnsweredHere(_ backend: StoreBackend) throws {
        let site = try ForwardingSite(backend)
        guard case .success(.array(let items)) = Outcome.answer(try site.route("dualgate.listApplicationPasswords", ["jane", .string(site.writer)])) else {
            Issue.record("not answered here"); return
        }
        #expect(items.count == 3)
    }

    @Test(arguments: StoreBackend.available) func aBodyThatIsNoCallIsAnsweredHere(_ backend: StoreBackend) throws {
        let site = try ForwardingSite(backend)
        let context = CallContext(store: site.store, basicCredentials: nil, clientAddress: "192.0.2.7", siteURL: "https://example.test")
        let outcome = site.endpoint.route(body: Array("<methodCall>".utf8), context: context, forwarding: site.forwarding())
        #expect(Outcome.faultCode(outcome) == -32700)
    }
}
