import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A plain blocking TCP client on 127.0.0.1, for sending bytes no polite client would send.
final class RawConnection {
    private let fd: Int32
    private var buffer: [UInt8] = []

    init(port: UInt16, timeoutSeconds: Int = 15) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw HarnessError("socket() failed") }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { close(fd); throw HarnessError("connect() to port \(port) failed: errno \(errno)") }
    }

    deinit { close(fd) }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard written > 0 else { throw HarnessError("send() failed: errno \(errno)") }
            offset += written
        }
    }

    /// Reads one response (framed by Content-Length); nil when the peer closed first.
    func readResponse() throws -> RawResponse? {
        while true {
            if let response = RawResponse.parse(&buffer) { return response }
            guard try fill() else { return nil }
        }
    }

    /// Reads until the peer closes (or the receive timeout passes); true if it closed.
    func waitForClose() -> Bool {
        while true {
            do { guard try fill() else { return true } } catch { return false }
        }
    }

    /// Bytes received and not yet consumed.
    var pending: [UInt8] { buffer }

    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count == 0 { return false }
        if count < 0 {
            if errno == ECONNRESET { return false }
            throw HarnessError("recv() failed or timed out: errno \(errno)")
        }
        buffer += chunk[0..<count]
        return true
    }
}

/// A parsed HTTP response.
struct RawResponse {
    let status: Int
    let headers: [(name: String, value: String)]
    let body: [UInt8]

    func header(_ name: String) -> String? { headers.first { $0.name.lowercased() == name.lowercased() }?.value }

    var text: String { String(decoding: body, as: UTF8.self) }

    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:] }

    /// Consumes one complete response from the front of `buffer`, if there is one.
    static func parse(_ buffer: inout [UInt8]) -> RawResponse? {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard buffer.count >= 4, let end = (0...(buffer.count - 4)).first(where: { Array(buffer[$0..<$0 + 4]) == separator }) else { return nil }
        let head = String(decoding: buffer[0..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = head[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { return nil }
        let headers = head.dropFirst().compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        let length = Int(headers.first { $0.0.lowercased() == "content-length" }?.1 ?? "0") ?? 0
        let bodyStart = end + 4
        // 1xx answers and HEAD-like callers handle bodies themselves; status 100 has none.
        let bodyLength = status == 100 ? 0 : length
        guard buffer.count >= bodyStart + bodyLength else { return nil }
        let body = Array(buffer[bodyStart..<bodyStart + bodyLength])
        buffer.removeFirst(bodyStart + bodyLength)
        return RawResponse(status: status, headers: headers, body: body)
    }
}

enum RawHTTP {
    /// One request on a fresh connection.
    static func request(_ method: String, _ target: String, port: UInt16, basic: (String, String)? = nil,
                        headers: [(String, String)] = [], body: String = "") throws -> RawResponse {
        let connection = try RawConnection(port: port)
        var text = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        if let (login, password) = basic {
            text += "Authorization: Basic \(Data("\(login):\(password)".utf8).base64EncodedString())\r\n"
        }
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if !body.isEmpty || method == "POST" || method == "PUT" || method == "PATCH" { text += "Content-Length: \(body.utf8.count)\r\n" }
        text += "\r\n" + body
        try connection.send(text)
        guard let response = try connection.readResponse() else { throw HarnessError("connection closed without a response") }
        return response
    }
}
