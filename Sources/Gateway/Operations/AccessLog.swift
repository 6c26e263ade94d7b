import Glibc
import Synchronization

/// `serve --access-log PATH|-` (issue 17): lines queued by the loops and written by a thread of its own,
/// so a loop never waits on the disk. The queue is bounded in bytes; a line that does not fit is dropped
/// and counted by its loop (`dualgate_access_log_dropped_total`). The file is reopened after SIGHUP
/// (logrotate renames it, then signals); `-` is standard output and is never reopened.
final class AccessLog: Sendable {
    /// Past this many queued bytes lines are dropped: about 10 000 lines, a few hundred ms of full load.
    static let queueLimit = 4 * 1024 * 1024

    let path: String
    private let pending = Mutex<[UInt8]>([])
    private let descriptor = Atomic<Int32>(-1)
    private let isStopped = Atomic<Bool>(false)
    private let isFinished = Atomic<Bool>(false)
    private let isStarted = Atomic<Bool>(false)

    /// Opens (creating, mode 0600, appending) now, so that a bad path is refused before serving.
    init(path: String) throws(ServerError) {
        self.path = path
        if path == "-" {
            descriptor.store(STDOUT_FILENO, ordering: .relaxed)
        } else {
            let fd = Self.open(path)
            guard fd >= 0 else { throw ServerError("open \(path)") }
            descriptor.store(fd, ordering: .relaxed)
            HangUpSignal.install()
        }
    }

    func start() throws(ServerError) {
        _ = try LoopThread.spawn { [self] in run() }
        isStarted.store(true, ordering: .releasing)
    }

    /// Called on a loop with a batch of whole lines: false when the queue is full and the batch was dropped.
    func enqueue(_ lines: UnsafeRawBufferPointer) -> Bool {
        pending.withLock { queue in
            guard queue.count + lines.count <= Self.queueLimit else { return false }
            queue.append(contentsOf: lines)
            return true
        }
    }

    /// Writes what is queued, then closes; returns once the writer is done.
    func stop() {
        isStopped.store(true, ordering: .releasing)
        while isStarted.load(ordering: .acquiring) && !isFinished.load(ordering: .acquiring) { usleep(5_000) }
    }

    private func run() {
        Signals.blockInCurrentThread()
        var seenHangUps = HangUpSignal.generation
        var batch: [UInt8] = []
        while true {
            let stopping = isStopped.load(ordering: .acquiring)
            // Handed over whole: the lock is held for a swap, never for a write.
            pending.withLock { swap(&$0, &batch) }
            if path != "-", HangUpSignal.generation != seenHangUps {
                seenHangUps = HangUpSignal.generation
                reopen()
            }
            if !batch.isEmpty {
                write(batch)
                batch.removeAll(keepingCapacity: true)
            } else if stopping {
                break
            } else {
                usleep(10_000)   // polled: a condition variable would put a wake-up on every request's path
            }
        }
        if path != "-" { close(descriptor.load(ordering: .relaxed)) }
        isFinished.store(true, ordering: .releasing)
    }

    private func reopen() {
        let fresh = Self.open(path)
        guard fresh >= 0 else { return }   // keep writing to the old file rather than lose lines
        close(descriptor.exchange(fresh, ordering: .relaxed))
    }

    private func write(_ bytes: [UInt8]) {
        let fd = descriptor.load(ordering: .relaxed)
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { return }
            written += count
        }
    }

    private static func open(_ path: String) -> Int32 {
        Glibc.open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
    }
}
