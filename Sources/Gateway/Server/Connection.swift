import Glibc

/// One client connection: reads, frames requests, calls the handler in order, writes batched answers,
/// enforces deadlines, and lingers after a refusal so the client can read it. Owned by one loop thread.
///
/// States: serving (reading heads/bodies, writing answers) -> lingering (write side shut, input discarded
/// until EOF or the linger deadline) -> closed by the loop when a method returns false.
final class Connection {
    private enum Phase {
        case serving
        case lingering
    }

    let fd: Int32
    let remoteAddress: String
    /// `serve --tls-cert`: the TLS session over `fd`, handshaking until `isEstablished`; nil on plain HTTP,
    /// where every read and write is one nil check away from `recv`/`send`.
    let tls: TLSSession?
    /// Strong: the context holds no connection, so there is no cycle, and an `unowned` reference
    /// paid a checked retain on every use.
    let context: LoopContext
    private let input: ByteBuffer
    let output: ByteBuffer
    // Unchecked exclusivity: read or changed a few times per request, always by this loop thread and never
    // across a call that could come back here (each runtime check cost ~65 instructions, callgrind W1).
    @exclusivity(unchecked) var decoder: RequestDecoder
    private var phase = Phase.serving
    /// Set once the last answer is queued: after it is written the connection shuts down.
    var closeAfterFlush = false
    private var peerClosed = false
    var isWatchingOutput = false
    /// Processing stopped at the output high-water mark with input left to decode.
    private var pausedForOutput = false
    /// When the head in progress (or, for a new connection, the connection) started; nil between requests.
    private var headStartedAt: Int?
    var lastProgress: Int
    /// When the body in progress started, and how many bytes arrived since: a body must keep an average
    /// rate (`LoopContext.minBodyBytesPerSecond`), so a byte every few seconds cannot hold a slot forever.
    private var bodyStartedAt: Int?
    private var bodyBytes = 0
    private(set) var deadline: Int
    /// Gateway mode: an answer is coming from the upstream; later pipelined requests wait for it.
    var isForwarding = false
    /// Gateway mode: the forwarded request's body is still arriving and goes upstream part by part.
    var isStreamingBody = false
    /// Streaming paused: the upstream has not taken the parts already given to it.
    var isBodyPaused = false
    var forwardPersistence = ResponseSerializer.Persistence.implicit
    var forwardOmitsBody = false
    var forwardClientMinor = 1
    /// The upstream socket carrying this connection's exchange (`UpstreamPool`'s bookkeeping).
    var forwardingSocket: Int32?
    /// What epoll watches for this socket now.
    private var interest = Epoll.input
    /// Issue 17: bytes of the request being decoded (head and body, as sent), and the forwarded
    /// request's trace until its answer is relayed.
    var requestBytes = 0
    var forwardTrace: RequestTrace?
    /// The status the client got for the forwarded request (the upstream's, when relayed as is).
    var forwardedStatus = 0

    init(fd: Int32, remoteAddress: String, context: LoopContext, now: Int, tls: TLSSession? = nil) {
        self.fd = fd
        self.remoteAddress = remoteAddress
        self.tls = tls
        self.context = context
        input = ByteBuffer(capacity: context.initialBufferBytes)
        output = ByteBuffer(capacity: context.initialBufferBytes)
        decoder = RequestDecoder(limits: context.limits)
        decoder.announcesBodies = context.upstream != nil
        headStartedAt = now
        lastProgress = now
        deadline = now + context.headerTimeout
    }

    /// An epoll event; false means the loop should close the connection.
    func handle(events: UInt32, now: Int) -> Bool {
        if let tls, !tls.isEstablished { return continueHandshake(tls, now: now) }
        if isWatchingOutput {
            // Errors are reported whatever we asked for; the failing send then ends the connection.
            guard events & (Epoll.output | Epoll.error | Epoll.hangUp) == 0 || service(now: now, read: false) else { return false }
            if isForwarding && !isWatchingOutput { context.upstream?.clientDrained(self, now: now) }
            return true
        }
        if isForwarding && !isStreamingBody {
            // Nothing is read while the upstream answers; an error or hang-up means the client is gone.
            // Input interest is dropped only now that input came (pipelined bytes, or a half-close): the
            // usual client waits in silence, and two epoll_ctl calls per forwarded request were a fifth of
            // its system calls.
            guard events & (Epoll.error | Epoll.hangUp) == 0 else { return false }
            setInterest(0)
            return true
        }
        if events & (Epoll.input | Epoll.error | Epoll.hangUp) != 0 {
            return phase == .lingering ? discardInput() : service(now: now, read: true)
        }
        return true
    }

