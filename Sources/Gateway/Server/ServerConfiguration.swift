/// How the listener runs (`serve` flags).
package struct ServerConfiguration: Sendable {
    package var host: String = "127.0.0.1"
    package var port: UInt16 = 8080
    /// Event loops; default = cores.
    package var threads: Int = 0
    package var maxBodyBytes: Int = 16 * 1024 * 1024
    package var maxHeaderBytes: Int = 16 * 1024
    package var headerTimeoutSeconds: Int = 10
    package var idleTimeoutSeconds: Int = 60

    package init() {}
}
