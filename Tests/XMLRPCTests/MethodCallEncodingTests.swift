import Foundation
import Testing
import XMLRPC

/// `ValueEncoder.call` (the request encoder the gateway forwards with) read back by our own
/// decoder and by CPython's `xmlrpc.client.loads`, a real client run as a subprocess.
@Suite struct MethodCallEncodingTests {
    static let params: [Value] = [
        "plain", "", "<markup> & \"quotes\" ]]> \r\n tab\t ünïcødé 😀", 0, -2_147_483_648, 2_147_483_647, 4_294_967_296,
        true, false, 1.5, 1e100, -0.25,
        .dateTime(DateTime(year: 2026, month: 1, day: 2, hour: 3, minute: 4, second: 5)!), .base64(Array(0...255)),
        .makeStruct(["1": "login", "2": "password", "nested": .array([1, .makeStruct([:]), .array([])])]),
        .array([.array([.array(["deep"])])]),
    ]

    @Test func ourDecoderReadsWhatWeEncode() throws {
        let body = try ValueEncoder.call("wp.getPosts", Self.params)
        #expect(try ValueDecoder.methodCall(from: body) == MethodCall(methodName: "wp.getPosts", params: Self.params))
        #expect(try ValueDecoder.methodCall(from: ValueEncoder.call("system.listMethods", [])) == MethodCall(methodName: "system.listMethods", params: []))
    }

    static let python3: URL? = ["/usr/bin/python3", "/usr/local/bin/python3", "/bin/python3"].map(URL.init(fileURLWithPath:))
        .first { FileManager.default.isExecutableFile(atPath: $0.path) }

    @Test(.enabled(if: python3 != nil, "python3 not found: CPython's xmlrpc.client is not asked"))
    func cpythonReadsWhatWeEncode() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dualgate-encode-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("call.xml"), output = directory.appendingPathComponent("out.json")
        try Data(ValueEncoder.call("wp.getPosts", Self.params)).write(to: input)
        let script = """
            import json, sys, xmlrpc.client
            params, method = xmlrpc.client.loads(open(sys.argv[1], 'rb').read(), use_builtin_types=True)
            def plain(v):
                if isinstance(v, bytes): return {"base64": list(v)}
                if isinstance(v, dict): return {k: plain(x) for k, x in v.items()}
                if isinstance(v, (list, tuple)): return [plain(x) for x in v]
                if hasattr(v, 'strftime'): return {"dateTime": v.strftime('%Y%m%dT%H:%M:%S')}
                if isinstance(v, float): return {"double": repr(v)}
                return v
            json.dump({"method": method, "params": plain(params)}, open(sys.argv[2], 'w'))
            """
        let process = Process()
        process.executableURL = Self.python3
        process.arguments = ["-c", script, input.path, output.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "xmlrpc.client.loads refused the document")
        let read = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: output)) as? [String: Any])
        #expect(read["method"] as? String == "wp.getPosts")
        let values = try #require(read["params"] as? [Any])
        try #require(values.count == Self.params.count)
        #expect(values[0] as? String == "plain")
        #expect(values[1] as? String == "")
        // CPython's expat normalises nothing we wrote as &#13;: the CR survives.
        #expect(values[2] as? String == "<markup> & \"quotes\" ]]> \r\n tab\t ünïcødé 😀")
        #expect((values[3...6].map { ($0 as? NSNumber)?.int64Value }) == [0, -2_147_483_648, 2_147_483_647, 4_294_967_296])
        #expect(values[7] as? Bool == true && values[8] as? Bool == false)
        #expect((values[9...11].map { ($0 as? [String: String])?["double"] }) == ["1.5", "1e+100", "-0.25"])
        #expect((values[12] as? [String: String])?["dateTime"] == "20260102T03:04:05")
        #expect(((values[13] as? [String: Any])?["base64"] as? [Int]) == Array(0...255))
        let member = try #require(values[14] as? [String: Any])
        #expect(member["1"] as? String == "login" && member["2"] as? String == "password")
        #expect(((values[15] as? [Any])?.first as? [Any])?.first as? [String] == ["deep"])
    }
}
