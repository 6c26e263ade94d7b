/// Failed authentications per key (an account or unknown login, or a client address) in a sliding window, and the
/// lockouts they caused. At most `capacity` keys: when full, stale keys go first, then unlocked
/// ones, so an attacker rotating keys cannot grow it, and must fill it with lockouts of their
/// own before a real one is forgotten. Each key keeps at most `threshold` timestamps.
struct FailureTable<Key: Hashable> {
    struct Entry {
        /// Failure times (Unix seconds), oldest first, all within the window when last pruned.
        var failures: [Int64] = []
        /// Locked while `now < lockedUntil`.
        var lockedUntil: Int64 = 0
    }

    let capacity: Int
    private(set) var entries: [Key: Entry] = [:]

    init(capacity: Int) { self.capacity = max(capacity, 1) }

    /// Seconds until `key` is released, or nil when it is not locked.
    func retryAfter(_ key: Key, now: Int64) -> Int64? {
        guard let entry = entries[key], entry.lockedUntil > now else { return nil }
        return entry.lockedUntil - now
    }

    /// Counts one failure at `now`; true when it started a lockout.
    mutating func recordFailure(_ key: Key, now: Int64, threshold: Int, window: Int64, duration: Int64) -> Bool {
        guard threshold > 0 else { return false }
        if entries[key] == nil, entries.count >= capacity { makeRoom(now: now, window: window) }
        var entry = entries[key] ?? Entry()
        if entry.lockedUntil > now { return false }                  // already locked: nothing to count
        entry.failures.removeAll { $0 <= now - window }
        entry.failures.append(now)
        if entry.failures.count > threshold { entry.failures.removeFirst(entry.failures.count - threshold) }
        var started = false
        if entry.failures.count >= threshold {
            entry.lockedUntil = now + duration
            entry.failures.removeAll()                               // counting starts afresh after the lockout
            started = true
        }
        entries[key] = entry
        return started
    }

    /// Takes over a lockout another instance started (shared lockouts on PostgreSQL); the later
    /// end wins, and counting starts afresh as after a lockout of our own.
    mutating func lock(_ key: Key, until: Int64, now: Int64, window: Int64) {
        if entries[key] == nil, entries.count >= capacity { makeRoom(now: now, window: window) }
        var entry = entries[key] ?? Entry()
        entry.lockedUntil = max(entry.lockedUntil, until)
        entry.failures.removeAll()
        entries[key] = entry
    }

    /// Frees at least a tenth of the table: first keys with nothing left to remember, then
    /// unlocked keys, then (only if every key is locked) any.
    private mutating func makeRoom(now: Int64, window: Int64) {
        let target = capacity - max(capacity / 10, 1)
        entries = entries.filter { $0.value.lockedUntil > now || $0.value.failures.contains { $0 > now - window } }
        guard entries.count > target else { return }
        for (key, entry) in entries where entry.lockedUntil <= now {
            entries[key] = nil
            if entries.count <= target { return }
        }
        for key in entries.keys.prefix(entries.count - target) { entries[key] = nil }
    }
}
