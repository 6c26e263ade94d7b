/// What `serve --metrics` and `--access-log` set up once per process and every loop shares.
package final class Operations: Sendable {
    let metrics: MetricsRegistry?
    let accessLog: AccessLog?

    init(metrics: MetricsRegistry?, accessLog: AccessLog?) {
        self.metrics = metrics
        self.accessLog = accessLog
    }

    /// Nothing counted, nothing logged: request ids only.
    package static let off = Operations(metrics: nil, accessLog: nil)
}