    /// Called about once a second; false means close.
    func sweep(now: Int) -> Bool {
        guard now >= deadline else { return true }
        // Waiting for the upstream is timed by `--upstream-timeout`; a client not reading its answer is not.
        // A body paused because the upstream lags is the upstream's delay, not the client's.
        if isForwarding && output.isEmpty && (!isStreamingBody || isBodyPaused) { return true }
        if phase == .lingering || !output.isEmpty { return false }
        guard decoder.isReadingBody || !input.isEmpty else { return false }   // idle, or never sent a byte
        if isStreamingBody {
            // A streamed body stalled: its exchange cannot complete, so it goes before the 408 is written.
            context.upstream?.clientGone(self)
            isStreamingBody = false
            isForwarding = false
        }
        // RFC 9110 §15.5.9: tell a client that started a request but stalled why it is being dropped.
        requestBytes += input.readableCount
        input.removeAll()
        writeFramingRefusal(.requestTimeout)
        closeAfterFlush = true
        return flush(now: now)
    }

    /// `stop()` reached the loop: false when nothing is in flight and the connection can go now.
    func beginDraining() -> Bool {
        if phase == .lingering || isForwarding { return true }
        return !(output.isEmpty && input.isEmpty && !decoder.isReadingBody)
    }

    func service(now: Int, read: Bool) -> Bool {
        if read {
            // Small reads while waiting for heads keep idle connections cheap; bodies read in large gulps.
            input.reserve(decoder.isReadingBody ? context.bodyReadChunk : context.headReadChunk)
            var count = tls == nil ? recv(fd, input.writableStart, input.writableCount, 0)
                                   : tls!.read(into: input.writableStart, count: input.writableCount)
            if count > 0 {
                input.commit(count)
                if let tls, tls.hasPending { count += takePending(tls) }
                lastProgress = now
                if decoder.isReadingBody { bodyBytes += count }
            } else if count == 0 {
                peerClosed = true
            } else {
                return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR
            }
        }
        repeat {
            process(now: now)
            guard flush(now: now) else { return false }
        } while pausedForOutput && output.isEmpty && phase == .serving
        return true
    }

    /// Decodes and answers every complete request in the input, in order, into one output batch.
    private func process(now: Int) {
        pausedForOutput = false
        var needsInput = false
        while !closeAfterFlush && (!isForwarding || (isStreamingBody && !isBodyPaused)) {
            if output.readableCount >= context.outputHighWater {
                pausedForOutput = true
                break
            }
            let (step, consumed) = decoder.decode(input.readable)
            input.consume(consumed)
            requestBytes += consumed
            switch consume step {          // moves the head and body out instead of copying them
            case .needMoreBytes:
                needsInput = true
            case .sendContinue:
                headStartedAt = nil
                lastProgress = now
                context.serializer.writeContinue(into: output)
                continue
            case .request(let head, let body):
                headStartedAt = nil
                bodyStartedAt = nil
                bodyBytes = 0
                answer(head, body: body, now: now)
                continue
            case .bodyFollows(let head):
                bodyStartedAt = nil
                bodyBytes = 0
                beginBody(head, now: now)
                continue
            case .bodyPart(let isLast):
                headStartedAt = nil
                passBodyPart(isLast: isLast, now: now)
                continue
            case .reject(let status):
                requestBytes += input.readableCount   // what the refused request sent, as far as it was read
                input.removeAll()
                if isStreamingBody {
                    // The upstream has part of a body that will never be complete: it goes, and so do we.
                    isStreamingBody = false
                    if let upstream = context.upstream { upstream.clientGone(self) }
                    isForwarding = false
                }
                writeFramingRefusal(status)
                closeAfterFlush = true
            }
            break
        }
        // EOF in the middle of a request leaves nothing to answer; EOF between requests ends politely.
        if peerClosed && needsInput { closeAfterFlush = true }
        refreshDeadline(now: now)
    }

    /// A request refused while framing it: no handler sees it, but it is counted, logged and given an id.
    private func writeFramingRefusal(_ status: HTTPStatus) {
        let bytesIn = requestBytes
        requestBytes = 0
        guard let observer = context.observer else { return context.serializer.writeRejection(status, into: output) }
        observer.refusedUnparsed(status: status.code, bytesIn: bytesIn, client: remoteAddress) { id in
            let queued = output.readableCount
            context.serializer.writeRejection(status, into: output, requestID: id)
            return output.readableCount - queued
        }
    }

    private func answer(_ head: RequestHead, body: [UInt8], now: Int) {
        let request = HTTPRequest(method: head.method, target: head.target, minorVersion: head.minorVersion,
                                  headers: head.headers, body: body, remoteAddress: remoteAddress, isTLS: tls != nil)
        let keepAlive = head.keepAlive && !context.isDraining
        let persistence: ResponseSerializer.Persistence = !keepAlive ? .close : (head.minorVersion == 0 ? .keepAlive : .implicit)
        context.observer?.begin(request, bytesIn: requestBytes)
        requestBytes = 0
        switch context.handler.reply(to: request) {
        case .response(let response):
            // HEAD: the same header section as GET, Content-Length included, and no content (RFC 9110 §9.3.2).
            let queued = output.readableCount
            context.serializer.write(response, omitBody: head.method == "HEAD", persistence: persistence, into: output,
                                     requestID: context.observer?.requestID)
            context.observer?.answered(status: response.status, bytesOut: output.readableCount - queued)
            if !keepAlive { closeAfterFlush = true }
        case .forward(let box):
            guard let upstream = context.upstream else {
                context.serializer.write(box.request.failure(.unavailable), omitBody: head.method == "HEAD", persistence: .close, into: output)
                closeAfterFlush = true
                return
            }
            isForwarding = true
            forwardTrace = context.observer?.takeForwarded()
            forwardedStatus = 0
            forwardPersistence = persistence
            forwardOmitsBody = head.method == "HEAD"
            forwardClientMinor = head.minorVersion
            upstream.forward(box.request, for: self, now: now)
        }
    }

