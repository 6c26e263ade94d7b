import Foundation

/// Tells the workers when a server is up (its generation and port) and lets the test wait until
/// every worker has stopped touching its passwords, so the checks read a still model.
final class CrashCoordinator: @unchecked Sendable {   // every member under `condition`
    private let condition = NSCondition()
    private var serving: (generation: Int, port: UInt16)?
    private var generation = 0
    private var isFinished = false
    private var parked = 0
    private var problems: [String] = []

    /// A new server is up on `port`: workers parked on an older generation go.
    func open(port: UInt16) {
        condition.withLock {
            generation += 1
            serving = (generation, port)
            condition.broadcast()
        }
    }

    /// Called just before the SIGKILL: a request failing after this is the kill's doing.
    func close() { condition.withLock { serving = nil } }

    /// No more servers: parked workers return.
    func finish() {
        condition.withLock {
            isFinished = true
            condition.broadcast()
        }
    }

    func isServing(_ generation: Int) -> Bool { condition.withLock { serving?.generation == generation } }

    /// A worker waits here for a server newer than `after`; nil once the run is finished.
    func waitForServer(after: Int) -> (generation: Int, port: UInt16)? {
        condition.withLock {
            parked += 1
            condition.broadcast()
            defer { parked -= 1 }
            while true {
                if isFinished { return nil }
                if let serving, serving.generation > after { return serving }
                condition.wait()
            }
        }
    }

    /// Waits (bounded) until `count` workers are parked; false on timeout.
    func waitUntilParked(_ count: Int, timeoutSeconds: Double) -> Bool {
        let deadline = Date(timeIntervalSinceNow: timeoutSeconds)
        return condition.withLock {
            while parked < count {
                if !condition.wait(until: deadline) { return parked >= count }
            }
            return true
        }
    }

    /// Something a worker saw that breaks a promise (recorded, reported by the test).
    func problem(_ text: String) { condition.withLock { problems.append(text) } }

    var allProblems: [String] { condition.withLock { problems } }
}
