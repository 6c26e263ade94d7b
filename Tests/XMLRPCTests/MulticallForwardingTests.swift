import CredentialCore
import PostgresFixture
import Testing
@testable import XMLRPC

/// `system.multicall` through the gateway: entries checked one by one with the request's one
/// `AuthGate`, the forwarded ones sent in one upstream multicall, the answers merged in order.
@Suite struct MulticallForwardingTests {
    static func multicall(_ entries: [Value]) -> [Value] { [.array(entries)] }

    @Test(arguments: StoreBackend.available) func entriesAreSplitAndTheAnswersMergedInOrder(_ backend: StoreBackend) throws {
        let site = try ForwardingSite(backend)
        let entries: [Value] = [
            .entry("wp.getPosts", [1, "jane", .string(site.writer)]),                        // 0 upstream
            .entry("dualgate.listApplicationPasswords", ["jane", .string(site.writer)]),     // 1 here
            .entry("plugin.unknown", []),                                                    // 2 -32601
            .entry("wp.newPost", [1, "jane", .string(site.reader), .makeStruct([:])]),       // 3 401
            .entry("system.multicall", [.array([])]),                                        // 4 -32600
            .entry("demo.sayHello", []),                                                     // 5 upstream
            .entry("wp.getUsersBlogs", ["jane", "wrong"]),                                   // 6 403
            .entry("wp.getProfile", [1, "jane", .string(site.writer)]),                      // 7 403, unchecked
        ]
        let call = try #require(Outcome.forwarded(try site.route("system.multicall", Self.multicall(entries))))
        #expect(call.needsAnswerRewrite)
        #expect(!site.clientPasswordsAppear(in: call.body))
        let upstream = try ValueDecoder.methodCall(from: call.body)
        #expect(upstream == MethodCall(methodName: "system.multicall", params: Self.multicall([
            .entry("wp.getPosts", [1, .string(ForwardingSite.upstreamLogin), .string(ForwardingSite.upstreamPassword)]),
            .entry("demo.sayHello", []),
        ])))

        let answer = try ValueEncoder.response(.array([.array([.array(["post"])]), .faultSlot(-32601, "server error. requested method demo.sayHello does not exist.")]))
        guard case .success(.array(let slots)) = try ValueDecoder.methodResponse(from: call.clientAnswer(fromUpstream: answer)) else {
            Issue.record("no array"); return
        }
        try #require(slots.count == 8)
        #expect(slots[0] == .array([.array(["post"])]))
        guard case .array(let local) = slots[1], case .array(let items) = local.first else { Issue.record("dualgate.* not answered"); return }
        #expect(items.count == 3)
        #expect(slots[2] == Fault.methodNotFound("plugin.unknown").value)
        #expect(slots[3] == Fault.readOnlyPassword.value)
        #expect(slots[4] == Fault.recursiveMulticall.value)
        #expect(slots[5] == .faultSlot(-32601, "server error. requested method demo.sayHello does not exist."))
        #expect(slots[6] == Fault(AuthFailure.incorrectPassword).value)
        #expect(slots[7] == Fault(AuthFailure.notCheckedAfterEarlierFailure).value, "after one failure, later logins fail unchecked")
    }

    /// WordPress's amplification defence with the store's real lockout (10 failures per login):
    /// a multicall of 30 wrong guesses costs one check, so jane is not locked out afterwards;
    /// 10 separate wrong requests do lock her out (the control that shows the test can fail).
    @Test(arguments: StoreBackend.available) func oneMulticallOfGuessesCostsOneCheck(_ backend: StoreBackend) throws {
        let site = try ForwardingSite(backend)
        let guesses = (0..<30).map { Value.entry("wp.getPosts", [1, "jane", .string("guess \($0)")]) }
            + [.entry("wp.getPosts", [1, "jane", .string(site.writer)])]
        guard case .success(.array(let slots)) = Outcome.answer(try site.route("system.multicall", Self.multicall(guesses))) else {
            Issue.record("a multicall with nothing to forward is answered here"); return
        }
        #expect(slots.count == 31)
        #expect(slots.allSatisfy { $0 == Fault(AuthFailure.incorrectPassword).value }, "the right password at the end fails unchecked too")
        #expect(Outcome.forwarded(try site.route("wp.getPosts", [1, "jane", .string(site.writer)])) != nil, "not locked out")

        for guess in 0..<10 { _ = try site.route("wp.getPosts", [1, "jane", .string("separate \(guess)")]) }
        #expect(Outcome.faultCode(try site.route("wp.getPosts", [1, "jane", .string(site.writer)])) == 429)
    }

    @Test(arguments: StoreBackend.available) func aFaultForTheWholeMulticallAnswersEachForwardedEntry(_ backend: StoreBackend) throws {
        let site = try ForwardingSite(backend)
        let entries: [Value] = [.entry("demo.sayHello", []), .entry("plugin.unknown", []), .entry("wp.getPosts", [1, "jane", .string(site.writer)])]
        let call = try #require(Outcome.forwarded(try site.route("system.multicall", Self.multicall(entries))))
        let upstreamFault = Fault(code: 405, "XML-RPC services are disabled on this site.")
        let merged = try ValueDecoder.methodResponse(from: call.clientAnswer(fromUpstream: ValueEncoder.fault(upstreamFault)))
        #expect(merged == .success(.array([upstreamFault.value, Fault.methodNotFound("plugin.unknown").value, upstreamFault.value])))
    }

    static let unreadableAnswers: [String: [UInt8]] = [
        "wrong count": try! ValueEncoder.response(.array([.array(["one"])])),
        "not an array": try! ValueEncoder.response(.string("hello")),
        "a bad slot": try! ValueEncoder.response(.array([.array(["one"]), .string("neither")])),
        "not XML": Array("<html>502 Bad Gateway</html>".utf8),
        "empty": [],
    ]

    @Test(arguments: StoreBackend.available, ["wrong count", "not an array", "a bad slot", "not XML", "empty"])
    func anUnreadableUpstreamAnswerIsATransportError(_ backend: StoreBackend, _ name: String) throws {
        let answer = try #require(Self.unreadableAnswers[name])
        let site = try ForwardingSite(backend)
        let entries: [Value] = [.entry("demo.sayHello", []), .entry("plugin.unknown", []), .entry("demo.sayHello", [])]
        let call = try #require(Outcome.forwarded(try site.route("system.multicall", Self.multicall(entries))))
        guard case .success(.array(let slots)) = try ValueDecoder.methodResponse(from: call.clientAnswer(fromUpstream: answer)) else {
            Issue.record("\(name): no array"); return
        }
        #expect(slots.count == 3)
        #expect(slots[1] == Fault.methodNotFound("plugin.unknown").value)
        #expect(slots[2].faultCode == -32300, "\(name)")
        if name != "a bad slot" { #expect(slots[0].faultCode == -32300, "\(name)") } else { #expect(slots[0] == .array(["one"])) }
    }

    @Test(arguments: StoreBackend.available) func aMulticallForwardedWholeNeedsNoRewrite(_ backend: StoreBackend) throws {
        let site = try ForwardingSite(backend)
        let entries: [Value] = [.entry("demo.sayHello", []), .entry("wp.getPosts", [.array([1, "jane", .string(site.writer)])])]
        let call = try #require(Outcome.forwarded(try site.route("system.multicall", Self.multicall(entries))))
        #expect(!call.needsAnswerRewrite)
        #expect(call.caller?.user.login == "jane")
        let answer = try ValueEncoder.response(.array([.array(["hi"]), .array([.array([])])]))
        #expect(call.clientAnswer(fromUpstream: answer) == answer)
    }

    @Test(arguments: StoreBackend.available) func theLocalLimitsApply(_ backend: StoreBackend) throws {
        let site = try ForwardingSite(backend)
        let writes = (0..<33).map { _ in Value.entry("wp.newPost", [1, "jane", .string(site.writer), .makeStruct([:])]) }
        #expect(Outcome.faultCode(try site.route("system.multicall", Self.multicall(writes))) == -32602)
        let many = (0..<1025).map { _ in Value.entry("demo.sayHello", []) }
        #expect(Outcome.faultCode(try site.route("system.multicall", Self.multicall(many))) == -32602)
        #expect(Outcome.faultCode(try site.route("system.multicall", ["not an array"])) == -32602)
        let malformed = try site.route("system.multicall", Self.multicall(["not a struct"]))
        #expect(Outcome.answer(malformed) == .success(.array([Fault.invalidXMLRPC("A system.multicall entry must be a struct.").value])))
    }

    @Test(arguments: StoreBackend.available) func identityHeadersSpeakForOneCallerPerRequest(_ backend: StoreBackend) throws {
        let site = try ForwardingSite(backend)
        let entries: [Value] = [
            .entry("wp.getPosts", [1, "jane", .string(site.writer)]),
            .entry("wp.getPosts", [1, "jane", .string(site.writer)]),
            .entry("wp.getPosts", [1, "bob", .string(site.bobPassword)]),
            .entry("wp.getPosts", [1, "jane", .string(site.reader)]),
        ]
        let outcome = try site.route("system.multicall", Self.multicall(entries), forwarding: site.forwarding(credentials: .identityHeaders))
        let call = try #require(Outcome.forwarded(outcome))
        #expect(call.caller?.user.login == "jane")
        #expect(try ValueDecoder.methodCall(from: call.body).params == Self.multicall([.entry("wp.getPosts", [1, "", ""]), .entry("wp.getPosts", [1, "", ""])]))
        let merged = try ValueDecoder.methodResponse(from: call.clientAnswer(fromUpstream: try ValueEncoder.response(.array([.array([1]), .array([2])]))))
        #expect(merged == .success(.array([.array([1]), .array([2]), Fault.oneCallerPerRequest.value, Fault.oneCallerPerRequest.value])))
    }
}

extension Value {
    var faultCode: Int? {
        guard case .struct(let members) = self, case .int(let code) = members["faultCode"] else { return nil }
        return Int(code)
    }
}
