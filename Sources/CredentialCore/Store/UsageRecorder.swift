import Dispatch
import Foundation
import Synchronization

/// Writes `last_used` / `last_ip` off the request path (issue 5): `verify` hands the use over and
/// answers at once; one background thread per process, with its own connection, commits what
/// has queued up in one transaction. A use is queued at most once per password until written,
/// and the UPDATE keeps WordPress's once-a-day condition, so a burst of requests costs one write.
public final class UsageRecorder: Sendable {
    private struct Use { let time: Int64; let address: String }
    private struct Queue {
        var uses: [String: Use] = [:]
        /// Taken by the writer and not yet committed: still shown by `pendingUses`.
        var writing: [String: Use] = [:]
        var waiters: [DispatchSemaphore] = []
        var isStopping = false
    }

    private let queue = Mutex(Queue())
    private let wake = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    /// Starts the writer thread for the database at `path` (which must exist already), a SQLite
    /// file or a `postgres://` URL. On PostgreSQL the connection reconnects by itself after an
    /// outage; a batch that fails is logged and dropped (usage is advisory, as WordPress's).
    public init(databasePath path: String) {
        let thread = Thread { [self] in self.run(path: path) }
        thread.name = "dualgate-usage"
        thread.start()
    }

    /// Queues one use; the first one queued for a password until the next write wins.
    func record(uuid: String, at time: Int64, from address: String) {
        let isNew = queue.withLock { queue in
            guard queue.uses[uuid] == nil, queue.writing[uuid] == nil, !queue.isStopping else { return false }
            queue.uses[uuid] = Use(time: time, address: address)
            return true
        }
        if isNew { wake.signal() }
    }

    /// The uses queued or being written, by password uuid, so that a listing made before the
    /// write lands shows them (WordPress records usage before the route runs).
    func pendingUses() -> [String: (time: Int64, address: String)] {
        queue.withLock { queue in
            queue.writing.merging(queue.uses) { _, queued in queued }.mapValues { ($0.time, $0.address) }
        }
    }

    /// Returns once everything queued before the call is committed (tests, shutdown).
    public func flush() {
        let done = DispatchSemaphore(value: 0)
        let isRunning = queue.withLock { queue in
            guard !queue.isStopping else { return false }
            queue.waiters.append(done)
            return true
        }
        guard isRunning else { return }
        wake.signal()
        done.wait()
    }

    /// Writes what is queued, then ends the thread. Later uses are dropped (as a crash would).
    public func stop() {
        let wasRunning = queue.withLock { queue in
            defer { queue.isStopping = true }
            return !queue.isStopping
        }
        guard wasRunning else { return }
        wake.signal()
        finished.wait()
    }

    private func run(path: String) {
        var connection: Connection?
        var passwords: PasswordQueries?
        let location = StoreLocation(path)
        let setup: SetupLock? = if case .sqlite(let file) = location { SetupLock(forDatabaseAt: file) } else { nil }  // not while a store sets the file up
        do {
            let opened = try Connection(location)
            try opened.sqlite?.applyCredentialSettings()
            connection = opened
            passwords = PasswordQueries(connection: opened)
        } catch {
            // The loop still runs, so that flush() and stop() keep answering.
            StoreLog.error("usage recorder: cannot open the store, last_used will not be recorded: \(error)")
        }
        setup?.release()
        while true {
            wake.wait()
            let (uses, waiters, isStopping) = queue.withLock { queue in
                defer { queue.writing = queue.uses; queue.uses.removeAll(); queue.waiters.removeAll() }
                return (queue.uses, queue.waiters, queue.isStopping)
            }
            if let connection, let passwords, !uses.isEmpty {
                do {
                    _ = try connection.immediateTransaction { () throws(SQLiteError) in
                        for (uuid, use) in uses { _ = try passwords.recordUsage(uuid: uuid, at: use.time, from: use.address) }
                    }
                } catch {
                    StoreLog.error("usage recorder: cannot record \(uses.count) uses: \(error)")
                }
            }
            queue.withLock { $0.writing.removeAll() }
            for waiter in waiters { waiter.signal() }
            if isStopping { break }
        }
        finished.signal()
    }
}
