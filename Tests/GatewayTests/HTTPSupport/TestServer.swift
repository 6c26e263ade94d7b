import Foundation
@testable import Gateway

/// A real `HTTPServer` on 127.0.0.1, port 0, serving `EchoHandler` on a background thread.
final class TestServer: Sendable {
    let server: HTTPServer
    let port: UInt16
    private let finished = DispatchSemaphore(value: 0)

    init(_ configure: (inout ServerConfiguration) -> Void = { _ in }) throws {
        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.threads = 2
        configuration.handlesSignals = false
        configure(&configuration)
        server = HTTPServer(configuration: configuration) { EchoHandler() }
        port = try server.bind()
        let server = self.server
        let finished = self.finished
        Thread.detachNewThread {
            try? server.run()
            finished.signal()
        }
    }

    /// Asks the server to stop and waits (bounded) for `run()` to return; true if it did.
    @discardableResult
    func stop(within seconds: Double = 20) -> Bool {
        server.stop()
        return waitUntilFinished(within: seconds)
    }

    /// Waits (bounded) for `run()` to return without asking it to stop.
    func waitUntilFinished(within seconds: Double) -> Bool {
        finished.wait(timeout: .now() + seconds) == .success
    }

    /// A client whose reads give up after `receiveTimeoutSeconds`: timeout tests use a value below the
    /// other (10 s) server timers, so only the timer under test can close the connection in time.
    func connect(receiveTimeoutSeconds: Int = 10) throws -> RawClient {
        try RawClient(port: port, receiveTimeoutSeconds: receiveTimeoutSeconds)
    }
}
