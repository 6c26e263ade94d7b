import Glibc

/// A loop's side of the upstream: its sockets (indexed by descriptor, like the loop's client connections),
/// the idle keep-alive ones, and each exchange from connect to the last byte relayed. Confined to its loop;
/// nothing here blocks: connects, sends and reads all wait in the loop's epoll.
final class UpstreamPool {
    private let settings: UpstreamSettings
    private let epoll: EpollSet
    private var sockets: [UpstreamConnection?] = []
    private var idle: [UpstreamConnection] = []
    /// Closes a client connection the loop owns (an answer cut short cannot be finished any other way).
    var closeClient: (Connection) -> Void = { _ in }
    /// Output beyond this stops reading the upstream until the client has read it (slow-reader defence).
    let clientHighWater: Int
    var scratch: [UInt8] = []
    /// Deadlines are whole seconds checked once a second: one more, so a timeout never fires early.
    var timeout: Int { settings.timeoutSeconds + 1 }

    init(settings: UpstreamSettings, epoll: EpollSet, clientHighWater: Int) {
        self.settings = settings
        self.epoll = epoll
        self.clientHighWater = clientHighWater
    }

    // MARK: Starting an exchange

    /// Sends `request` upstream for `client`, whose answer follows through `Connection`'s forwarding calls.
    /// Any failure, even an immediate one, is reported through `client.finishForward`.
    func forward(_ request: ForwardRequest, for client: Connection, now: Int) {
        let exchange = UpstreamExchange(client: client, request: request, requestBytes: RequestWriter.bytes(of: request))
        start(exchange, now: now)
    }

    private func start(_ exchange: UpstreamExchange, now: Int, fresh: Bool = false) {
        let connection: UpstreamConnection
        var connected = true
        if !fresh, let reused = idle.popLast() {
            connection = reused
            connection.phase = .sending
        } else {
            guard let (opened, isConnected) = UpstreamConnection.open(to: settings.origin, tls: settings.tls) else {
                fail(exchange, .unavailable, now: now)
                return
            }
            connection = opened
            connected = isConnected
            register(connection)
        }
        connection.exchange = exchange
        exchange.client.forwardingSocket = connection.fd
        connection.input.removeAll()
        connection.output.removeAll()
        connection.output.append(exchange.requestBytes)
        connection.deadline = now + timeout
        if connected {
            connectionReady(connection, now: now)
        } else {
            watch(connection, Epoll.output)
        }
    }

    /// Connected (or reused): an https:// connection shakes hands first, then the request goes.
    private func connectionReady(_ connection: UpstreamConnection, now: Int) {
        if let tls = connection.tls, !tls.isEstablished {
            connection.phase = .handshaking
            handshake(connection, tls, now: now)
        } else {
            connection.phase = .sending
            send(connection, now: now)
        }
    }

    /// A step of the TLS handshake; a certificate that fails verification ends here (502 / fault -32300).
    private func handshake(_ connection: UpstreamConnection, _ tls: TLSSession, now: Int) {
        switch tls.handshake() {
        case .done:
            connection.phase = .sending
            connection.deadline = now + timeout
            send(connection, now: now)
        case .wantRead:
            watch(connection, Epoll.input)
        case .wantWrite:
            watch(connection, Epoll.output)
        case .failed:
            lost(connection, now: now)
        }
    }

    private func register(_ connection: UpstreamConnection) {
        let fd = Int(connection.fd)
        if fd >= sockets.count { sockets.append(contentsOf: repeatElement(nil, count: max(fd + 1 - sockets.count, sockets.count))) }
        sockets[fd] = connection
        connection.interest = 0
        epoll.control(Epoll.add, connection.fd, events: 0)
    }

    private func watch(_ connection: UpstreamConnection, _ events: UInt32) {
        guard connection.interest != events else { return }
        connection.interest = events
        epoll.control(Epoll.modify, connection.fd, events: events)
    }

    // MARK: Events

