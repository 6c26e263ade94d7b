import Glibc

/// SIGINT/SIGTERM as a readable descriptor (signalfd). The signals are blocked in the thread that calls
/// `run()` before any loop thread exists, so every loop thread inherits the mask and no thread takes the
/// default (fatal) action; the mask is restored, with pending signals consumed, when `run()` returns.
final class Signals {
    let descriptor: Int32
    private var previousMask = sigset_t()

    init() throws(ServerError) {
        var set = Self.stopSignals()
        pthread_sigmask(SIG_BLOCK, &set, &previousMask)
        descriptor = SystemCalls.shared.signalFD(-1, &set, Epoll.closeOnExec | Epoll.signalFDNonBlocking)
        guard descriptor >= 0 else {
            let code = errno
            pthread_sigmask(SIG_SETMASK, &previousMask, nil)
            throw ServerError("signalfd", code: code)
        }
    }

    /// Reads every pending signal; true when at least one arrived.
    func consume() -> Bool {
        var info = [UInt8](repeating: 0, count: 128)   // sizeof(struct signalfd_siginfo)
        var received = false
        while read(descriptor, &info, info.count) == info.count { received = true }
        return received
    }

    func restore() {
        _ = consume()
        close(descriptor)
        pthread_sigmask(SIG_SETMASK, &previousMask, nil)
    }

    private static func stopSignals() -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        return set
    }
}

@available(*, unavailable) extension Signals: Sendable {}
