import Foundation

/// One HTTP exchange made with curl, so that WordPress (PHP's server closes instead of sending
/// `Content-Length`) and dualgate are asked by the very same client with the very same bytes.
struct Exchange {
    let status: Int
    let headers: [(name: String, value: String)]
    let body: String

    func header(_ name: String) -> String? { headers.first { $0.name.lowercased() == name.lowercased() }?.value }

    /// The CORS-related headers (`Access-Control-*` and `Vary`), names lower-cased, values of a
    /// repeated name joined as HTTP joins them.
    var cors: [String: String] {
        Dictionary(headers.filter { $0.name.lowercased().hasPrefix("access-control-") || $0.name.lowercased() == "vary" }
                       .map { ($0.name.lowercased(), $0.value) }, uniquingKeysWith: { $0 + ", " + $1 })
    }

    var json: WireJSON { (try? WireJSON.parse(Array(body.utf8))) ?? .null }

    /// `(faultCode, faultString)` of an XML-RPC fault answer (the first one, for a multicall).
    var fault: (code: Int, string: String)? {
        guard let code = body.firstMatch(of: #/<name>faultCode</name>\s*<value>\s*<(?:int|i4)>(-?\d+)</(?:int|i4)>/#),
              let text = body.firstMatch(of: #/<name>faultString</name>\s*<value>\s*(?:<string>)?([^<]*)/#) else { return nil }
        let string = String(text.1).replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&apos;", with: "'").replacingOccurrences(of: "&amp;", with: "&")
        return (Int(code.1) ?? 0, string)
    }
}

enum SameRequest {
    static func send(_ method: String, _ url: String, basic: (String, String)? = nil, headers: [(String, String)] = [],
                     body: String? = nil) throws -> Exchange {
        guard let curl = Tool.curl else { throw HarnessError("curl not found") }
        var arguments = ["--silent", "--show-error", "--max-time", "30", "--include", "--request", method, "--header", "Expect:"]
        if method == "HEAD" { arguments.append("--head") }
        if let (login, password) = basic { arguments += ["--user", "\(login):\(password)"] }
        for (name, value) in headers { arguments += ["--header", "\(name): \(value)"] }
        if body != nil { arguments += ["--data-binary", "@-"] }
        let run = try CLIResult.run(executable: curl, arguments + [url], input: body.map { Data($0.utf8) })
        guard run.status == 0, let split = run.stdout.range(of: "\r\n\r\n") else {
            throw HarnessError("curl \(method) \(url) failed (\(run.status)): \(run.stderr)")
        }
        let lines = run.stdout[..<split.lowerBound].split(separator: "\r\n")
        guard let statusLine = lines.first, let status = statusLine.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else {
            throw HarnessError("curl \(method) \(url): no status line")
        }
        let headers = lines.dropFirst().compactMap { line -> (name: String, value: String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        return Exchange(status: status, headers: headers, body: String(run.stdout[split.upperBound...]))
    }
}
