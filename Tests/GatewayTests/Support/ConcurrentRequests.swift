import Foundation

/// Sends many requests at once, each on its own connection and thread: every connection is opened
/// first, then all are released together so the requests really are in flight at the same time.
enum ConcurrentRequests {
    struct Outcome: Sendable {
        let status: Int
        let body: [UInt8]
        var value: WireJSON { (try? WireJSON.parse(body)) ?? .null }
    }

    /// `requests[i]` is the raw HTTP text for connection i; the result keeps that order. A
    /// connection that fails yields status 0 and the error text as its body.
    static func send(_ requests: [String], port: UInt16, timeoutSeconds: Int = 60) -> [Outcome] {
        let results = Results(count: requests.count)
        let connected = DispatchGroup()
        let finished = DispatchGroup()
        let start = DispatchSemaphore(value: 0)
        for (index, text) in requests.enumerated() {
            connected.enter()
            finished.enter()
            let thread = Thread {
                defer { finished.leave() }
                let client: RawClient
                do {
                    client = try RawClient(port: port, receiveTimeoutSeconds: timeoutSeconds)
                } catch {
                    connected.leave()
                    results.set(index, Outcome(status: 0, body: Array("\(error)".utf8)))
                    return
                }
                connected.leave()
                start.wait()
                do {
                    try client.send(text)
                    let response = try client.readResponse()
                    results.set(index, Outcome(status: response.status, body: response.body))
                } catch {
                    results.set(index, Outcome(status: 0, body: Array("\(error)".utf8)))
                }
            }
            thread.stackSize = 256 * 1024
            thread.start()
        }
        connected.wait()
        for _ in requests { start.signal() }
        finished.wait()
        return results.all
    }

    private final class Results: @unchecked Sendable {      // every access under `lock`
        private let lock = NSLock()
        private var outcomes: [Outcome]

        init(count: Int) { outcomes = Array(repeating: Outcome(status: -1, body: []), count: count) }

        func set(_ index: Int, _ outcome: Outcome) { lock.withLock { outcomes[index] = outcome } }

        var all: [Outcome] { lock.withLock { outcomes } }
    }
}
