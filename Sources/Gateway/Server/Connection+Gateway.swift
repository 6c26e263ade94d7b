import Glibc
import WireFormat

/// Gateway mode's side of a client connection: a request body streamed to the upstream as it arrives,
/// and the upstream's answer written back (`UpstreamPool` calls these). The state they share with the
/// plain request path lives in `Connection`; this file only keeps the gateway's steps apart.
extension Connection {
    // MARK: Gateway mode: a body that streams to the upstream

    /// A head whose body is coming: forwarded now with its body to follow, or read whole as usual.
    func beginBody(_ head: RequestHead, now: Int) {
        let request = HTTPRequest(method: head.method, target: head.target, minorVersion: head.minorVersion,
                                  headers: head.headers, body: [], remoteAddress: remoteAddress, isTLS: tls != nil)
        guard let upstream = context.upstream else {
            decoder.bufferBody()
            return
        }
        context.observer?.begin(request, bytesIn: requestBytes)
        guard let reply = context.handler.replyBeforeBody(to: request, length: head.framing) else {
            decoder.bufferBody()
            return
        }
        requestBytes = 0
        switch reply {
        case .response(let response):
            // Refused on its head (a bad credential, a read-only password writing): answered before the
            // body, which is then not read; closing is the only way to skip it (RFC 9110 §15.5).
            decoder.bufferBody()
            let queued = output.readableCount
            context.serializer.write(response, omitBody: head.method == "HEAD", persistence: .close, into: output,
                                     requestID: context.observer?.requestID)
            context.observer?.answered(status: response.status, bytesOut: output.readableCount - queued)
            closeAfterFlush = true
        case .forward(let box):
            decoder.streamBody()
            forwardTrace = context.observer?.takeForwarded()
            forwardedStatus = 0
            if head.expectsContinue { context.serializer.writeContinue(into: output) }
            let keepAlive = head.keepAlive && !context.isDraining
            isForwarding = true
            isStreamingBody = true
            forwardPersistence = !keepAlive ? .close : (head.minorVersion == 0 ? .keepAlive : .implicit)
            forwardOmitsBody = head.method == "HEAD"
            forwardClientMinor = head.minorVersion
            upstream.forward(box.request, for: self, now: now)
        }
    }

    func passBodyPart(isLast: Bool, now: Int) {
        let part = decoder.takeBody()
        forwardTrace?.bytesIn += part.count
        guard isStreamingBody, let upstream = context.upstream else { return }   // the exchange ended early: dropped
        if isLast { isStreamingBody = false }
        if !upstream.sendBody(part, isLast: isLast, for: self, now: now) && !isLast {
            // The upstream lags: stop reading until it took what it has (`resumeBody`).
            isBodyPaused = true
        }
        if (!isStreamingBody || isBodyPaused) && !isWatchingOutput { setInterest(0) }
    }

    /// The upstream took the queued parts: read the body on.
    func resumeBody(now: Int) -> Bool {
        guard isBodyPaused else { return true }
        isBodyPaused = false
        lastProgress = now
        if !isWatchingOutput { setInterest(Epoll.input) }
        return service(now: now, read: false)
    }

    // MARK: Gateway mode: the upstream's answer, written by `UpstreamPool`

    var isDraining: Bool { context.isDraining }
    var forwardedBacklog: Int { output.readableCount }

