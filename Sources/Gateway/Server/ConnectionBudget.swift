import Glibc
import Synchronization

/// How many client connections the whole server may hold at once (`serve --max-connections`), shared by
/// every event loop. At the limit a loop still accepts, then closes at once: the client learns immediately
/// instead of waiting in a backlog, and the backlog never fills with connections nobody will serve.
/// Optionally also per client address (`--max-connections-per-address`), so that one host flooding the
/// server with idle or slow connections cannot take every slot.
final class ConnectionBudget: Sendable {
    let limit: Int
    /// 0: no cap per address.
    let perAddressLimit: Int
    private let open = Atomic<Int>(0)
    /// Open connections per address; only kept when `perAddressLimit` is set (one lock per accept and close).
    private let byAddress = Mutex<[String: Int]>([:])

    init(limit: Int, perAddressLimit: Int = 0) {
        self.limit = max(limit, 1)
        self.perAddressLimit = max(perAddressLimit, 0)
    }

    /// Takes one slot for a client at `address`; false at either limit.
    func take(address: String) -> Bool {
        guard takeGlobal() else { return false }
        guard perAddressLimit > 0 else { return true }
        let admitted = byAddress.withLock { counts in
            let current = counts[address, default: 0]
            guard current < perAddressLimit else { return false }
            counts[address] = current + 1
            return true
        }
        if !admitted { open.subtract(1, ordering: .acquiringAndReleasing) }
        return admitted
    }

    func release(address: String) {
        open.subtract(1, ordering: .acquiringAndReleasing)
        guard perAddressLimit > 0 else { return }
        byAddress.withLock { counts in
            let remaining = counts[address, default: 1] - 1
            counts[address] = remaining > 0 ? remaining : nil
        }
    }

    private func takeGlobal() -> Bool {
        var current = open.load(ordering: .relaxed)
        while current < limit {
            let (exchanged, original) = open.compareExchange(expected: current, desired: current + 1, ordering: .acquiringAndReleasing)
            if exchanged { return true }
            current = original
        }
        return false
    }

}

/// The descriptor limit (`RLIMIT_NOFILE`) and the connection limit derived from it.
enum DescriptorLimit {
    /// Descriptors `serve` needs besides client sockets: stdio, per loop a listener, an epoll set and a
    /// SQLite connection (database, WAL, -shm), the stop pipe, the signal fd, the bootstrap and usage
    /// stores, the audit log, and headroom for SQLite's occasional temp file.
    static func reserved(threads: Int) -> Int { 32 + 5 * threads }

    /// Raises the soft limit to the hard one (as most servers do at start): 1 024, a common soft default,
    /// is too few for a thousand clients. Returns the soft limit in force afterwards.
    @discardableResult
    static func raiseSoftLimit() -> Int {
        var limits = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limits) == 0 else { return 1024 }
        if limits.rlim_cur < limits.rlim_max {
            var raised = limits
            raised.rlim_cur = limits.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limits = raised }
        }
        return Int(clamping: limits.rlim_cur)   // RLIM_INFINITY is UInt.max: clamps to Int.max
    }

    /// The default for `--max-connections`: 10 000, or fewer when the descriptor limit would run out first.
    static func defaultMaxConnections(threads: Int) -> Int {
        var limits = rlimit()
        // RLIM_INFINITY is UInt.max, so it clamps to Int.max.
        let soft = getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limits) == 0 ? Int(clamping: limits.rlim_cur) : Int.max
        return max(1, min(10_000, soft - reserved(threads: threads)))
    }
}
