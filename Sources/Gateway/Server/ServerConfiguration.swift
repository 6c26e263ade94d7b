import Glibc

/// How the listener runs (`serve` flags).
package struct ServerConfiguration: Sendable {
    package var host: String = "127.0.0.1"
    package var port: UInt16 = 8080
    /// Event loops; default = cores.
    package var threads: Int = 0
    package var maxBodyBytes: Int = 16 * 1024 * 1024
    package var maxHeaderBytes: Int = 16 * 1024
    /// The whole head must arrive within this many seconds of the connection or of the request's first byte.
    package var headerTimeoutSeconds: Int = 10
    package var idleTimeoutSeconds: Int = 60
    /// A body (or a response the client will not read) that makes no progress for this long closes the connection.
    package var bodyTimeoutSeconds: Int = 10
    /// Client connections held at once over all loops; beyond it new ones are accepted and closed at once.
    /// 0: `DescriptorLimit.defaultMaxConnections` (10 000, or fewer under a low `RLIMIT_NOFILE`).
    package var maxConnections: Int = 0
    /// Connections held at once from one client address; 0: no cap (the default: clients behind one NAT).
    package var maxConnectionsPerAddress: Int = 0
    /// After a refusal or `Connection: close`, how long unread input is drained so the client sees our answer.
    package var lingerSeconds: Int = 2
    /// `run()` turns SIGINT/SIGTERM into `stop()`. Tests switch it off and call `stop()` themselves.
    package var handlesSignals: Bool = true
    /// HTTPS: the certificate and key every connection is served with (reloaded on SIGHUP); nil: plain HTTP.
    package var tls: TLSServerContext?
    /// Gateway mode: where forwarded requests go.
    package var upstream: UpstreamSettings?

    package init() {}

    /// Loop count: `threads`, or the online cores when 0.
    var effectiveThreads: Int {
        if threads > 0 { return threads }
        return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }

    var effectiveMaxConnections: Int {
        maxConnections > 0 ? maxConnections : DescriptorLimit.defaultMaxConnections(threads: effectiveThreads)
    }

    var limits: HTTPLimits { HTTPLimits(maxHeaderBytes: maxHeaderBytes, maxBodyBytes: maxBodyBytes) }
}
