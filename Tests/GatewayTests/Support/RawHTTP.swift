import Foundation

extension RawClient.Response {
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:] }
}

enum RawHTTP {
    /// One request on a fresh connection to a live server.
    static func request(_ method: String, _ target: String, port: UInt16, basic: (String, String)? = nil,
                        headers: [(String, String)] = [], body: String = "") throws -> RawClient.Response {
        let connection = try RawClient(port: port)
        var text = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        if let (login, password) = basic {
            text += "Authorization: Basic \(Data("\(login):\(password)".utf8).base64EncodedString())\r\n"
        }
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if !body.isEmpty || method == "POST" || method == "PUT" || method == "PATCH" { text += "Content-Length: \(body.utf8.count)\r\n" }
        text += "\r\n" + body
        try connection.send(text)
        return try connection.readResponse(headRequest: method == "HEAD")
    }
}
