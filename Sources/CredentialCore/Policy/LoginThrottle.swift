import Synchronization

/// Brute-force protection (issue 3): failures counted per account (`LoginIdentity`: every spelling
/// of a login is one account) and per client address in a sliding window; past a threshold the login or address is locked for a while and its
/// passwords are not even checked. One per process, shared by every loop thread's store; one
/// short lock per check and one per failure (the success path takes it once, to check).
package final class LoginThrottle: Sendable {
    /// A lockout that a failure just started.
    package struct Lockout: Sendable, Equatable {
        package enum Scope: String, Sendable { case login, address }
        package let scope: Scope
        package let seconds: Int64
    }

    private struct Tables {
        var logins: FailureTable<LoginIdentity>
        var addresses: FailureTable<String>
    }

    private let tables: Mutex<Tables>
    /// Keys held by each table, written under the lock: while both are 0 (no failures
    /// remembered, the normal state) a check needs neither the lock nor the keys, and while no
    /// login is remembered the caller need not look up whose account a login is.
    private let trackedLogins = Atomic<Int>(0)
    private let trackedAddresses = Atomic<Int>(0)

    /// `capacity` bounds each table (logins, addresses) in keys.
    package init(capacity: Int = 4096) {
        tables = Mutex(Tables(logins: FailureTable(capacity: capacity), addresses: FailureTable(capacity: capacity)))
    }

    /// True while some login has failures or a lockout on record: only then does a check need
    /// to know whose account a login reaches.
    package var remembersLogins: Bool { trackedLogins.load(ordering: .acquiring) > 0 }

    /// Seconds until the address may try again, or nil when it is not locked.
    package func retryAfter(address: String, now: Int64) -> Int64? {
        if trackedAddresses.load(ordering: .acquiring) == 0 { return nil }
        let addressKey = Self.addressKey(address)
        return tables.withLock { $0.addresses.retryAfter(addressKey, now: now) }
    }

    /// Seconds until the login may try again, or nil when it is not locked.
    package func retryAfter(login: LoginIdentity, now: Int64) -> Int64? {
        if trackedLogins.load(ordering: .acquiring) == 0 { return nil }
        return tables.withLock { $0.logins.retryAfter(login, now: now) }
    }

    /// Counts a failure against both the login and the address; returns the lockouts it started.
    package func recordFailure(login loginKey: LoginIdentity, address: String, now: Int64, settings: SiteSettings) -> [Lockout] {
        let addressKey = Self.addressKey(address)
        let window = Int64(settings.lockoutWindowSeconds), duration = Int64(settings.lockoutDurationSeconds)
        return tables.withLock { tables in
            var started: [Lockout] = []
            if tables.logins.recordFailure(loginKey, now: now, threshold: settings.lockoutLoginFailures, window: window, duration: duration) {
                started.append(Lockout(scope: .login, seconds: duration))
            }
            if tables.addresses.recordFailure(addressKey, now: now, threshold: settings.lockoutAddressFailures, window: window, duration: duration) {
                started.append(Lockout(scope: .address, seconds: duration))
            }
            trackedLogins.store(tables.logins.entries.count, ordering: .releasing)
            trackedAddresses.store(tables.addresses.entries.count, ordering: .releasing)
            return started
        }
    }

    /// Mirrors a lockout decided by another instance on the shared store (`SharedLockouts`):
    /// from now on this process refuses the key without a query, as if it had counted itself.
    package func mirrorLockout(_ scope: Lockout.Scope, key: String, until: Int64, now: Int64) {
        tables.withLock { tables in
            switch scope {
            case .login:
                guard let identity = LoginIdentity(sharedKey: key) else { return }
                tables.logins.lock(identity, until: until, now: now, window: 0)
            case .address:
                tables.addresses.lock(key, until: until, now: now, window: 0)
            }
            trackedLogins.store(tables.logins.entries.count, ordering: .releasing)
            trackedAddresses.store(tables.addresses.entries.count, ordering: .releasing)
        }
    }

    /// How many keys each table holds (for tests of the bound).
    package var sizes: (logins: Int, addresses: Int) { tables.withLock { ($0.logins.entries.count, $0.addresses.entries.count) } }

    /// IPv6 clients are counted per /64 (one customer's allocation, RFC 6177), so rotating
    /// through one's own prefix does not escape the count; IPv4 per address.
    static func addressKey(_ address: String) -> String {
        // Dotted-quad IPv4 as the server prints its peers is already canonical.
        if address.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || $0 == 46 }) { return address }
        guard let bytes = NetworkRange.clientBytes(address) else { return address }
        if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
        return NetworkRange(network: Array(bytes[0..<8]) + [UInt8](repeating: 0, count: 8), prefixLength: 64).description
    }
}
