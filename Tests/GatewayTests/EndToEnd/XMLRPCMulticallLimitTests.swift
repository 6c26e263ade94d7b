import Foundation
import Testing

/// The bound on one `system.multicall` (issue 4 step 4): at most 1 024 entries, of which at most 32
/// writing; a longer batch is refused whole with -32602 before any entry runs.
@Suite(.enabled(if: Tool.python3 != nil, "needs python3 on PATH"), .timeLimit(.minutes(3)))
struct XMLRPCMulticallLimitTests {
    static let script = """
        import json, sys, xmlrpc.client
        url, login, password, reads, writes = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
        batch = xmlrpc.client.MultiCall(xmlrpc.client.ServerProxy(url))
        for index in range(writes):
            batch.dualgate.createApplicationPassword(login, password, {"name": "batch %d" % index})
        for index in range(reads):
            batch.demo.sayHello()
        try:
            results = batch().results
            print(json.dumps({"count": len(results), "faults": sum(1 for r in results if isinstance(r, dict))}))
        except xmlrpc.client.Fault as fault:
            print(json.dumps({"fault": fault.faultCode, "message": fault.faultString}))
        """

    func batch(_ server: LiveServer, reads: Int, writes: Int) throws -> [String: Any] {
        let password = try #require(server.bootstrapPassword)
        return try XMLRPCPython.run(Self.script, [server.baseURL + "/xmlrpc.php", "admin", password, String(reads), String(writes)])
    }

    func passwordCount(_ server: LiveServer) throws -> Int {
        let list = try server.cli("app-password", "list", "admin", "--json")
        return try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]]).count
    }

    @Test func aBatchOfAtMost1024EntriesRunsAndALongerOneIsRefusedWhole() throws {
        let server = try LiveServer.start()
        let full = try batch(server, reads: 1024, writes: 0)
        #expect(full["count"] as? Int == 1024 && full["faults"] as? Int == 0, "\(full)")
        let over = try batch(server, reads: 1024, writes: 1)
        #expect(over["fault"] as? Int == -32602, "\(over)")
        #expect((over["message"] as? String)?.contains("1024") == true)
        #expect(try passwordCount(server) == 1, "the writing entry of a refused batch must not have run")
    }

    @Test func aBatchOfAtMost32WritingEntriesRunsAndOneMoreIsRefusedWhole() throws {
        let server = try LiveServer.start()
        let refused = try batch(server, reads: 1, writes: 33)
        #expect(refused["fault"] as? Int == -32602, "\(refused)")
        #expect((refused["message"] as? String)?.contains("32 writing") == true)
        #expect(try passwordCount(server) == 1)
        let allowed = try batch(server, reads: 1, writes: 32)
        #expect(allowed["count"] as? Int == 33 && allowed["faults"] as? Int == 0, "\(allowed)")
        #expect(try passwordCount(server) == 33)
    }
}
