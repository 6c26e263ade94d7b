import Foundation
import Synchronization

/// Cache invalidation across instances (issue 15 item 2): one thread per process and database,
/// on its own connection, `LISTEN`s to the channel the triggers of `PostgresSchema.extras` notify
/// on every change, and counts what it hears in `generation`. Each store compares the generation
/// with the one it last saw on every request (one atomic load, the analogue of SQLite's
/// `data_version`) and drops its caches when it moved.
///
/// While the listening connection is down nothing would announce a change, so `isListening` is
/// false and stores read through (no cache) until the thread has reconnected and listens again;
/// it then moves the generation, so every store re-reads once more. Reconnecting backs off from
/// 50 ms to 2 s.
package final class PostgresChangeFeed: Sendable {
    /// What the thread and the stores share; the thread holds only this, so a feed that no store
    /// uses any more goes away and its thread ends.
    private final class State: Sendable {
        let generation = Atomic<UInt64>(0)
        let listening = Atomic<Bool>(false)
        let stopped = Atomic<Bool>(false)
        /// Signalled once when the thread has left libpq for good.
        let finished = DispatchSemaphore(value: 0)
        /// Monotonic milliseconds when listening last stopped (or the feed started).
        let notListeningSince = Atomic<Int64>(PostgresConnection.monotonicMilliseconds())
        /// The lockout counters of the processes' stores on this database (one per `StoreServices`).
        let throttles = Mutex<[WeakThrottle]>([])

        func mirror(_ scope: LoginThrottle.Lockout.Scope, key: String, until: Int64) {
            let now = Int64(time(nil))
            let live = throttles.withLock { list in
                list.removeAll { $0.throttle == nil }
                return list.compactMap(\.throttle)
            }
            for throttle in live { throttle.mirrorLockout(scope, key: key, until: until, now: now) }
        }
    }

    private struct WeakThrottle: @unchecked Sendable {   // read under the mutex only
        weak var throttle: LoginThrottle?
    }

    private let state = State()

    private static let feeds = Mutex<[String: WeakFeed]>([:])
    /// Short-lived processes (the CLI) start no listener: their stores read through instead.
    private static let isEnabled = Atomic<Bool>(true)
    /// Every listener thread started, so that a process can stop them all before it exits.
    private static let threads = Mutex<[State]>([])

    /// For processes that live for one command: no listening thread, stores read through (as
    /// while a listener is down). A thread inside libpq or OpenSSL while `exit` runs their
    /// destructors crashed a CLI command at its end (SIGSEGV in `pthread_rwlock_rdlock`).
    package static func disableListening() { isEnabled.store(false, ordering: .relaxed) }

    /// Stops every listening thread of this process and waits (at most `seconds`) until they are
    /// out of libpq: call before exiting a process that listened (`serve`), for the same reason.
    package static func stopAllListeners(waitingAtMost seconds: Double = 3) {
        let states = threads.withLock { states in defer { states.removeAll() }; return states }
        for state in states { state.stopped.store(true, ordering: .relaxed) }
        let deadline = DispatchTime.now() + seconds
        for state in states { _ = state.finished.wait(timeout: deadline) }
    }
    private struct WeakFeed: @unchecked Sendable { weak var feed: PostgresChangeFeed? }   // read under the mutex only

    /// The process's feed for `url`, started at first use; nil when listening is disabled.
    package static func shared(for url: String) -> PostgresChangeFeed? {
        guard isEnabled.load(ordering: .relaxed) else { return nil }
        return feeds.withLock { feeds in
            if let feed = feeds[url]?.feed { return feed }
            let feed = PostgresChangeFeed(url: url)
            feeds[url] = WeakFeed(feed: feed)
            return feed
        }
    }

    private init(url: String) {
        let state = self.state
        Self.threads.withLock { $0.append(state) }
        let thread = Thread {
            Self.listen(url: url, state: state)
            state.finished.signal()
        }
        thread.name = "dualgate-pg-listen"
        thread.start()
    }

    deinit { state.stopped.store(true, ordering: .relaxed) }

    /// Moves on every change heard, and when listening starts or stops.
    package var generation: UInt64 { state.generation.load(ordering: .acquiring) }

    /// Milliseconds since the feed stopped listening (meaningful while `isListening` is false).
    package var millisecondsNotListening: Int64 {
        PostgresConnection.monotonicMilliseconds() - state.notListeningSince.load(ordering: .relaxed)
    }

    /// Lockouts other instances start are mirrored into `throttle` from now on.
    package func register(_ throttle: LoginThrottle) {
        state.throttles.withLock { list in
            if !list.contains(where: { $0.throttle === throttle }) { list.append(WeakThrottle(throttle: throttle)) }
        }
    }

    /// A store of this process committed: its sibling stores (the other loops) need not wait for
    /// the notification's round trip through PostgreSQL, as on SQLite they see it at once.
    package func announceLocalChange() { state.generation.add(1, ordering: .releasing) }

    /// False while no notification can arrive: caches must not be trusted.
    package var isListening: Bool { state.listening.load(ordering: .acquiring) }

    /// Waits (tests) until the feed listens, at most `seconds`.
    package func waitUntilListening(seconds: Double) -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while !isListening {
            if Date() > end { return false }
            usleep(5_000)
        }
        return true
    }

    private static func listen(url: String, state: State) {
        guard let library = try? LibPQ.require() else { return }      // the store reported it already
        var pauseMilliseconds: UInt32 = 50
        while !state.stopped.load(ordering: .relaxed) {
            guard let connection = try? PostgresConnection.open(url, library, extra: keepalives) else {
                var slept: UInt32 = 0
                while slept < pauseMilliseconds, !state.stopped.load(ordering: .relaxed) {
                    usleep(50_000)
                    slept += 50
                }
                pauseMilliseconds = min(pauseMilliseconds * 2, 2000)
                continue
            }
            if startListening(connection, library) {
                pauseMilliseconds = 50
                mirrorCurrentLockouts(connection, library, state)
                state.listening.store(true, ordering: .releasing)
                state.generation.add(1, ordering: .releasing)           // re-read what may have changed meanwhile
                relay(connection, library, state)
                state.notListeningSince.store(PostgresConnection.monotonicMilliseconds(), ordering: .relaxed)
                state.listening.store(false, ordering: .releasing)
                state.generation.add(1, ordering: .releasing)
            }
            library.finish(connection)
        }
    }

    /// A dead peer is noticed by TCP keepalives even when no packet would otherwise be sent.
    private static let keepalives = [("keepalives", "1"), ("keepalives_idle", "5"), ("keepalives_interval", "2"), ("keepalives_count", "2")]

    /// `SCOPE UNTIL KEY` (the key last: an unknown login may hold spaces).
    private static func mirror(payload: String, _ state: State) {
        let parts = payload.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, let scope = LoginThrottle.Lockout.Scope(rawValue: String(parts[0])), let until = Int64(parts[1]) else { return }
        state.mirror(scope, key: String(parts[2]), until: until)
    }

    /// Lockouts started while this process was not listening (or before it started).
    private static func mirrorCurrentLockouts(_ connection: OpaquePointer, _ library: LibPQ, _ state: State) {
        guard library.sendQuery(connection, "SELECT scope, key, locked_until FROM dualgate_lockouts WHERE locked_until > extract(epoch FROM now())::bigint") == 1 else { return }
        while let next = library.getResult(connection) {
            let result = PostgresResult(next, library)
            guard library.resultStatus(next) == LibPQ.tuplesOK else { continue }
            var row: Int32 = 0
            while row < result.rowCount {
                if let scope = LoginThrottle.Lockout.Scope(rawValue: result.text(row, 0)) {
                    state.mirror(scope, key: result.text(row, 1), until: result.int64(row, 2))
                }
                row += 1
            }
        }
    }

    private static func startListening(_ connection: OpaquePointer, _ library: LibPQ) -> Bool {
        let listen = "LISTEN \(PostgresSchema.changeChannel); LISTEN \(PostgresSchema.lockoutChannel)"
        guard library.sendQuery(connection, listen) == 1 else { return false }
        var succeeded = false
        while let result = library.getResult(connection) {             // blocking: this thread's own connection
            succeeded = library.resultStatus(result) == LibPQ.commandOK
            library.clear(result)
        }
        return succeeded && library.status(connection) == LibPQ.connectionOK
    }

    /// Waits for notifications until the connection fails or the feed is no longer used.
    private static func relay(_ connection: OpaquePointer, _ library: LibPQ, _ state: State) {
        while !state.stopped.load(ordering: .relaxed) {
            var descriptor = pollfd(fd: library.socket(connection), events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, 100)              // wakes to notice `stopped`
            if ready < 0, errno != EINTR { return }
            if ready <= 0 { continue }
            guard library.consumeInput(connection) == 1 else { return }
            var heard = false
            while let notification = library.notifies(connection) {
                // PGnotify (libpq-fe.h): char *relname; int be_pid; char *extra; … (64-bit layout).
                let channel = notification.load(as: UnsafePointer<CChar>?.self).map { String(cString: $0) }
                if channel == PostgresSchema.lockoutChannel, let extra = notification.load(fromByteOffset: 16, as: UnsafePointer<CChar>?.self) {
                    mirror(payload: String(cString: extra), state)
                } else {
                    heard = true
                }
                library.freeMemory(notification)
            }
            if heard { state.generation.add(1, ordering: .releasing) }
            if library.status(connection) != LibPQ.connectionOK { return }
        }
    }
}
