import Glibc

/// One thread's epoll loop: its own listening socket (SO_REUSEPORT), its connections, a sweep once a
/// second for deadlines. Nothing here is shared with other loops, so requests take no locks.
final class EventLoop {
    private let context: LoopContext
    private let epoll: EpollSet
    private var listener: Int32
    private let stopSignal: Int32
    private let budget: ConnectionBudget
    /// Indexed by file descriptor: O(1) lookup without hashing.
    private var connections: [Connection?] = []
    private var connectionCount = 0
    private var lastSweep = 0
    private var drainDeadline = Int.max
    private var listenerPausedUntil: Int?
    private let calls = SystemCalls.shared

    /// `stopSignal` is the read end of the server's stop pipe; it becomes readable once, for every loop.
    init(listener: Int32, stopSignal: Int32, budget: ConnectionBudget, handler: any HTTPRequestHandler,
         configuration: ServerConfiguration) throws(ServerError) {
        self.budget = budget
        epoll = try EpollSet()
        context = LoopContext(handler: handler, epoll: epoll, configuration: configuration)
        self.listener = listener
        self.stopSignal = stopSignal
        context.upstream?.closeClient = { [unowned self] client in self.closeConnection(client.fd) }
    }

    func run() {
        epoll.control(Epoll.add, listener, events: Epoll.input)
        epoll.control(Epoll.add, stopSignal, events: Epoll.input)
        while true {
            let count = epoll.wait(timeoutMilliseconds: 1000)
            let now = MonotonicClock.seconds()
            context.dates.refresh(now: time(nil))
            for index in 0..<count {
                let (fd, events) = epoll.event(at: index)
                if fd == listener {
                    acceptConnections(now: now)
                } else if fd == stopSignal {
                    beginDraining(now: now)
                } else if Int(fd) < connections.count, let connection = connections[Int(fd)] {
                    if !connection.handle(events: events, now: now) { closeConnection(fd) }
                } else if let upstream = context.upstream {
                    _ = upstream.handle(fd: fd, events: events, now: now)
                }
            }
            if now != lastSweep {
                lastSweep = now
                sweep(now: now)
                context.upstream?.sweep(now: now)
                context.observer?.flushAccessLog()
            }
            if context.isDraining && (connectionCount == 0 || now >= drainDeadline) { break }
        }
        for index in connections.indices where connections[index] != nil { closeConnection(Int32(index)) }
        context.upstream?.closeAll()
        context.observer?.flushAccessLog()
        closeListener()
    }

    private func acceptConnections(now: Int) {
        for _ in 0..<64 {
            var address = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let fd = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    calls.accept4(listener, $0, &length, Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue))
                }
            }
            if fd < 0 {
                if errno == EINTR || errno == ECONNABORTED { continue }
                if errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM {
                    // Out of descriptors (or kernel memory): the pending connection stays in the backlog and the
                    // listener stays readable, so stop watching it for a second instead of spinning on it.
                    epoll.control(Epoll.delete, listener, events: 0)
                    listenerPausedUntil = now + 1
                }
                return
            }
            let remoteAddress = SocketAddress.text(of: address)
            guard budget.take(address: remoteAddress) else {
                close(fd)   // at --max-connections(-per-address): refused at once, existing connections keep their service
                continue
            }
            var session: TLSSession?
            if let tls = context.tls {
                // Each connection takes the certificate current at accept (SIGHUP may have replaced it).
                guard let made = tls.session(for: fd) else {
                    budget.release(address: remoteAddress)
                    close(fd)
                    continue
                }
                session = made
            }
            var one: Int32 = 1
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            if Int(fd) >= connections.count {
                connections.append(contentsOf: repeatElement(nil, count: max(Int(fd) + 1 - connections.count, connections.count)))
            }
            connections[Int(fd)] = Connection(fd: fd, remoteAddress: remoteAddress, context: context, now: now, tls: session)
            connectionCount += 1
            context.observer?.connectionOpened()
            epoll.control(Epoll.add, fd, events: Epoll.input)
        }
    }

    private func sweep(now: Int) {
        if let until = listenerPausedUntil, now >= until, listener >= 0 {
            listenerPausedUntil = nil
            epoll.control(Epoll.add, listener, events: Epoll.input)
        }
        // By index, not `for in`: closing mutates the array, which would copy it under iteration.
        for index in connections.indices {
            if let connection = connections[index], !connection.sweep(now: now) { closeConnection(Int32(index)) }
        }
    }

    private func beginDraining(now: Int) {
        guard !context.isDraining else { return }
        context.isDraining = true
        epoll.control(Epoll.delete, stopSignal, events: 0)
        closeListener()
        // In-flight requests get as long as a head or a stalled body would anyway, then the loop ends.
        drainDeadline = now + max(context.headerTimeout, context.bodyTimeout) + context.linger + 1
        for index in connections.indices {
            if let connection = connections[index], !connection.beginDraining() { closeConnection(Int32(index)) }
        }
    }

    private func closeListener() {
        guard listener >= 0 else { return }
        epoll.control(Epoll.delete, listener, events: 0)
        close(listener)
        listener = -1
    }

    private func closeConnection(_ fd: Int32) {
        guard Int(fd) < connections.count, let connection = connections[Int(fd)] else { return }
        connections[Int(fd)] = nil
        connectionCount -= 1
        context.observer?.connectionClosed()
        if connection.forwardingSocket != nil { context.upstream?.clientGone(connection) }
        if let trace = connection.forwardTrace {   // closed mid-forward: the line says the answer was cut
            connection.forwardTrace = nil
            context.observer?.abandonedForwarded(trace, statusSent: connection.forwardedStatus)
        }
        budget.release(address: connection.remoteAddress)
        connection.tls?.closeNotify()   // best effort, never waits: the session is freed with the connection
        close(fd)
    }
}

@available(*, unavailable) extension EventLoop: Sendable {}
