/// Frames whole requests out of a connection's byte stream: head via `RequestParser`, then the body by
/// Content-Length or chunked coding. One per connection; its state survives between reads.
package struct RequestDecoder {
    package enum Step: Equatable {
        case needMoreBytes
        /// The head asked for `Expect: 100-continue` and the body is still to come: send `100 Continue` now.
        case sendContinue
        case request(RequestHead, body: [UInt8])
        case reject(HTTPStatus)
    }

    private enum BodyState {
        case fixed(remaining: Int)
        case chunked(ChunkedDecoder)
    }

    private var parser: RequestParser
    private var head: RequestHead?
    private var bodyState = BodyState.fixed(remaining: 0)
    private var body: [UInt8] = []

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
                if parsed.expectsContinue { return (.sendContinue, consumed) }
                let rest = decodeBody(UnsafeRawBufferPointer(rebasing: bytes[consumed...]), head: parsed)
                return (rest.step, consumed + rest.consumed)
            }
        }
        return decodeBody(bytes, head: current)
    }

    private mutating func decodeBody(_ bytes: UnsafeRawBufferPointer, head current: RequestHead) -> (step: Step, consumed: Int) {
        switch bodyState {
        case .fixed(let remaining):
            let take = min(remaining, bytes.count)
            body.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[0..<take]))
            if take < remaining {
                bodyState = .fixed(remaining: remaining - take)
                return (.needMoreBytes, take)
            }
            return (finish(current), take)
        case .chunked(var decoder):
            let step = decoder.decode(bytes, into: &body)
            bodyState = .chunked(decoder)
            switch step {
            case .needMoreBytes: return (.needMoreBytes, bytes.count)
            case .done(let consumed): return (finish(current), consumed)
            case .reject(let status): return (.reject(status), bytes.count)
            }
        }
    }

    private mutating func finish(_ current: RequestHead) -> Step {
        let complete = body
        body = []
        head = nil
        bodyState = .fixed(remaining: 0)
        return .request(current, body: complete)
    }
}
