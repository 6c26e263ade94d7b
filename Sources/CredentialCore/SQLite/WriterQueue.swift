#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Makes this process's writers to one database file take turns before `BEGIN IMMEDIATE`.
///
/// Without it, two loop threads that write at once meet in SQLite's busy handler, which polls
/// the lock with sleeps of 1, 2, 5 … 100 ms: under a stream of creates the loser waited up to
/// hundreds of milliseconds for a lock that was free again after one fsync (bench W6: p99
/// 634 ms). A blocking mutex hands the lock over as soon as the other commit is done. Other
/// processes (the CLI, other instances) still queue on `busy_timeout`.
///
/// The wait is bounded by `busy_timeout`: were a thread ever to nest writes to one file on two
/// connections, it gets SQLite's "database is locked" after the timeout, as before, not a hang.
/// `@unchecked Sendable`: its one stored property never changes after `init`, and what it points
/// to is a pthread mutex, which exists to be shared between threads.
final class WriterQueue: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    private init() {
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Waits for this process's other writers to `file`, at most `milliseconds`; true when the
    /// turn was taken (and must be given back with `leave()`).
    func enter(waitingAtMost milliseconds: Int32) -> Bool {
        if pthread_mutex_trylock(mutex) == 0 { return true }
        var deadline = timespec()
        clock_gettime(CLOCK_REALTIME, &deadline)
        let nanoseconds = Int(deadline.tv_nsec) + Int(milliseconds % 1000) * 1_000_000
        deadline.tv_sec += Int(milliseconds / 1000) + nanoseconds / 1_000_000_000
        deadline.tv_nsec = nanoseconds % 1_000_000_000
        return pthread_mutex_timedlock(mutex, &deadline) == 0
    }

    func leave() { pthread_mutex_unlock(mutex) }

    // The queue of each database file (device and inode), made on first use and kept: a process
    // opens few database files, and a queue must outlive any one connection to its file.
    private static let queues = Mutex<[WALIndexHeaders.FileID: WriterQueue]>([:])

    static func of(_ file: WALIndexHeaders.FileID) -> WriterQueue {
        queues.withLock { queues in
            if let queue = queues[file] { return queue }
            let queue = WriterQueue()
            queues[file] = queue
            return queue
        }
    }
}
