#if canImport(Glibc)
import Glibc
#endif

/// A small blocking HTTP/1.1 client for the CLI's talks with the upstream WordPress (`dualgate
/// upstream enroll`), not for the event loops: one request per connection (`Connection: close`),
/// a connect deadline and an overall read deadline, answers framed by Content-Length, chunked
/// or the close. `http://` only (issue 14 brings TLS). No URLSession: FoundationNetworking would
/// pull libcurl into the binary.
struct BlockingHTTPClient {
    struct Response {
        let status: Int
        /// Names lower-cased.
        let headers: [(name: String, value: String)]
        let body: [UInt8]

        func header(_ name: String) -> String? { headers.first { $0.name == name }?.value }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    var connectTimeoutSeconds = 5
    var readTimeoutSeconds = 20
    /// Answers larger than this are refused (the enrolment answers are a few hundred bytes).
    var maximumResponseBytes = 4 << 20

    func send(_ method: String, _ url: UpstreamOrigin, path: String, headers: [(String, String)] = [], body: [UInt8] = []) throws(Failure) -> Response {
        var head = "\(method) \(url.basePath)\(path) HTTP/1.1\r\nHost: \(url.authority)\r\nConnection: close\r\nUser-Agent: dualgate\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if !body.isEmpty || method == "POST" || method == "PUT" { head += "Content-Length: \(body.count)\r\n" }
        head += "\r\n"
        let socket = try connect(url)
        defer { close(socket) }
        let deadline = MonotonicDeadline(seconds: readTimeoutSeconds)
        try writeAll(socket, Array(head.utf8) + body, deadline)
        let raw = try readToEnd(socket, deadline)
        return try HTTPResponseParser.parse(raw)
    }

    // MARK: socket

    private func connect(_ origin: UpstreamOrigin) throws(Failure) -> Int32 {
        let descriptor = socket(origin.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard descriptor >= 0 else { throw Failure("cannot make a socket: \(String(cString: strerror(errno)))") }
        let started = origin.address.withUnsafeBytes { bytes in
            Glibc.connect(descriptor, bytes.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(bytes.count))
        }
        var problem = String(cString: strerror(errno))
        if started == 0 || errno == EINPROGRESS {
            let ready = wait(descriptor, for: Int16(POLLOUT), milliseconds: connectTimeoutSeconds * 1000)
            var error: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            if ready, getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &error, &length) == 0, error == 0 { return descriptor }
            problem = ready ? String(cString: strerror(error)) : "timed out after \(connectTimeoutSeconds) s"
        }
        close(descriptor)
        throw Failure("cannot connect to \(origin.authority): \(problem)")
    }

    private func wait(_ descriptor: Int32, for events: Int16, milliseconds: Int) -> Bool {
        var entry = pollfd(fd: descriptor, events: events, revents: 0)
        while true {
            let result = poll(&entry, 1, Int32(max(0, milliseconds)))
            if result < 0, errno == EINTR { continue }
            return result > 0
        }
    }

    private func writeAll(_ descriptor: Int32, _ bytes: [UInt8], _ deadline: MonotonicDeadline) throws(Failure) {
        var sent = 0
        while sent < bytes.count {
            guard wait(descriptor, for: Int16(POLLOUT), milliseconds: deadline.remainingMilliseconds) else { throw Failure("timed out sending the request") }
            // MSG_NOSIGNAL: a peer that closed early is an error here, not a SIGPIPE.
            let count = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL)) }
            if count < 0, errno == EINTR || errno == EAGAIN { continue }
            guard count > 0 else { throw Failure("cannot send the request: \(String(cString: strerror(errno)))") }
            sent += count
        }
    }

    private func readToEnd(_ descriptor: Int32, _ deadline: MonotonicDeadline) throws(Failure) -> [UInt8] {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            guard wait(descriptor, for: Int16(POLLIN), milliseconds: deadline.remainingMilliseconds) else {
                throw Failure("no complete answer within \(readTimeoutSeconds) s")
            }
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
            if count < 0, errno == EINTR || errno == EAGAIN { continue }
            guard count >= 0 else { throw Failure("cannot read the answer: \(String(cString: strerror(errno)))") }
            if count == 0 { return received }
            received += buffer[..<count]
            guard received.count <= maximumResponseBytes else { throw Failure("the answer is larger than \(maximumResponseBytes) bytes") }
            // Framed answers are complete before the close; the server may keep the socket a while.
            if HTTPResponseParser.isComplete(received) { return received }
        }
    }
}

/// A deadline on the monotonic clock (a wall-clock change must not stretch or cut it).
struct MonotonicDeadline {
    private let end: Int64

    init(seconds: Int) { end = Self.nowMilliseconds() + Int64(seconds) * 1000 }

    var remainingMilliseconds: Int { Int(max(0, end - Self.nowMilliseconds())) }

    private static func nowMilliseconds() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Int64(time.tv_sec) * 1000 + Int64(time.tv_nsec) / 1_000_000
    }
}
