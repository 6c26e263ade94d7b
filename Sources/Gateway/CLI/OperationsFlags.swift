import Foundation

/// `serve --metrics HOST:PORT` and `--access-log PATH|-` (issue 17): opened before the listener binds, so a
/// bad address or path is refused at once; started once serving begins; stopped (the log drained) after.
struct OperationsFlags {
    let settings: Operations
    let listener: MetricsListener?
    let metricsHost: String

    static func open(_ arguments: ArgumentScanner) throws -> OperationsFlags {
        var registry: MetricsRegistry?
        var listener: MetricsListener?
        var shownHost = ""
        if let text = arguments.value("metrics") {
            guard let (host, port) = hostAndPort(text) else { throw UsageError("--metrics takes HOST:PORT (e.g. 127.0.0.1:9100 or [::1]:9100), not '\(text)'") }
            let made = MetricsRegistry()
            do { listener = try MetricsListener(host: host, port: port, registry: made) } catch {
                throw RefusalError("cannot listen on \(text) for --metrics: \(error)")
            }
            registry = made
            shownHost = host.contains(":") ? "[\(host)]" : host
        }
        var log: AccessLog?
        if let path = arguments.value("access-log") {
            guard !path.isEmpty else { throw UsageError("--access-log takes a file path or '-' (standard output)") }
            do { log = try AccessLog(path: path) } catch { throw RefusalError("cannot open the access log at \(path): \(error)") }
        }
        return OperationsFlags(settings: Operations(metrics: registry, accessLog: log), listener: listener, metricsHost: shownHost)
    }

    func start() throws {
        do {
            try listener?.start()
            try settings.accessLog?.start()
        } catch {
            throw RefusalError("cannot start the metrics or access-log thread: \(error)")
        }
    }

    func stop() {
        listener?.stop()
        settings.accessLog?.stop()
    }

    /// `127.0.0.1:9100`, `[::1]:9100`, `localhost:0`.
    static func hostAndPort(_ text: String) -> (String, UInt16)? {
        guard let colon = text.lastIndex(of: ":"), let port = UInt16(text[text.index(after: colon)...]) else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { return nil }
        return (host, port)
    }
}

/// The startup summary on stderr (issue 17 item 4): where dualgate listens, its store, upstream, TLS, and
/// the flags given that change a default. Flag values only for flags that hold no secret; paths of key
/// files are shown, never their content; a URL's user-info is cut.
enum StartupSummary {
    static func text(_ arguments: ArgumentScanner, listener: String, store: String, audit: String, upstream: String?,
                     tls: Bool, operations: OperationsFlags) -> String {
        var lines = ["dualgate \(Version.string) starting:",
                     "  listener: \(listener)",
                     "  store: \(store)",
                     "  audit log: \(audit)",
                     "  upstream: \(upstream.map(withoutUserInfo) ?? "none")",
                     "  TLS: \(tls ? "on (certificate \(arguments.value("tls-cert") ?? "?"); SIGHUP reloads it)" : "off")"]
        if let metrics = operations.listener { lines.append("  metrics: http://\(operations.metricsHost):\(metrics.port)/metrics") }
        if let log = operations.settings.accessLog { lines.append("  access log: \(log.path == "-" ? "standard output" : log.path)") }
        let shown = ["threads", "max-body", "max-connections", "max-connections-per-address", "upstream-connections", "upstream-timeout", "upstream-ca",
                     "upstream-auth", "xmlrpc-unknown", "xmlrpc-catalogue", "secret-key-file", "upstream-signing-key-file"]
        var changed = shown.compactMap { name in arguments.value(name).map { "--\(name) \($0)" } }
        changed += arguments.all("trusted-proxy").map { "--trusted-proxy \($0)" }
        for name in ["enable-validator", "upstream-pass-cookies"] where arguments.has(name) { changed.append("--\(name)") }
        lines.append("  changed defaults: \(changed.isEmpty ? "none" : changed.joined(separator: " "))")
        return lines.joined(separator: "\n")
    }

    static func withoutUserInfo(_ url: String) -> String {
        guard let scheme = url.range(of: "://"), let at = url[scheme.upperBound...].firstIndex(of: "@"),
              !url[scheme.upperBound..<at].contains("/") else { return url }
        return String(url[..<scheme.upperBound]) + String(url[url.index(after: at)...])
    }
}
