import Foundation

/// CPython's `xmlrpc.client` as a real legacy client: calls one method and reports the result
/// as JSON (`{"result": …}` or `{"fault": code, "message": …}`).
enum PythonXMLRPC {
    static let script = """
        import json, sys, xmlrpc.client
        url, method, args = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
        proxy = xmlrpc.client.ServerProxy(url, allow_none=True, use_builtin_types=True)
        try:
            result = getattr(proxy, method)(*args)
            print(json.dumps({"result": result}, default=str))
        except xmlrpc.client.Fault as fault:
            print(json.dumps({"fault": fault.faultCode, "message": fault.faultString}))
        except xmlrpc.client.ProtocolError as error:
            print(json.dumps({"protocol_error": error.errcode}))
        """

    struct Outcome {
        let result: Any?
        let faultCode: Int?
        let faultString: String?
        let raw: String
    }

    static func call(_ url: String, _ method: String, _ arguments: [Any]) throws -> Outcome {
        let args = String(decoding: try JSONSerialization.data(withJSONObject: arguments), as: UTF8.self)
        let run = try Tool.python(script, [url, method, args])
        guard run.status == 0, let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any] else {
            throw HarnessError("python xmlrpc.client failed (\(run.status)): \(run.stdout) \(run.stderr)")
        }
        return Outcome(result: object["result"], faultCode: object["fault"] as? Int, faultString: object["message"] as? String, raw: run.stdout)
    }
}
