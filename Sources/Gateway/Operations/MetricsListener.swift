import Glibc
import Synchronization

/// `serve --metrics HOST:PORT`: a second listener, on a thread of its own, that answers `GET /metrics`
/// and nothing else. Kept off the event loops so that a scrape (which walks /proc and every loop's
/// counters) never delays a request, and so that it is never reachable on the main port.
final class MetricsListener: Sendable {
    let port: UInt16
    private let socket: Int32
    private let registry: MetricsRegistry
    private let isStopped = Atomic<Bool>(false)

    init(host: String, port: UInt16, registry: MetricsRegistry) throws(ServerError) {
        let opened = try Listener.open(host: host, port: port, count: 1)
        socket = opened.sockets[0]
        self.port = opened.port
        self.registry = registry
    }

    func start() throws(ServerError) {
        _ = try LoopThread.spawn { [self] in serve() }
    }

    /// The thread notices within its poll interval and closes the socket.
    func stop() { isStopped.store(true, ordering: .relaxed) }

    private func serve() {
        Signals.blockInCurrentThread()
        var watched = [pollfd(fd: socket, events: Int16(POLLIN), revents: 0)]
        while !isStopped.load(ordering: .relaxed) {
            guard poll(&watched, 1, 250) > 0 else { continue }
            let client = accept(socket, nil, nil)   // the listener is non-blocking; the accepted socket is not
            guard client >= 0 else { continue }
            answer(client)
            close(client)
        }
        close(socket)
    }

    /// One request per connection, then close: scrapers connect for each scrape.
    private func answer(_ client: Int32) {
        // A scraper that stalls must not hold the only thread: two seconds to send its head.
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(client, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var head: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 2048)
        while head.count < 16 * 1024 && !Self.endsHead(head) {
            let count = recv(client, &chunk, chunk.count, 0)
            if count <= 0 { return }
            head += chunk[0..<count]
        }
        let line = head.prefix { $0 != 0x0D && $0 != 0x0A }.split(separator: 0x20)
        let method = line.first.map { String(decoding: $0, as: UTF8.self) } ?? ""
        let path = line.count > 1 ? String(decoding: line[1].prefix { $0 != 0x3F }, as: UTF8.self) : ""
        let reply: (status: String, type: String, body: String)
        if path != "/metrics" {
            reply = ("404 Not Found", "text/plain; charset=utf-8", "Not Found: this listener serves GET /metrics only.\n")
        } else if method != "GET" && method != "HEAD" {
            reply = ("405 Method Not Allowed", "text/plain; charset=utf-8", "Method Not Allowed: GET /metrics.\n")
        } else {
            reply = ("200 OK", "text/plain; version=0.0.4; charset=utf-8", registry.render())
        }
        let body = Array(reply.body.utf8)
        var bytes = Array("HTTP/1.1 \(reply.status)\r\nContent-Type: \(reply.type)\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n".utf8)
        if method != "HEAD" { bytes += body }
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if count <= 0 { return }
            sent += count
        }
    }

    private static func endsHead(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 4 && bytes[(bytes.count - 4)...].elementsEqual([0x0D, 0x0A, 0x0D, 0x0A])
            || bytes.count >= 2 && bytes[(bytes.count - 2)...].elementsEqual([0x0A, 0x0A])
    }
}
