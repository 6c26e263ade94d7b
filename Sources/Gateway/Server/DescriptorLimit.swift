import Glibc

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
