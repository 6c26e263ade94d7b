/// Frames whole requests out of a connection's byte stream: head via `RequestParser`, then the body by
/// Content-Length or chunked coding. One per connection; its state survives between reads.
package struct RequestDecoder {
    package enum Step: Equatable {
        case needMoreBytes
        /// The head asked for `Expect: 100-continue` and the body is still to come: send `100 Continue` now.
        case sendContinue
        case request(RequestHead, body: [UInt8])
        case reject(HTTPStatus)
        /// Only with `announcesBodies`: a head whose body is still to come. The caller answers at once with
        /// `bufferBody()` (then `.request` follows as usual) or `streamBody()` (then `.bodyPart`s follow).
        case bodyFollows(RequestHead)
        /// Streaming: `takeBody()` holds the next part (possibly empty when `isLast`).
        case bodyPart(isLast: Bool)
    }

    private enum BodyState {
        case fixed(remaining: Int)
        case chunked(ChunkedDecoder)
    }

    private var parser: RequestParser
    private var head: RequestHead?
    private var bodyState = BodyState.fixed(remaining: 0)
    private var body: [UInt8] = []
    /// Gateway mode: heads with a body are shown before it, so that a forwarded body can stream.
    package var announcesBodies = false
    private var isStreaming = false
    private var pendingContinue = false
    private var streamedBytes = 0

    package init(limits: HTTPLimits) { parser = RequestParser(limits: limits) }

    /// True between a complete head and the end of its body.
    /// (Not `head != nil`: `RequestHead` is Equatable, so that copied the head to compare it.)
    package var isReadingBody: Bool {
        if case .some = head { true } else { false }
    }

    /// Decodes from `bytes` (all unconsumed input); `consumed` bytes may be dropped by the caller afterwards.
    package mutating func decode(_ bytes: UnsafeRawBufferPointer) -> (step: Step, consumed: Int) {
        guard let current = head else {
            switch parser.parse(bytes) {
            case .needMoreBytes:
                return (.needMoreBytes, 0)
            case .reject(let status):
                return (.reject(status), 0)
            case .head(let parsed, let consumed):
                parser.reset()
                switch parsed.framing {
                case .none:
                    return (.request(parsed, body: []), consumed)
                case .length(let length):
                    bodyState = .fixed(remaining: length)
                    // Reserve what was declared only up to a modest size: a declaration alone must not cost memory.
                    body.reserveCapacity(min(length, 64 * 1024))
                case .chunked:
                    bodyState = .chunked(ChunkedDecoder(limits: parser.limits))
                }
                head = parsed
                if announcesBodies {
                    pendingContinue = parsed.expectsContinue
                    return (.bodyFollows(parsed), consumed)
                }
                if parsed.expectsContinue { return (.sendContinue, consumed) }
                let rest = decodeBody(UnsafeRawBufferPointer(rebasing: bytes[consumed...]), head: parsed)
                return (rest.step, consumed + rest.consumed)
            }
        }
        if pendingContinue {
            pendingContinue = false
            return (.sendContinue, 0)
        }
        return decodeBody(bytes, head: current)
    }

    /// After `.bodyFollows`: read the body whole, as without `announcesBodies`.
    package mutating func bufferBody() {
        isStreaming = false
    }

    /// After `.bodyFollows`: hand the body on in parts. The `Expect: 100-continue` answer is the caller's.
    package mutating func streamBody() {
        isStreaming = true
        pendingContinue = false
        streamedBytes = 0
    }

    /// The part a `.bodyPart` step announced.
    package mutating func takeBody() -> [UInt8] {
        defer { body.removeAll(keepingCapacity: true) }
        return body
    }

    private mutating func decodeBody(_ bytes: UnsafeRawBufferPointer, head current: RequestHead) -> (step: Step, consumed: Int) {
        switch bodyState {
        case .fixed(let remaining):
            let take = min(remaining, bytes.count)
            body.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[0..<take]))
            if take < remaining {
                bodyState = .fixed(remaining: remaining - take)
                return (isStreaming && take > 0 ? .bodyPart(isLast: false) : .needMoreBytes, take)
            }
            return (finish(current), take)
        case .chunked(var decoder):
            let before = body.count
            let step = decoder.decode(bytes, into: &body)
            bodyState = .chunked(decoder)
            if isStreaming {
                // Parts leave as they come, so the decoder's own cap (on what it holds) does not see the total.
                streamedBytes += body.count - before
                if streamedBytes > parser.limits.maxBodyBytes { return (.reject(.contentTooLarge), bytes.count) }
            }
            switch step {
            case .needMoreBytes: return (isStreaming && !body.isEmpty ? .bodyPart(isLast: false) : .needMoreBytes, bytes.count)
            case .done(let consumed): return (finish(current), consumed)
            case .reject(let status): return (.reject(status), bytes.count)
            }
        }
    }

    private mutating func finish(_ current: RequestHead) -> Step {
        if isStreaming {
            isStreaming = false
            head = nil
            bodyState = .fixed(remaining: 0)
            return .bodyPart(isLast: true)
        }
        let complete = body
        body = []
        head = nil
        bodyState = .fixed(remaining: 0)
        return .request(current, body: complete)
    }
}
