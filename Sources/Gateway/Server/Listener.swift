import Glibc

/// Listening sockets: one per event loop, all on the same address with SO_REUSEPORT, so the kernel spreads
/// new connections across loops without any shared accept lock.
enum Listener {
    /// Binds `count` sockets to `host:port` (port 0: the first picks a free port, the rest join it).
    static func open(host: String, port: UInt16, count: Int) throws(ServerError) -> (sockets: [Int32], port: UInt16) {
        var sockets: [Int32] = []
        var boundPort = port
        if port != 0 {
            // SO_REUSEPORT would let us silently share a port another server of the same user holds; a probe
            // without it fails with EADDRINUSE instead, as a plain listener would.
            close(try openOne(host: host, port: port, reusePort: false))
        }
        do {
            for _ in 0..<max(count, 1) {
                let socket = try openOne(host: host, port: boundPort, reusePort: true)
                sockets.append(socket)
                if boundPort == 0 { boundPort = try localPort(of: socket) }
            }
        } catch {
            for socket in sockets { close(socket) }
            throw error
        }
        return (sockets, boundPort)
    }

    private static func openOne(host: String, port: UInt16, reusePort: Bool) throws(ServerError) -> Int32 {
        var name = host
        if name.hasPrefix("["), name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        var hints = addrinfo()
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var results: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(name.isEmpty ? nil : name, String(port), &hints, &results)
        guard status == 0, let first = results else {
            throw ServerError("resolve \(host): \(String(cString: gai_strerror(status)))", code: 0)
        }
        defer { freeaddrinfo(results) }
        let socketFD = socket(first.pointee.ai_family,
                              Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard socketFD >= 0 else { throw ServerError("socket") }
        var one: Int32 = 1
        setsockopt(socketFD, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        if reusePort { setsockopt(socketFD, SOL_SOCKET, SO_REUSEPORT, &one, socklen_t(MemoryLayout<Int32>.size)) }
        guard bind(socketFD, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0 else {
            let code = errno
            close(socketFD)
            throw ServerError("bind \(host):\(port)", code: code)
        }
        guard listen(socketFD, 1024) == 0 else {
            let code = errno
            close(socketFD)
            throw ServerError("listen", code: code)
        }
        return socketFD
    }

    private static func localPort(of socket: Int32) throws(ServerError) -> UInt16 {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let status = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        guard status == 0 else { throw ServerError("getsockname") }
        return SocketAddress.port(of: storage)
    }
}