    /// The upstream's head arrived: writes the client's head and says how its content is framed. The
    /// upstream's fields that may cross are copied from its bytes (`ForwardHeaders.answerKeeps`).
    func beginForwardedAnswer(_ head: AnswerHeadParser.Head, passCookies: Bool) -> ClientFraming {
        let status = head.status
        // Answered while the body is still coming: the rest of it cannot be told from a next request.
        if isStreamingBody { forwardPersistence = .close }
        noteUpstreamAnswer(status: status)
        let queued = output.readableCount
        defer { forwardTrace?.bytesOut += output.readableCount - queued }
        let clientFraming: ClientFraming
        switch head.framing {
        case .none: clientFraming = .none
        case .length: clientFraming = .length
        case .chunked, .untilClose:
            if forwardClientMinor >= 1 {
                clientFraming = .chunked
            } else {
                clientFraming = .close
                forwardPersistence = .close
            }
        }
        let named = ForwardHeaders.connectionNamed(head)
        let requestID = forwardTrace?.id
        let omitsBody = forwardOmitsBody
        context.serializer.writeForwardedHead(status: status, persistence: forwardPersistence, into: output) { out in
            // HEAD and 304 describe the content they do not carry: the upstream's length is kept (copied out:
            // the head's bytes are only lent inside `forEachField`).
            let keepsLength = head.framing == .none && (omitsBody || status == 304)
            var upstreamLength: [UInt8]?
            head.forEachField { name, value in
                if keepsLength, upstreamLength == nil, ASCIICase.equalsLowercase(name, "content-length") { upstreamLength = Array(value) }
                if ForwardHeaders.answerKeeps(name, named: named, passCookies: passCookies) { out.appendField(name: name, value: value) }
            }
            if let requestID { out.appendField(name: "X-Request-Id", value: requestID) }
            switch head.framing {
            case .none:
                if let upstreamLength {
                    out.append("Content-Length: ")
                    out.append(upstreamLength)
                    out.append("\r\n")
                } else if status >= 200 && status != 204 && status != 304 {
                    out.append("Content-Length: 0\r\n")
                }
            case .length(let count):
                out.append("Content-Length: ")
                out.appendDecimal(count)
                out.append("\r\n")
            case .chunked, .untilClose:
                if clientFraming == .chunked { out.append("Transfer-Encoding: chunked\r\n") }
            }
        }
        return clientFraming
    }

    func appendForwardedContent(_ bytes: UnsafeRawBufferPointer, framing: ClientFraming) {
        guard !forwardOmitsBody, bytes.count > 0 else { return }
        forwardTrace?.bytesOut += bytes.count
        switch framing {
        case .none:
            break
        case .length, .close:
            output.append(bytes)
        case .chunked:
            output.append(String(bytes.count, radix: 16))
            output.append("\r\n")
            output.append(bytes)
            output.append("\r\n")
        }
    }

    /// False: the client is gone.
    func flushForwarded(now: Int) -> Bool { flush(now: now) }

    /// The last byte of a streamed answer was relayed. False: close this connection.
    func endForwardedAnswer(framing: ClientFraming, now: Int) -> Bool {
        if framing == .chunked && !forwardOmitsBody { output.append("0\r\n\r\n") }
        finishTrace(status: forwardedStatus)
        return resumeAfterForward(closing: framing == .close || forwardPersistence == .close, now: now)
    }

    /// The upstream's answer head arrived (relayed, or collected for a rewrite).
    func noteUpstreamAnswer(status: Int) {
        forwardedStatus = status
        guard var trace = forwardTrace, let observer = context.observer else { return }
        observer.upstreamAnswered(&trace, status: status)
        forwardTrace = trace
    }

    func finishTrace(status: Int) {
        guard let trace = forwardTrace else { return }
        forwardTrace = nil
        context.observer?.finishForwarded(trace, status: status)
    }

    /// The client's whole answer, made here (a rewrite of the upstream's, or a failure). False: close.
    func finishForward(with response: HTTPResponse, now: Int) -> Bool {
        let queued = output.readableCount
        context.serializer.write(response, omitBody: forwardOmitsBody, persistence: forwardPersistence, into: output,
                                 requestID: forwardTrace?.id)
        forwardTrace?.bytesOut += output.readableCount - queued
        finishTrace(status: response.status)
        return resumeAfterForward(closing: forwardPersistence == .close, now: now)
    }

    func resumeAfterForward(closing: Bool, now: Int) -> Bool {
        isForwarding = false
        forwardingSocket = nil
        // Answered before the whole body arrived: the rest cannot be told from the next request.
        if closing || isStreamingBody { closeAfterFlush = true }
        isStreamingBody = false
        isBodyPaused = false
        if !isWatchingOutput { setInterest(Epoll.input) }
        // Requests pipelined behind the forwarded one are answered now, in order.
        return service(now: now, read: false)
    }
}
