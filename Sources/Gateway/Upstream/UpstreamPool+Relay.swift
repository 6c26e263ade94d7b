import Glibc

/// The upstream's answer on its way to the client: read, framed (length, chunked, until close),
/// relayed or collected for a rewrite, and paused while the client lags. `UpstreamPool`'s state and its
/// other steps (starting, sending, ending an exchange) are in UpstreamPool.swift.
extension UpstreamPool {
    func read(_ connection: UpstreamConnection, now: Int) {
        for _ in 0..<8 {
            guard let exchange = connection.exchange, !exchange.isPaused else { return }
            switch connection.receive() {
            case .bytes:
                connection.deadline = now + timeout
                guard pump(connection, exchange, now: now) else { return }
            case .nothing:
                return
            case .closed:
                // The end of an answer framed by the close, or an upstream gone mid-way.
                if connection.phase == .relaying, exchange.head?.framing == .untilClose {
                    complete(connection, exchange, reusable: false, now: now)
                } else {
                    lost(connection, now: now)
                }
                return
            case .failed:
                lost(connection, now: now)
                return
            }
        }
    }

    /// Moves what has arrived towards the client; false when the exchange ended or paused.
    func pump(_ connection: UpstreamConnection, _ exchange: UpstreamExchange, now: Int) -> Bool {
        while exchange.head == nil {
            switch AnswerHeadParser.parse(connection.input.readable, requestMethod: exchange.request.method) {
            case .needMoreBytes:
                return true
            case .invalid:
                connection.hasServed = false   // not a stale keep-alive: the upstream answered nonsense
                lost(connection, now: now)
                return false
            case .head(let head, let consumed):
                connection.input.consume(consumed)
                if head.status == 101 { lost(connection, now: now); return false }
                if (100..<200).contains(head.status) { continue }   // 100, 103: informational, not relayed
                exchange.head = head
                connection.phase = .relaying
                begin(exchange, head)
            }
        }
        guard let head = exchange.head else { return true }
        switch head.framing {
        case .none:
            complete(connection, exchange, reusable: head.keepAlive && connection.input.isEmpty, now: now)
            return false
        case .length:
            let take = min(exchange.remaining, connection.input.readableCount)
            if take > 0 {
                deliver(exchange, UnsafeRawBufferPointer(rebasing: connection.input.readable[0..<take]))
                connection.input.consume(take)
                exchange.remaining -= take
            }
            if exchange.remaining == 0 {
                complete(connection, exchange, reusable: head.keepAlive && connection.input.isEmpty, now: now)
                return false
            }
        case .chunked:
            scratch.removeAll(keepingCapacity: true)
            let offered = connection.input.readableCount
            let step = exchange.chunks!.decode(connection.input.readable, into: &scratch)
            if !scratch.isEmpty { scratch.withUnsafeBytes { deliver(exchange, $0) } }
            switch step {
            case .needMoreBytes:
                connection.input.consume(offered)
            case .done(let consumed):
                connection.input.consume(consumed)
                complete(connection, exchange, reusable: head.keepAlive && connection.input.isEmpty, now: now)
                return false
            case .reject:
                cut(connection, exchange)
                return false
            }
        case .untilClose:
            if !connection.input.isEmpty {
                deliver(exchange, connection.input.readable)
                connection.input.removeAll()
            }
        }
        if case .rewrite(let limit, _) = exchange.request.answer, exchange.collected.count > limit {
            lost(connection, now: now)
            return false
        }
        return flushClient(connection, exchange, now: now)
    }

    func begin(_ exchange: UpstreamExchange, _ head: AnswerHeadParser.Head) {
        if case .length(let count) = head.framing { exchange.remaining = count }
        if head.framing == .chunked { exchange.chunks = ChunkedDecoder(limits: HTTPLimits(maxHeaderBytes: 64 * 1024, maxBodyBytes: Int.max / 2)) }
        guard case .stream(let passCookies) = exchange.request.answer else { return }
        exchange.clientFraming = exchange.client.beginForwardedAnswer(head, passCookies: passCookies)
    }

    func deliver(_ exchange: UpstreamExchange, _ bytes: UnsafeRawBufferPointer) {
        if let framing = exchange.clientFraming {
            exchange.client.appendForwardedContent(bytes, framing: framing)
        } else {
            exchange.collected.append(contentsOf: bytes)
        }
    }

    /// Writes to the client; pauses reading the upstream while the client lags.
    func flushClient(_ connection: UpstreamConnection, _ exchange: UpstreamExchange, now: Int) -> Bool {
        guard exchange.clientFraming != nil else { return true }
        guard exchange.client.flushForwarded(now: now) else {
            cut(connection, exchange)
            return false
        }
        if exchange.client.forwardedBacklog >= clientHighWater {
            exchange.isPaused = true
            connection.deadline = Int.max   // the client's write deadline governs now
            rewatch(connection)
            return false
        }
        return true
    }

    /// The client read its backlog: carry on reading the upstream.
    func clientDrained(_ client: Connection, now: Int) {
        guard let connection = socket(of: client), let exchange = connection.exchange, exchange.isPaused,
              client.forwardedBacklog < clientHighWater else { return }
        exchange.isPaused = false
        connection.deadline = now + timeout
        rewatch(connection)
        if pump(connection, exchange, now: now) { read(connection, now: now) }
    }
}
