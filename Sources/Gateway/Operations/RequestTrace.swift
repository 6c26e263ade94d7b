import CredentialCore
import Glibc

/// What one request leaves behind for the metrics and the access log, filled while it is handled; a
/// forwarded request's trace waits in its `Connection` until the upstream's answer is relayed.
struct RequestTrace {
    var id = ""
    var startNanos: UInt64 = 0
    var method = ""
    var target = ""
    var client = ""
    var kind = RequestProtocol.page
    var xmlrpcMethods: [String] = []
    var login: String?
    var api: APIType?
    var outcome: AuthOutcome?
    var bytesIn = 0
    var bytesOut = 0
    var upstreamStatus: Int?
    var upstreamStartNanos: UInt64 = 0
    var upstreamMicros: UInt64?
    /// The connection closed before the answer was whole (a forwarded one: client gone, upstream broke off).
    var cut = false

    static func nanos() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) &* 1_000_000_000 &+ UInt64(now.tv_nsec)
    }
}
