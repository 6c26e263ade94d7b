import PostgresFixture
import Testing
@testable import XMLRPC

/// `system.listMethods` through the gateway lists what it would forward, plus its own `dualgate.*`.
@Suite struct ListMethodsForwardingTests {
    static let upstreamNames: [Value] = ["wp.getPosts", "pingback.ping", "plugin.custom", "dualgate.upstreamOwn", "system.multicall", "demo.sayHello"]
    static let localNames: [Value] = MethodRegistry.standard(enableValidator: false).names.filter { $0.hasPrefix("dualgate.") }.map(Value.string)

    func listed(_ forwarding: (ForwardingSite) -> XMLRPCForwarding, upstream: Value = .array(upstreamNames)) throws -> MethodResponse {
        let site = try ForwardingSite()
        let call = try #require(Outcome.forwarded(try site.route("system.listMethods", [], forwarding: forwarding(site))))
        #expect(call.needsAnswerRewrite)
        #expect(try ValueDecoder.methodCall(from: call.body) == MethodCall(methodName: "system.listMethods", params: []))
        return try ValueDecoder.methodResponse(from: call.clientAnswer(fromUpstream: try ValueEncoder.response(upstream)))
    }

    @Test func theListKeepsWhatTheGatewayForwards() throws {
        #expect(Self.localNames.count == 3)
        #expect(try listed { $0.forwarding() } == .success(.array(["wp.getPosts", "system.multicall", "demo.sayHello"] + Self.localNames)))
        #expect(try listed { $0.forwarding(pingbacks: true) } == .success(.array(["wp.getPosts", "pingback.ping", "system.multicall", "demo.sayHello"] + Self.localNames)))
        #expect(try listed { $0.forwarding(unknown: true) } == .success(.array(["wp.getPosts", "plugin.custom", "system.multicall", "demo.sayHello"] + Self.localNames)))
    }

    @Test(arguments: StoreBackend.available) func anUnreadableListIsATransportErrorAndAFaultPassesThrough(_ backend: StoreBackend) throws {
        #expect(try listed({ $0.forwarding() }, upstream: .array(["wp.getPosts", 5])) == .fault(Fault.upstreamAnswerUnreadable))
        #expect(Fault.upstreamAnswerUnreadable.code == -32300)
        let site = try ForwardingSite(backend)
        let call = try #require(Outcome.forwarded(try site.route("system.listMethods", [])))
        let fault = Fault(code: 405, "XML-RPC services are disabled on this site.")
        #expect(try ValueDecoder.methodResponse(from: call.clientAnswer(fromUpstream: ValueEncoder.fault(fault))) == .fault(fault))
    }

    @Test(arguments: StoreBackend.available) func insideAMulticallTheListIsFilteredToo(_ backend: StoreBackend) throws {
        let site = try ForwardingSite(backend)
        let call = try #require(Outcome.forwarded(try site.route("system.multicall", [.array([.entry("system.listMethods", []), .entry("demo.sayHello", [])])])))
        #expect(call.needsAnswerRewrite)
        let answer = try ValueEncoder.response(.array([.array([.array(Self.upstreamNames)]), .array(["Hello!"])]))
        #expect(try ValueDecoder.methodResponse(from: call.clientAnswer(fromUpstream: answer))
            == .success(.array([.array([.array(["wp.getPosts", "system.multicall", "demo.sayHello"] + Self.localNames)]), .array(["Hello!"])])))
    }
}