    /// Writes what is queued; false means the connection is finished (error, or done and peer gone).
    func flush(now: Int) -> Bool {
        while !output.isEmpty {
            let written = tls == nil ? send(fd, output.readable.baseAddress, output.readableCount, Int32(MSG_NOSIGNAL))
                                     : tls!.write(output.readable.baseAddress, count: output.readableCount)
            if written > 0 {
                output.consume(written)
                lastProgress = now
            } else if written < 0 && errno == EINTR {
                continue
            } else if written < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                watchOutput(true)
                refreshDeadline(now: now)
                return true
            } else {
                return false
            }
        }
        output.shrink(to: context.initialBufferBytes, ifAbove: 256 * 1024)
        if !decoder.isReadingBody { input.shrink(to: context.initialBufferBytes, ifAbove: context.bodyReadChunk) }
        watchOutput(false)
        refreshDeadline(now: now)   // the write deadline no longer applies: back to idle or head timing
        if closeAfterFlush {
            if peerClosed { return false }
            // Half-close, then read until the client closes: closing with unread input would send a reset
            // that can destroy our answer before the client reads it (RFC 9112 §9.6).
            tls?.closeNotify()
            shutdown(fd, Int32(SHUT_WR))
            phase = .lingering
            input.removeAll()
            deadline = now + context.linger
            return context.linger > 0
        }
        if context.isDraining && input.isEmpty && !decoder.isReadingBody { return false }
        return true
    }

    // MARK: TLS

    /// The handshake runs on the loop like a request head: same deadline (`headStartedAt` is the accept time),
    /// and a stalled or garbled one is dropped by the sweep or at once, touching no other connection.
    private func continueHandshake(_ tls: TLSSession, now: Int) -> Bool {
        switch tls.handshake() {
        case .wantRead:
            setInterest(Epoll.input)
            return true
        case .wantWrite:
            setInterest(Epoll.output)
            return true
        case .failed:
            return false
        case .done:
            setInterest(Epoll.input)
            lastProgress = now
            return service(now: now, read: true)
        }
    }

    /// What OpenSSL holds beyond what the last read asked for (decrypted, or records read ahead): no epoll
    /// event will announce it.
    private func takePending(_ tls: TLSSession) -> Int {
        var total = 0
        while tls.hasPending {
            input.reserve(max(tls.pending, context.headReadChunk))
            let count = tls.read(into: input.writableStart, count: input.writableCount)
            guard count > 0 else { break }
            input.commit(count)
            total += count
        }
        return total
    }

    private func discardInput() -> Bool {
        for _ in 0..<16 {
            let count = recv(fd, context.scratch.baseAddress, context.scratch.count, 0)
            if count == 0 { return false }
            if count < 0 { return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR }
        }
        return true
    }

    private func watchOutput(_ wanted: Bool) {
        guard wanted != isWatchingOutput else { return }
        isWatchingOutput = wanted
        // While output is stuck, stop reading: the client must drain its answers before sending more.
        // While the upstream answers, nothing is read either (later requests wait their turn).
        setInterest(wanted ? Epoll.output : (isForwarding && (!isStreamingBody || isBodyPaused) ? 0 : Epoll.input))
    }

    func setInterest(_ events: UInt32) {
        guard events != interest else { return }
        interest = events
        context.epoll.control(Epoll.modify, fd, events: events)
    }

    private func refreshDeadline(now: Int) {
        guard phase == .serving else { return }
        if !output.isEmpty || decoder.isReadingBody {
            deadline = lastProgress + context.bodyTimeout
            if decoder.isReadingBody {
                // Like Apache's mod_reqtimeout MinRate: bodyTimeout, plus a second per minBodyBytesPerSecond received.
                let started = bodyStartedAt ?? now
                bodyStartedAt = started
                deadline = min(deadline, started + context.bodyTimeout + bodyBytes / context.minBodyBytesPerSecond)
            }
        } else if !input.isEmpty || headStartedAt != nil {
            let started = headStartedAt ?? now
            headStartedAt = started
            deadline = started + context.headerTimeout
        } else {
            deadline = lastProgress + context.idleTimeout
        }
    }
}

@available(*, unavailable) extension Connection: Sendable {}
