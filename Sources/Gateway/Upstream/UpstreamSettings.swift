/// How a loop reaches the upstream (`serve --upstream …`); shared read-only by every loop.
package struct UpstreamSettings: Sendable {
    package var origin: UpstreamOrigin
    /// An `https://` origin: its verifying client context.
    package var tls: TLSClientContext?
    /// Idle keep-alive connections each loop keeps (`--upstream-connections`, like nginx's `keepalive N`:
    /// busy connections are not capped, idle ones beyond this are closed).
    package var idleConnectionsPerLoop: Int = 64
    /// Seconds without progress (connect, send, or a byte of the answer) before the exchange fails with 504.
    package var timeoutSeconds: Int = 30
    /// How long an idle connection is kept: below the keep-alive timeout of common servers, so that the
    /// upstream rarely closes one under a request.
    package var idleSeconds: Int = 4
    /// The largest answer read whole for a rewrite (multicall merge, method list, REST index).
    package var rewriteLimit: Int = 16 * 1024 * 1024

    package init(origin: UpstreamOrigin) { self.origin = origin }
}
