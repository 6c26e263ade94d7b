import Glibc
import Synchronization

/// Write end of the signal pipe, read by the async-signal-safe handler (a lock-free atomic load).
private let signalPipeWrite = Atomic<Int32>(-1)

/// SIGINT/SIGTERM (and SIGHUP, when there is a certificate to reload) as a readable descriptor (the self-pipe pattern). A handler, not signalfd: signalfd only
/// works if every thread of the process blocks the signals, and threads that exist before `run()` (Dispatch
/// workers, a database writer) do not; with a handler, whichever thread takes the signal just writes one byte.
/// The loop threads additionally block both signals so they are never interrupted mid-request.
/// One signal-handling server per process; the previous dispositions come back when `run()` returns.
final class Signals {
    let descriptor: Int32
    private let writeEnd: Int32
    private var previousInterrupt = sigaction()
    private var previousTerminate = sigaction()
    private var previousHangUp: sigaction?

    /// What arrived since the last `consume()`.
    struct Received {
        var stop = false
        var reload = false
    }

    /// `reloads`: take SIGHUP too (`serve --tls-cert`); otherwise it keeps its default (end the process).
    init(reloads: Bool = false) throws(ServerError) {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { throw ServerError("pipe") }
        for end in ends {
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            _ = fcntl(end, F_SETFL, O_NONBLOCK)
        }
        descriptor = ends[0]
        writeEnd = ends[1]
        signalPipeWrite.store(writeEnd, ordering: .sequentiallyConsistent)
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { number in
            let saved = errno
            let fd = signalPipeWrite.load(ordering: .relaxed)
            if fd >= 0 {
                var byte = UInt8(truncatingIfNeeded: number)   // which signal: stop and reload differ
                _ = write(fd, &byte, 1)
            }
            // This handler replaces `HangUpSignal`'s while it serves: the access log reopens on SIGHUP too.
            if number == SIGHUP { HangUpSignal.note() }
            errno = saved
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = Int32(SA_RESTART)
        sigaction(SIGINT, &action, &previousInterrupt)
        sigaction(SIGTERM, &action, &previousTerminate)
        if reloads {
            var previous = sigaction()
            sigaction(SIGHUP, &action, &previous)
            previousHangUp = previous
        }
        // A blocked mask is inherited across fork/exec: a parent that spawned us from a thread that
        // blocks signals (libdispatch workers do, so does Foundation's Process from them) would
        // leave SIGTERM pending forever. Take the signals on this, the coordinating thread.
        // Foundation's Process also starts children with SIGHUP blocked (NOTES: "Inherited signal masks").
        var stopSignals = Self.stopSignalSet
        if reloads { sigaddset(&stopSignals, SIGHUP) }
        pthread_sigmask(SIG_UNBLOCK, &stopSignals, nil)
    }

    private static var stopSignalSet: sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        sigaddset(&set, SIGHUP)
        return set
    }

    /// Reads every pending notification.
    func consume() -> Received {
        var buffer = [UInt8](repeating: 0, count: 64)
        var received = Received()
        while case let count = read(descriptor, &buffer, buffer.count), count > 0 {
            for byte in buffer[..<count] {
                if Int32(byte) == SIGHUP { received.reload = true } else { received.stop = true }
            }
        }
        return received
    }

    func restore() {
        sigaction(SIGINT, &previousInterrupt, nil)
        sigaction(SIGTERM, &previousTerminate, nil)
        if var previous = previousHangUp { sigaction(SIGHUP, &previous, nil) }
        signalPipeWrite.store(-1, ordering: .sequentiallyConsistent)
        close(descriptor)
        close(writeEnd)
    }

    /// Called on each loop thread: stop and reload signals are taken by the coordinator, never by a loop.
    static func blockInCurrentThread() {
        var set = stopSignalSet
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }
}

@available(*, unavailable) extension Signals: Sendable {}
