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