    /// An epoll event for one of our sockets; false when `fd` is not ours.
    func handle(fd: Int32, events: UInt32, now: Int) -> Bool {
        guard Int(fd) < sockets.count, let connection = sockets[Int(fd)] else { return false }
        switch connection.phase {
        case .idle:
            // An idle connection has nothing to say: data or a close both end it.
            discard(connection)
        case .connecting:
            guard connection.connectSucceeded() else {
                lost(connection, now: now)
                return true
            }
            connectionReady(connection, now: now)
        case .handshaking:
            if let tls = connection.tls { handshake(connection, tls, now: now) }
        case .sending:
            send(connection, now: now)
        case .awaitingHead, .relaying:
            // A streamed body may still be going out while the answer comes in.
            if events & Epoll.output != 0 && !connection.output.isEmpty { push(connection, now: now) }
            if events & (Epoll.input | Epoll.error | Epoll.hangUp) != 0 { read(connection, now: now) }
        }
        return true
    }

    // MARK: Streamed request bodies

    /// A streamed body's output above this pauses reading the client's body.
    private let bodyHighWater = 1 << 20

    /// A part of the client's streamed request body; false when the upstream lags and the client should
    /// pause until `Connection.resumeBody`. An exchange that already ended drops the part.
    func sendBody(_ part: [UInt8], isLast: Bool, for client: Connection, now: Int) -> Bool {
        guard let connection = socket(of: client), let exchange = connection.exchange, !exchange.bodyComplete else { return true }
        if exchange.request.streamedBody == .chunked {
            if !part.isEmpty {
                connection.output.append(String(part.count, radix: 16))
                connection.output.append("\r\n")
                connection.output.append(part)
                connection.output.append("\r\n")
            }
            if isLast { connection.output.append("0\r\n\r\n") }
        } else {
            connection.output.append(part)
        }
        if isLast { exchange.bodyComplete = true }
        switch connection.phase {
        case .connecting, .handshaking: break
        case .sending: send(connection, now: now)
        case .awaitingHead, .relaying: push(connection, now: now)
        case .idle: break
        }
        return connection.output.readableCount < bodyHighWater
    }

    /// Writes queued body parts while the answer may already be arriving.
    private func push(_ connection: UpstreamConnection, now: Int) {
        switch connection.sendQueued() {
        case .done, .blocked:
            connection.deadline = now + timeout
            rewatch(connection)
            if connection.output.readableCount < bodyHighWater, let client = connection.exchange?.client {
                if !client.resumeBody(now: now) { closeClient(client) }
            }
        case .failed:
            sendFailed(connection, now: now)
        }
    }

    /// The upstream stopped taking the request, e.g. it answered early and closed: an answer may already
    /// be waiting, so it is read before anything is called lost (a reset with nothing to read is lost).
    private func sendFailed(_ connection: UpstreamConnection, now: Int) {
        guard let exchange = connection.exchange else {
            discard(connection)
            return
        }
        exchange.bodyComplete = true
        connection.output.removeAll()
        connection.phase = .awaitingHead
        watch(connection, Epoll.input)
        read(connection, now: now)
    }

    /// Input unless the client lags, output while anything is queued.
    func rewatch(_ connection: UpstreamConnection) {
        var events: UInt32 = connection.exchange?.isPaused == true ? 0 : Epoll.input
        if !connection.output.isEmpty { events |= Epoll.output }
        watch(connection, events)
    }

    private func send(_ connection: UpstreamConnection, now: Int) {
        switch connection.sendQueued() {
        case .done:
            connection.phase = .awaitingHead
            connection.deadline = now + timeout
            watch(connection, Epoll.input)
            // The head went; a streamed body's first parts may be waiting for it.
            if let client = connection.exchange?.client, connection.exchange?.bodyComplete == false,
               !client.resumeBody(now: now) {
                closeClient(client)
            }
        case .blocked:
            connection.deadline = now + timeout
            watch(connection, Epoll.output)
        case .failed:
            sendFailed(connection, now: now)
        }
    }

    // MARK: Ending an exchange

