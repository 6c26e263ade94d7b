@testable import Gateway
import Testing

/// Gateway mode's decoder: a head with a body is announced before the body, which then comes out in
/// parts when streamed, or whole when buffered; either way the next pipelined request follows in step,
/// whole or fed one byte at a time.
struct StreamedBodyDecoderTests {
    struct Trace: Equatable {
        var announced: [String] = []
        var streamed: [UInt8] = []
        var lastParts = 0
        var requests: [String] = []
        var continues = 0
    }

    /// Streams the body of every request whose target contains "stream"; buffers the others.
    static func run(_ raw: [UInt8], byteByByte: Bool, limits: HTTPLimits = HTTPLimits()) -> (Trace, rejected: Int?) {
        var decoder = RequestDecoder(limits: limits)
        decoder.announcesBodies = true
        var trace = Trace()
        var pending: [UInt8] = []
        let pieces: [ArraySlice<UInt8>] = byteByByte ? raw.indices.map { raw[$0...$0] } : [raw[...]]
        for piece in pieces {
            pending.append(contentsOf: piece)
            decoding: while true {
                let (step, consumed) = pending.withUnsafeBytes { decoder.decode($0) }
                pending.removeFirst(consumed)
                switch step {
                case .needMoreBytes: break decoding
                case .sendContinue: trace.continues += 1
                case .bodyFollows(let head):
                    trace.announced.append(head.target)
                    if head.target.contains("stream") { decoder.streamBody() } else { decoder.bufferBody() }
                case .bodyPart(let isLast):
                    trace.streamed += decoder.takeBody()
                    if isLast { trace.lastParts += 1 }
                case .request(let head, let body):
                    trace.requests.append("\(head.method) \(head.target) \(String(decoding: body, as: UTF8.self))")
                case .reject(let status):
                    return (trace, status.code)
                }
            }
        }
        return (trace, nil)
    }

    @Test(arguments: [false, true])
    func lengthAndChunkedBodiesStreamAndTheNextRequestFollows(byteByByte: Bool) {
        let raw = Array(("POST /stream/a HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello world"
            + "POST /stream/b HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nchunk\r\n3;ext=1\r\ned!\r\n0\r\nT: 1\r\n\r\n"
            + "POST /buffered HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\nbody"
            + "GET /after HTTP/1.1\r\nHost: x\r\n\r\n").utf8)
        let (trace, rejected) = Self.run(raw, byteByByte: byteByByte)
        #expect(rejected == nil)
        #expect(trace.announced == ["/stream/a", "/stream/b", "/buffered"])
        #expect(String(decoding: trace.streamed, as: UTF8.self) == "hello worldchunked!")
        #expect(trace.lastParts == 2)
        #expect(trace.requests == ["POST /buffered body", "GET /after "])
        #expect(trace.continues == 1, "a buffered body still gets its 100-continue from the decoder")
    }

    @Test func aStreamedChunkedBodyStillHasTheBodyLimit() {
        var limits = HTTPLimits()
        limits.maxBodyBytes = 8
        let raw = Array("POST /stream HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n12345\r\n5\r\n67890\r\n0\r\n\r\n".utf8)
        #expect(Self.run(raw, byteByByte: false, limits: limits).rejected == 413)
    }
}
