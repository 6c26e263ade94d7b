import Foundation

/// `serve --metrics HOST:PORT` and `--access-log PATH|-` (issue 17), read from the command line.
enum OperationsFlags {
    static func open(_ arguments: ArgumentScanner) throws -> OperationsRuntime {
        do {
            return try OperationsRuntime(metricsAddress: arguments.value("metrics"), accessLogPath: arguments.value("access-log"))
        } catch let problem {
            switch problem {
            case .badMetricsAddress, .emptyAccessLogPath: throw UsageError(problem.description)
            default: throw RefusalError(problem.description)
            }
        }
    }
}

/// The startup summary on stderr (issue 17 item 4): where dualgate listens, its store, upstream, TLS, and
/// the flags given that change a default. Flag values only for flags that hold no secret; paths of key
/// files are shown, never their content; a URL's user-info is cut.
enum StartupSummary {
    static func text(_ arguments: ArgumentScanner, listener: String, store: String, audit: String, upstream: String?,
                     tls: Bool, operations: OperationsRuntime) -> String {
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