    func complete(_ connection: UpstreamConnection, _ exchange: UpstreamExchange, reusable: Bool, now: Int) {
        detach(connection)
        connection.hasServed = true
        // Answered before the whole body went: the upstream stops reading it, so the connection is done.
        if reusable && exchange.bodyComplete && idle.count < settings.idleConnectionsPerLoop && !exchange.client.isDraining {
            connection.phase = .idle
            connection.deadline = now + settings.idleSeconds
            idle.append(connection)
            watch(connection, Epoll.input)
        } else {
            discard(connection)
        }
        let keep: Bool
        if let framing = exchange.clientFraming {
            keep = exchange.client.endForwardedAnswer(framing: framing, now: now)
        } else if case .rewrite(_, let rewrite) = exchange.request.answer, let head = exchange.head {
            let answer = UpstreamAnswer(status: head.status, headers: head.headers, body: exchange.collected)
            exchange.client.noteUpstreamAnswer(status: head.status)
            keep = exchange.client.finishForward(with: rewrite(answer), now: now)
        } else {
            keep = exchange.client.finishForward(with: exchange.request.failure(.unavailable), now: now)
        }
        if !keep { closeClient(exchange.client) }
    }

    /// The upstream failed the exchange: retried once if a reused connection closed before answering,
    /// else the client gets the failure answer (before its head) or a cut connection (after).
    func lost(_ connection: UpstreamConnection, now: Int) {
        guard let exchange = connection.exchange else {
            discard(connection)
            return
        }
        // A streamed body cannot be sent twice: its parts are gone.
        let mayRetry = connection.hasServed && exchange.head == nil && connection.input.isEmpty && !exchange.hasRetried
            && exchange.request.streamedBody == nil
        detach(connection)
        discard(connection)
        if mayRetry {
            exchange.hasRetried = true
            start(exchange, now: now, fresh: true)
            return
        }
        fail(exchange, .unavailable, now: now)
    }

    private func fail(_ exchange: UpstreamExchange, _ failure: UpstreamFailure, now: Int) {
        exchange.client.forwardingSocket = nil
        if exchange.clientFraming != nil {
            closeClient(exchange.client)
        } else if !exchange.client.finishForward(with: exchange.request.failure(failure), now: now) {
            closeClient(exchange.client)
        }
    }

    /// A broken answer after its head was sent: the client can only learn it from the connection ending.
    func cut(_ connection: UpstreamConnection, _ exchange: UpstreamExchange) {
        detach(connection)
        discard(connection)
        closeClient(exchange.client)
    }

    private func detach(_ connection: UpstreamConnection) {
        if let exchange = connection.exchange, exchange.client.forwardingSocket == connection.fd {
            exchange.client.forwardingSocket = nil
        }
        connection.exchange = nil
    }

    private func discard(_ connection: UpstreamConnection) {
        connection.exchange = nil
        if let index = idle.firstIndex(where: { $0 === connection }) { idle.remove(at: index) }
        if Int(connection.fd) < sockets.count, sockets[Int(connection.fd)] === connection {
            sockets[Int(connection.fd)] = nil
            epoll.control(Epoll.delete, connection.fd, events: 0)
            close(connection.fd)
        }
    }

    /// The loop is closing `client` (gone, timed out, or cut): its exchange, if any, ends without it.
    func clientGone(_ client: Connection) {
        guard let connection = socket(of: client) else { return }
        connection.exchange = nil
        client.forwardingSocket = nil
        discard(connection)
    }

    func socket(of client: Connection) -> UpstreamConnection? {
        guard let fd = client.forwardingSocket, Int(fd) < sockets.count, let connection = sockets[Int(fd)],
              connection.exchange?.client === client else { return nil }
        return connection
    }

    /// Once a second: exchanges without progress for `--upstream-timeout` fail with 504; idle ones expire.
    func sweep(now: Int) {
        for index in sockets.indices {
            guard let connection = sockets[index], now >= connection.deadline else { continue }
            guard let exchange = connection.exchange else {
                discard(connection)
                continue
            }
            detach(connection)
            discard(connection)
            fail(exchange, .timeout, now: now)
        }
    }

    /// The loop ends: every socket goes.
    func closeAll() {
        for index in sockets.indices { if let connection = sockets[index] { discard(connection) } }
    }
}

@available(*, unavailable) extension UpstreamPool: Sendable {}
