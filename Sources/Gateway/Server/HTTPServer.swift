/// The listener: one non-blocking socket, one epoll event loop per thread.
package final class HTTPServer: Sendable {
    /// `makeHandler` runs once on each loop thread, before that loop serves anything.
    package init(configuration: ServerConfiguration, makeHandler: @escaping @Sendable () throws -> any HTTPRequestHandler) {
        fatalError("not implemented")
    }

    /// Binds and listens; returns the real port (for `--port 0`).
    package func bind() throws -> UInt16 { fatalError("not implemented") }

    /// Serves until SIGINT/SIGTERM, then stops accepting, finishes in-flight requests, returns.
    package func run() throws { fatalError("not implemented") }
}
