import Glibc
import Synchronization

/// The listener: one epoll event loop per thread, each with its own non-blocking SO_REUSEPORT socket on the
/// same address. Use: `let port = try server.bind()` (print it), then `try server.run()` on the main thread;
/// it returns after SIGINT/SIGTERM or `stop()` once in-flight requests are answered.
package final class HTTPServer: Sendable {
    private struct State {
        var listeners: [Int32] = []
        var port: UInt16?
        /// Written once by `stop()`; the read end sits in every loop's epoll and in the coordinator's poll.
        var stopPipe: (read: Int32, write: Int32)?
        var isStopRequested = false
        var isRunning = false
        var handlerFailure: (any Error)?
    }

    private let configuration: ServerConfiguration
    private let makeHandler: @Sendable () throws -> any HTTPRequestHandler
    private let state = Mutex(State())

    /// `makeHandler` runs once on each loop thread, before that loop serves anything.
    package init(configuration: ServerConfiguration, makeHandler: @escaping @Sendable () throws -> any HTTPRequestHandler) {
        self.configuration = configuration
        self.makeHandler = makeHandler
    }

    deinit {
        state.withLock { state in
            for listener in state.listeners { close(listener) }
            if let pipe = state.stopPipe {
                close(pipe.read)
                close(pipe.write)
            }
        }
    }

    /// Binds and listens; returns the real port (for `--port 0`). Connections made from now on wait in the
    /// kernel's backlog until `run()` serves them.
    package func bind() throws -> UInt16 {
        if let port = state.withLock({ $0.port }) { return port }
        signal(SIGPIPE, SIG_IGN)
        let opened = try Listener.open(host: configuration.host, port: configuration.port, count: configuration.effectiveThreads)
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else {
            let error = ServerError("pipe2")
            for socket in opened.sockets { close(socket) }
            throw error
        }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        return state.withLock { state in
            state.listeners = opened.sockets
            state.port = opened.port
            state.stopPipe = (ends[0], ends[1])
            if state.isStopRequested { _ = write(ends[1], "x", 1) }
            return opened.port
        }
    }

    /// The listener's TLS certificate, when it serves HTTPS.
    package var tlsContext: TLSServerContext? { configuration.tls }

    /// The port `bind()` bound, while bound.
    package var boundPort: UInt16? { state.withLock { $0.port } }

    /// Serves until SIGINT/SIGTERM, then stops accepting, finishes in-flight requests, returns.
    package func run() throws {
        _ = try bind()
        guard state.withLock({ !$0.listeners.isEmpty }) else { throw ServerError("run: already running", code: EBUSY) }
        let signals = configuration.handlesSignals ? try Signals(reloads: configuration.tls != nil) : nil
        defer { signals?.restore() }
        let (listeners, stopRead) = state.withLock { state in
            let taken = state.listeners
            state.listeners = []   // each loop owns and closes its socket from here on
            return (taken, state.stopPipe?.read ?? -1)
        }
        guard !listeners.isEmpty else { throw ServerError("run: already running", code: EBUSY) }
        var threads: [pthread_t] = []
        let budget = ConnectionBudget(limit: configuration.effectiveMaxConnections, perAddressLimit: configuration.maxConnectionsPerAddress)
        for listener in listeners {
            let configuration = self.configuration
            do {
                threads.append(try LoopThread.spawn { [self] in serveLoop(listener: listener, stopRead: stopRead, budget: budget, configuration: configuration) })
            } catch {
                close(listener)
                stop()
            }
        }
        state.withLock { $0.isRunning = true }
        waitForStop(stopRead: stopRead, signals: signals)
        for thread in threads { LoopThread.join(thread) }
        let failure = state.withLock { state in
            let failure = state.handlerFailure
            if let pipe = state.stopPipe {
                close(pipe.read)
                close(pipe.write)
            }
            state = State()
            return failure
        }
        if let failure { throw failure }
    }

    /// True while `run()` serves: loops started and, if configured, signals handled.
    package var isRunning: Bool { state.withLock { $0.isRunning } }

    /// Same as SIGINT/SIGTERM: stop accepting, finish what is in flight, make `run()` return. Does not wait.
    package func stop() {
        state.withLock { state in
            guard !state.isStopRequested else { return }
            state.isStopRequested = true
            if let pipe = state.stopPipe { _ = write(pipe.write, "x", 1) }
        }
    }

    private func serveLoop(listener: Int32, stopRead: Int32, budget: ConnectionBudget, configuration: ServerConfiguration) {
        Signals.blockInCurrentThread()
        do {
            let handler = try makeHandler()
            let loop = try EventLoop(listener: listener, stopSignal: stopRead, budget: budget, handler: handler,
                                     configuration: configuration)
            loop.run()
        } catch {
            close(listener)
            state.withLock { state in state.handlerFailure = state.handlerFailure ?? error }
            stop()
        }
    }

    private func waitForStop(stopRead: Int32, signals: Signals?) {
        var watched = [pollfd(fd: stopRead, events: Int16(POLLIN), revents: 0)]
        if let signals { watched.append(pollfd(fd: signals.descriptor, events: Int16(POLLIN), revents: 0)) }
        while true {
            let ready = poll(&watched, nfds_t(watched.count), -1)
            if ready < 0 && errno == EINTR { continue }
            if watched[0].revents != 0 { return }
            if let signals, watched.count > 1, watched[1].revents != 0 {
                let received = signals.consume()
                if received.reload { reloadCertificate() }
                if received.stop { stop() }
            }
        }
    }

    /// SIGHUP: new connections get the certificate and key as the files hold them now; a failure keeps
    /// the old ones and says why (on stderr, where `serve` reports).
    package func reloadCertificate() {
        guard let tls = configuration.tls else { return }
        let line: String
        do {
            try tls.reload()
            line = "reloaded the TLS certificate \(tls.certificatePath) and key \(tls.keyPath)\n"
        } catch {
            line = "TLS reload failed, still serving the previous certificate: \(error)\n"
        }
        _ = line.withCString { write(STDERR_FILENO, $0, strlen($0)) }
    }
}
