/// What `--metrics HOST:PORT` and `--access-log PATH|-` open, start and stop (issue 17), for `serve` and for
/// an embedder's `DualgateServer` alike: opened before the listener binds, so that a bad address or path is
/// refused at once; started once serving begins; stopped (the log drained) after.
package final class OperationsRuntime: Sendable {
    package let settings: Operations
    let listener: MetricsListener?
    /// The metrics host as a URL shows it (`[::1]`).
    let metricsHost: String

    package enum Problem: Error, CustomStringConvertible {
        case badMetricsAddress(String)
        case metricsListener(String, ServerError)
        case emptyAccessLogPath
        case accessLog(String, ServerError)
        case threads(ServerError)

        package var description: String {
            switch self {
            case .badMetricsAddress(let text): "--metrics takes HOST:PORT (e.g. 127.0.0.1:9100 or [::1]:9100), not '\(text)'"
            case .metricsListener(let text, let error): "cannot listen on \(text) for --metrics: \(error)"
            case .emptyAccessLogPath: "--access-log takes a file path or '-' (standard output)"
            case .accessLog(let path, let error): "cannot open the access log at \(path): \(error)"
            case .threads(let error): "cannot start the metrics or access-log thread: \(error)"
            }
        }
    }

    package init(metricsAddress: String?, accessLogPath: String?) throws(Problem) {
        var registry: MetricsRegistry?
        var listener: MetricsListener?
        var shownHost = ""
        if let text = metricsAddress {
            guard let (host, port) = Self.hostAndPort(text) else { throw .badMetricsAddress(text) }
            let made = MetricsRegistry()
            do { listener = try MetricsListener(host: host, port: port, registry: made) } catch { throw .metricsListener(text, error) }
            registry = made
            shownHost = host.contains(":") ? "[\(host)]" : host
        }
        var log: AccessLog?
        if let path = accessLogPath {
            guard !path.isEmpty else { throw .emptyAccessLogPath }
            do { log = try AccessLog(path: path) } catch { throw .accessLog(path, error) }
        }
        settings = Operations(metrics: registry, accessLog: log)
        self.listener = listener
        metricsHost = shownHost
    }

    package func start() throws(Problem) {
        do {
            try listener?.start()
            try settings.accessLog?.start()
        } catch {
            throw .threads(error)
        }
    }

    package func stop() {
        listener?.stop()
        settings.accessLog?.stop()
    }

    /// The port `GET /metrics` is served on (the real one when 0 was asked for).
    package var metricsPort: UInt16? { listener?.port }

    /// `127.0.0.1:9100`, `[::1]:9100`, `localhost:0`.
    static func hostAndPort(_ text: String) -> (String, UInt16)? {
        guard let colon = text.lastIndex(of: ":"), let port = UInt16(text[text.index(after: colon)...]) else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { return nil }
        return (host, port)
    }
}
