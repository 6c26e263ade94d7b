import Glibc
import Synchronization

/// How many SIGHUPs this process has taken. The handler only bumps it (an atomic: async-signal-safe);
/// whoever reopens or reloads on SIGHUP (the access log's writer, and TLS certificates next) compares it
/// with the count it last saw, on its own thread. One handler for every such user: two `sigaction`s for
/// the same signal would leave only the last one working.
enum HangUpSignal {
    private static let count = Atomic<UInt64>(0)
    private static let installed = Mutex(false)

    static var generation: UInt64 { count.load(ordering: .acquiring) }

    /// From a signal handler that took SIGHUP itself (`Signals`, when TLS reloads on it): counts it here
    /// too, so the access log still reopens. Async-signal-safe (one atomic add).
    static func note() { count.wrappingAdd(1, ordering: .releasing) }

    /// Installs the handler once and takes SIGHUP on the calling (coordinating) thread: a parent that
    /// spawned us from a thread that blocks it (Foundation's `Process` does) leaves it blocked (NOTES).
    static func install() {
        installed.withLock { done in
            guard !done else { return }
            done = true
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { _ in
                HangUpSignal.count.wrappingAdd(1, ordering: .releasing)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = Int32(SA_RESTART)
            sigaction(SIGHUP, &action, nil)
            var set = sigset_t()
            sigemptyset(&set)
            sigaddset(&set, SIGHUP)
            pthread_sigmask(SIG_UNBLOCK, &set, nil)
        }
    }
}
