import Gateway

/// Feeds one byte stream (any number of pipelined requests) to `RequestDecoder` the way
/// `Connection.process` does, in several read patterns, and checks:
/// - every call consumes between 0 and the bytes it was given, and steps come in a sane order;
/// - whole, byte-by-byte and randomly split feeds give the same steps at the same stream offsets;
/// - each request's bytes, given alone to a fresh decoder, give that same request and are consumed
///   exactly: framing never needed (or took) a byte past its own request;
/// - a body declared by Content-Length has exactly that length and stays within the limit.
enum HTTPDecoderHarness {
    /// Small limits, so that a fuzz input of a few KiB reaches every limit's refusal path.
    static let limits: HTTPLimits = {
        var limits = HTTPLimits(maxHeaderBytes: 1024, maxBodyBytes: 2048)
        limits.maxChunkLineBytes = 96
        return limits
    }()

    /// One step other than `needMoreBytes`, with the stream offset consumed when it was returned.
    struct Event: Equatable, CustomStringConvertible {
        let step: RequestDecoder.Step
        let end: Int

        var description: String {
            switch step {
            case .needMoreBytes: "needMoreBytes@\(end)"
            case .sendContinue: "100-continue@\(end)"
            case .request(let head, let body): "request(\(head.method) \(head.target) body=\(body.count))@\(end)"
            case .reject(let status): "reject(\(status))@\(end)"
            case .bodyFollows(let head): "bodyFollows(\(head.method) \(head.target))@\(end)"
            case .bodyPart(let isLast): "bodyPart(last: \(isLast))@\(end)"
            }
        }
    }

    struct Outcome: Equatable {
        var events: [Event] = []
        var consumed = 0
    }

    static func check(_ bytes: UnsafeRawBufferPointer) throws(PropertyViolation) {
        let whole = try feed(bytes, pieces: [bytes.count])
        var plans: [(String, [Int])] = [("split", Array(SplitPlan(for: bytes, salt: 1)))]
        // Byte by byte re-scans nothing (the parser remembers its place) but copies the pending bytes each call.
        if bytes.count <= 2048 { plans.append(("byte-by-byte", Array(repeating: 1, count: bytes.count))) }
        for (name, pieces) in plans {
            let other = try feed(bytes, pieces: pieces)
            guard other == whole else {
                throw violation("fed \(name) gave \(other.events) consumed \(other.consumed); whole gave \(whole.events) consumed \(whole.consumed)")
            }
        }
        try checkFraming(whole, of: bytes)
    }

    /// Runs the decoder over `bytes` delivered in `pieces`; stops at the first refusal, as a connection does.
    static func feed(_ bytes: UnsafeRawBufferPointer, pieces: [Int]) throws(PropertyViolation) -> Outcome {
        var decoder = RequestDecoder(limits: limits)
        var outcome = Outcome()
        var received = 0
        for piece in pieces {
            received += piece
            while true {
                let pending = UnsafeRawBufferPointer(rebasing: bytes[outcome.consumed..<received])
                let (step, consumed) = decodeExactCopy(pending, with: &decoder)
                guard consumed >= 0, consumed <= pending.count else {
                    throw violation("consumed \(consumed) of \(pending.count) pending bytes")
                }
                outcome.consumed += consumed
                if case .needMoreBytes = step { break }
                try checkOrder(step, after: outcome.events.last?.step, consumed: consumed)
                if case .reject = step {
                    // How much a refused stream had consumed depends on the read sizes (a chunked body
                    // takes what it is given) and means nothing: the connection drops its input.
                    outcome.events.append(Event(step: step, end: -1))
                    outcome.consumed = -1
                    return outcome
                }
                outcome.events.append(Event(step: step, end: outcome.consumed))
            }
        }
        return outcome
    }

    /// The pending bytes go to the decoder in their own exact-size allocation, so that reading one
    /// byte past them is a heap overflow address sanitizer reports (the caller's buffer goes on).
    private static func decodeExactCopy(_ pending: UnsafeRawBufferPointer,
                                        with decoder: inout RequestDecoder) -> (step: RequestDecoder.Step, consumed: Int) {
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: pending.count, alignment: 1)
        defer { copy.deallocate() }
        if pending.count > 0 { copy.copyMemory(from: pending) }
        return decoder.decode(UnsafeRawBufferPointer(copy))
    }

    /// A request or 100-continue must consume its head; 100-continue is followed by its own request.
    private static func checkOrder(_ step: RequestDecoder.Step, after previous: RequestDecoder.Step?, consumed: Int) throws(PropertyViolation) {
        if case .sendContinue = previous {
            switch step {
            case .request, .reject: break
            default: throw violation("\(step) right after 100-continue")
            }
        } else if consumed == 0 {
            switch step {
            case .reject: break
            default: throw violation("\(step) consumed no bytes")
            }
        }
        if case .request(let head, let body) = step {
            guard body.count <= limits.maxBodyBytes else { throw violation("body of \(body.count) bytes passed the \(limits.maxBodyBytes) limit") }
            if case .length(let declared) = head.framing, declared != body.count {
                throw violation("Content-Length \(declared) but a body of \(body.count) bytes")
            }
            if case .none = head.framing, !body.isEmpty { throw violation("no framing but a body of \(body.count) bytes") }
        }
    }

    /// Each request's own bytes, and nothing after them, make the same request with nothing left over.
    private static func checkFraming(_ whole: Outcome, of bytes: UnsafeRawBufferPointer) throws(PropertyViolation) {
        var start = 0
        var expected: [Event] = []
        for event in whole.events {
            expected.append(Event(step: event.step, end: event.end - start))
            guard case .request = event.step else { continue }
            let alone = try feed(UnsafeRawBufferPointer(rebasing: bytes[start..<event.end]), pieces: [event.end - start])
            guard alone.events == expected, alone.consumed == event.end - start else {
                throw violation("request in bytes \(start)..<\(event.end), fed alone, gave \(alone.events) consumed \(alone.consumed); in the stream \(expected)")
            }
            start = event.end
            expected = []
        }
    }

    private static func violation(_ message: String) -> PropertyViolation { PropertyViolation(.http, message) }
}
