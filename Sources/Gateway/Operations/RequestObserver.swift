import CredentialCore
import Glibc
import WireFormat

/// One loop's view of its requests (issue 17): gives each its id, learns from the loop's store how it
/// authenticated, and when it is answered counts it (`LoopMetrics`) and queues its access-log line.
/// Confined to its loop thread: the `Connection`s and the `Dispatcher` of that loop call it in turn, and
/// `current` is the request being handled right now (a forwarded one moves into its connection).
package final class RequestObserver: VerificationObserver {
    private let metrics: LoopMetrics?
    private let accessLog: AccessLog?
    private let trustedProxies: [NetworkRange]
    // Unchecked exclusivity on what every request touches: the observer is confined to its loop thread
    // (not Sendable), and each runtime check cost ~65 instructions (callgrind, W1).
    @exclusivity(unchecked) private var ids = RequestIDs()
    /// Traces are needed only to count or to log; request ids are always made.
    private let traces: Bool
    @exclusivity(unchecked) private(set) var current = RequestTrace()
    /// Lines not yet handed to the writer: handed over by the 16 KiB, and by the loop's once-a-second
    /// sweep (`flushAccessLog`), so the shared queue's lock is taken rarely and no line waits long.
    private let pendingLines = ByteBuffer(capacity: 32 * 1024)
    @exclusivity(unchecked) private var pendingCount: UInt64 = 0
    private var timeSecond: Int = -1
    private var timeText: [UInt8] = []

    init(operations: Operations, trustedProxies: [NetworkRange]) {
        metrics = operations.metrics?.register()
        accessLog = operations.accessLog
        self.trustedProxies = trustedProxies
        traces = metrics != nil || accessLog != nil
    }

    /// A request is about to be handled: its id, from a trusted proxy's `X-Request-Id` or made here.
    func begin(_ request: HTTPRequest, bytesIn: Int) {
        var id: String?
        if !trustedProxies.isEmpty, let given = request.header("X-Request-Id"), RequestIDs.isAcceptable(given),
           trustedProxies.contains(where: { $0.contains(request.remoteAddress) }) {
            id = given
        }
        current.id = id ?? ids.make()
        guard traces else { return }
        Self.start(&current, request, bytesIn: bytesIn, logged: accessLog != nil)
    }

    /// One exclusive access to `current` for every field (one per field cost a runtime exclusivity check each).
    private static func start(_ trace: inout RequestTrace, _ request: HTTPRequest, bytesIn: Int, logged: Bool) {
        trace.startNanos = RequestTrace.nanos()
        trace.kind = RequestProtocol(target: request.target)
        trace.upstreamStatus = nil
        trace.upstreamStartNanos = 0
        trace.upstreamMicros = nil
        guard logged else { return }
        trace.method = request.method
        trace.login = nil
        trace.api = nil
        trace.outcome = nil
        trace.bytesIn = bytesIn
        trace.bytesOut = 0
        trace.target = request.target
        trace.client = request.remoteAddress
        trace.cut = false
        trace.xmlrpcMethods = trace.kind == .xmlrpc ? xmlrpcMethods(of: request) : []
    }

    /// A gzipped call (CPython's client sends them) is inflated for its names: the adapter inflates it
    /// again to decode it, so only gzipped calls pay, and the log's copy is bounded (the scan reads 64 KiB).
    private static func xmlrpcMethods(of request: HTTPRequest) -> [String] {
        guard let coding = request.header("Content-Encoding") else { return AccessLogLine.xmlrpcMethods(request.body) }
        guard case .body(let plain) = ContentCoding.decode(request.body, contentEncoding: coding, limit: 1 << 20) else { return [] }
        return AccessLogLine.xmlrpcMethods(plain)
    }

    var requestID: String { current.id }

    /// The dispatcher's view of who the client is (behind trusted proxies).
    func noteClient(_ address: String) {
        if accessLog != nil { current.client = address }
    }

    /// The request was answered here (not forwarded).
    func answered(status: Int, bytesOut: Int) {
        guard traces else { return }
        current.bytesOut = bytesOut
        finish(&current, status: status)   // in place: passing a copy retained and released every field
    }

    /// A request refused while it was being framed (`RequestDecoder`'s 400/413/431/501, the sweep's 408):
    /// no handler saw it, but it is counted and logged like any other, and its answer carries its id.
    func refusedUnparsed(status: Int, bytesIn: Int, client: String, answer: (_ requestID: String) -> Int) {
        let id = ids.make()
        current.id = id
        let bytesOut = answer(id)
        guard traces else { return }
        var trace = RequestTrace()
        trace.id = id
        trace.startNanos = RequestTrace.nanos()
        trace.kind = .unparsed
        trace.client = client
        trace.bytesIn = bytesIn
        trace.bytesOut = bytesOut
        finish(&trace, status: status)
    }

    /// A forwarded request whose connection closed before its answer was complete: the client left (nginx's
    /// 499 when no head had been relayed yet), or the upstream broke off mid-answer. Logged as cut.
    func abandonedForwarded(_ trace: RequestTrace, statusSent: Int) {
        guard traces else { return }
        var trace = trace
        trace.cut = true
        finishForwarded(trace, status: statusSent == 0 ? 499 : statusSent)
    }

    /// The request is forwarded: its trace goes with its connection until the answer is relayed.
    func takeForwarded() -> RequestTrace {
        var trace = RequestTrace()
        trace.id = current.id   // the id goes back on the relayed answer, counted or not
        guard traces else { return trace }
        trace = current
        trace.upstreamStartNanos = RequestTrace.nanos()
        return trace
    }

    /// The upstream's answer head arrived (status), for a forwarded request's trace.
    func upstreamAnswered(_ trace: inout RequestTrace, status: Int) {
        guard traces, trace.upstreamMicros == nil else { return }
        trace.upstreamStatus = status
        trace.upstreamMicros = (RequestTrace.nanos() &- trace.upstreamStartNanos) / 1000
    }

    func finishForwarded(_ trace: RequestTrace, status: Int) {
        guard traces else { return }
        var trace = trace
        let micros = trace.upstreamMicros ?? (RequestTrace.nanos() &- trace.upstreamStartNanos) / 1000
        metrics?.upstream(status: trace.upstreamStatus, micros: micros)
        if trace.upstreamMicros == nil { trace.upstreamMicros = micros }
        finish(&trace, status: status)
    }

    private func finish(_ trace: inout RequestTrace, status: Int) {
        let micros = (RequestTrace.nanos() &- trace.startNanos) / 1000
        metrics?.request(trace.kind, status: status, micros: micros)
        guard accessLog != nil else { return }
        AccessLogLine.append(&trace, status: status, micros: micros, time: now(), to: pendingLines)
        pendingCount += 1
        if pendingLines.readableCount >= 16 * 1024 { flushAccessLog() }
    }

    /// Hands the pending lines to the writer (`EventLoop`'s sweep and its end call this too).
    func flushAccessLog() {
        guard let accessLog, pendingCount > 0 else { return }
        if !accessLog.enqueue(pendingLines.readable) { metrics?.add(LoopMetrics.accessLogDropped, pendingCount) }
        pendingLines.removeAll()
        pendingCount = 0
    }

    /// RFC 3339 UTC with milliseconds; the date part is made once a second.
    private func now() -> (seconds: [UInt8], millis: Int) {
        var wall = timespec()
        clock_gettime(CLOCK_REALTIME, &wall)
        let second = Int(wall.tv_sec)
        if second != timeSecond {
            timeSecond = second
            timeText = Array(CivilTime(unixSeconds: Int64(second)).formatted().utf8)
        }
        return (timeText, Int(wall.tv_nsec) / 1_000_000)
    }

    // MARK: Connections (`EventLoop`)

    func connectionOpened() { metrics?.add(LoopMetrics.connectionsOpened) }
    func connectionClosed() { metrics?.add(LoopMetrics.connectionsClosed) }

    // MARK: VerificationObserver (the loop's store)

    package func verified(api: APIType, login: String, failure: AuthFailure?, cacheHit: Bool?) {
        let outcome = AuthOutcome(failure)
        if let metrics {
            metrics.authentication(api, outcome)
            if let cacheHit { metrics.add(LoopMetrics.verificationCache + (cacheHit ? 0 : 1)) }
        }
        guard accessLog != nil else { return }
        // A request with several attempts (a multicall) is logged with its first refusal, else its caller.
        if current.outcome == nil || current.outcome == .ok {
            current.login = login
            current.api = api
            current.outcome = outcome
        }
    }


    package func lockoutStarted(login: Bool) { metrics?.add(LoopMetrics.lockouts + (login ? 0 : 1)) }

    package func storeFailed() { metrics?.add(LoopMetrics.storeErrors) }
}

@available(*, unavailable) extension RequestObserver: Sendable {}
