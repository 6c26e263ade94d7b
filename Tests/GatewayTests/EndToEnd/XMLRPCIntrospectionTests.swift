import Foundation
import Testing

/// Introspection, capabilities and `system.multicall` through CPython's client (issue 4 item 3),
/// and the validator suite's switch (item 6).
@Suite(.enabled(if: Tool.python3 != nil, "needs python3 on PATH"), .timeLimit(.minutes(3)))
struct XMLRPCIntrospectionTests {
    static let introspect = """
        import json, sys, xmlrpc.client
        proxy = xmlrpc.client.ServerProxy(sys.argv[1])
        names = proxy.system.listMethods()
        helps = {n: proxy.system.methodHelp(n) for n in names}
        signatures = {n: proxy.system.methodSignature(n) for n in names}
        faults = {}
        for call in ("system.methodHelp('no.such')", "system.methodSignature('no.such')", "validator1.echoStructTest({})",
                     "system.listMethods(1)", "system.methodHelp(7)"):
            try:
                eval("proxy." + call)
                faults[call] = None
            except xmlrpc.client.Fault as fault:
                faults[call] = fault.faultCode
        print(json.dumps({"names": names, "helps": helps, "signatures": signatures, "capabilities": proxy.system.getCapabilities(),
                          "mt": proxy.mt.supportedMethods(), "faults": faults}))
        """

    static let core = ["system.listMethods", "system.methodHelp", "system.methodSignature", "system.multicall", "system.getCapabilities",
                       "demo.sayHello", "demo.addTwoNumbers", "wp.getUsersBlogs", "blogger.getUsersBlogs", "wp.getProfile", "mt.supportedMethods",
                       "dualgate.listApplicationPasswords", "dualgate.createApplicationPassword", "dualgate.revokeApplicationPassword"]
    static let validator = ["validator1.arrayOfStructsTest", "validator1.countTheEntities", "validator1.easyStructTest", "validator1.echoStructTest",
                            "validator1.manyTypesTest", "validator1.moderateSizeArrayCheck", "validator1.nestedStructTest", "validator1.simpleStructReturnTest"]

    @Test(arguments: [false, true])
    func everyMethodIsListedWithHelpAndSignatures(validatorEnabled: Bool) throws {
        let server = try LiveServer.start(validatorEnabled ? ["--enable-validator"] : [])
        let answer = try XMLRPCPython.run(Self.introspect, [server.baseURL + "/xmlrpc.php"])
        let names = try #require(answer["names"] as? [String])
        let expected = Self.core + (validatorEnabled ? Self.validator : [])
        #expect(Set(names) == Set(expected))
        #expect(names.count == expected.count, "no duplicates")
        #expect(answer["mt"] as? [String] == names)
        let helps = try #require(answer["helps"] as? [String: String])
        let signatures = try #require(answer["signatures"] as? [String: [[String]]], "every built-in method has signatures")
        for name in names {
            #expect((helps[name]?.count ?? 0) > 10, "\(name) needs help text")
            let list = signatures[name] ?? []
            #expect(!list.isEmpty, "\(name) needs a signature")
            let types: Set<String> = ["int", "i4", "boolean", "string", "double", "dateTime.iso8601", "base64", "struct", "array", "nil"]
            #expect(list.allSatisfy { !$0.isEmpty && $0.allSatisfy(types.contains) }, "\(name): \(list)")
        }
        #expect(signatures["demo.addTwoNumbers"] == [["int", "int", "int"]])
        let capabilities = try #require(answer["capabilities"] as? [String: [String: Any]])
        #expect(capabilities["faults_interop"]?["specVersion"] as? Int == 20_010_516)
        #expect(capabilities["system.multicall"] != nil && capabilities["introspection"] != nil)
        let faults = try #require(answer["faults"] as? [String: Any]).compactMapValues { $0 as? Int }
        #expect(faults["system.methodHelp('no.such')"] == -32601)
        #expect(faults["system.methodSignature('no.such')"] == -32601)
        #expect(faults["system.listMethods(1)"] == -32602)
        #expect(faults["system.methodHelp(7)"] == -32602)
        // Off by default: the validator methods do not exist at all.
        #expect(faults["validator1.echoStructTest({})"] == (validatorEnabled ? nil : -32601))
    }

    static let multicall = """
        import json, sys, xmlrpc.client
        proxy = xmlrpc.client.ServerProxy(sys.argv[1])
        batch = xmlrpc.client.MultiCall(proxy)
        batch.demo.sayHello()
        batch.demo.addTwoNumbers(1, "x")
        batch.no.such.method()
        batch.demo.addTwoNumbers(2, 3)
        batch.system.multicall([{"methodName": "demo.sayHello", "params": []}])
        batch.demo.addTwoNumbers(2147483647, 1)
        results = batch()
        out = []
        for index in range(6):
            try:
                out.append({"value": results[index]})
            except xmlrpc.client.Fault as fault:
                out.append({"fault": fault.faultCode})
        # Malformed entries, sent by hand: each fails alone.
        raw = proxy.system.multicall(["not a struct", {"params": []}, {"methodName": "demo.sayHello", "params": "x"},
                                      {"methodName": "demo.sayHello"}])
        print(json.dumps({"results": out, "raw": raw, "empty": proxy.system.multicall([])}))
        """

    @Test func multicallRunsEveryEntryAndFaultsDoNotAbortTheBatch() throws {
        let server = try LiveServer.start()
        let answer = try XMLRPCPython.run(Self.multicall, [server.baseURL + "/xmlrpc.php"])
        let results = try #require(answer["results"] as? [[String: Any]])
        #expect(results.count == 6)
        #expect(results[0]["value"] as? String == "Hello!")
        #expect(results[1]["fault"] as? Int == -32602)
        #expect(results[2]["fault"] as? Int == -32601)
        #expect(results[3]["value"] as? Int == 5)
        #expect(results[4]["fault"] as? Int == -32600, "no nested multicall")
        #expect(results[5]["value"] as? Int == 2_147_483_648, "a sum beyond 32 bits comes back as i8, not wrapped")
        let raw = try #require(answer["raw"] as? [Any])
        #expect(raw.count == 4)
        for index in 0..<3 { #expect((raw[index] as? [String: Any])?["faultCode"] as? Int == -32600, "entry \(index)") }
        #expect(raw[3] as? [String] == ["Hello!"], "a missing params member means none")
        #expect((answer["empty"] as? [Any])?.isEmpty == true)
    }
}
