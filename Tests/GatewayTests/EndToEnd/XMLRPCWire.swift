import Foundation

/// Raw-socket helpers for the XML-RPC end-to-end tests: any bytes, any headers, one request.
enum XMLRPCWire {
    /// POSTs `body` to /xmlrpc.php on a fresh connection with exactly the given extra headers.
    static func post(_ port: UInt16, _ body: [UInt8], headers: [(String, String)] = [], path: String = "/xmlrpc.php") throws -> RawClient.Response {
        let connection = try RawClient(port: port, receiveTimeoutSeconds: 20)
        var head = "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\nContent-Type: text/xml\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(body.count)\r\n\r\n"
        try connection.send(Array(head.utf8) + body)
        return try connection.readResponse()
    }

    static func post(_ port: UInt16, _ body: String, headers: [(String, String)] = []) throws -> RawClient.Response {
        try post(port, Array(body.utf8), headers: headers)
    }

    /// A `methodCall` document.
    static func call(_ method: String, params: String = "") -> String {
        "<?xml version=\"1.0\"?><methodCall><methodName>\(method)</methodName><params>\(params)</params></methodCall>"
    }

    /// The fault code of a `methodResponse`, or nil when it is not a fault.
    static func faultCode(_ response: RawClient.Response) -> Int? {
        let text = response.text
        guard text.contains("<fault>"),
              let range = text.range(of: #"<name>faultCode</name>\s*<value>\s*<(int|i4)>(-?\d+)</"#, options: .regularExpression) else { return nil }
        let digits = text[range].split(separator: ">").last.map { $0.replacingOccurrences(of: "</", with: "") }
        return digits.flatMap { Int($0) }
    }

    /// True when the answer is a successful `methodResponse`.
    static func isSuccess(_ response: RawClient.Response) -> Bool {
        response.status == 200 && response.text.contains("<methodResponse>") && response.text.contains("<params>")
    }
}

/// A Python script driving `xmlrpc.client` that prints one JSON object as its last stdout line.
enum XMLRPCPython {
    static func run(_ script: String, _ arguments: [String]) throws -> [String: Any] {
        let run = try Tool.python(script, arguments)
        guard run.status == 0, let line = run.stdout.split(separator: "\n").last,
              let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            throw HarnessError("python script failed (\(run.status)): \(run.stdout) \(run.stderr)")
        }
        return object
    }
}
