import Synchronization

/// Brute-force protection (issue 3): failures counted per login and per client address in a
/// sliding window; past a threshold the login or address is locked for a while and its
/// passwords are not even checked. One per process, shared by every loop thread's store; one
/// short lock per check and one per failure (the success path takes it once, to check).
public final class LoginThrottle: Sendable {
    /// A lockout that a failure just started.
    public struct Lockout: Sendable, Equatable {
        public enum Scope: String, Sendable { case login, address }
        public let scope: Scope
        public let key: String
        public let seconds: Int64
    }

    private struct Tables {
        var logins: FailureTable
        var addresses: FailureTable
    }

    private let tables: Mutex<Tables>
    /// Keys held by both tables, written under the lock: while it is 0 (no failures remembered,
    /// the normal state) a check needs neither the lock nor the keys.
    private let tracked = Atomic<Int>(0)

    /// `capacity` bounds each table (logins, addresses) in keys.
    public init(capacity: Int = 4096) {
        tables = Mutex(Tables(logins: FailureTable(capacity: capacity), addresses: FailureTable(capacity: capacity)))
    }

    /// Seconds until the caller may try again, or nil when neither the login nor the address is locked.
    public func retryAfter(login: String, address: String, now: Int64) -> Int64? {
        if tracked.load(ordering: .acquiring) == 0 { return nil }
        let loginKey = Self.loginKey(login), addressKey = Self.addressKey(address)
        return tables.withLock { tables in
            let byLogin = tables.logins.retryAfter(loginKey, now: now), byAddress = tables.addresses.retryAfter(addressKey, now: now)
            switch (byLogin, byAddress) {
            case (nil, nil): return nil
            case let (a?, b?): return max(a, b)
            case let (a?, nil): return a
            case let (nil, b?): return b
            }
        }
    }

    /// Counts a failure against both the login and the address; returns the lockouts it started.
    public func recordFailure(login: String, address: String, now: Int64, settings: SiteSettings) -> [Lockout] {
        let loginKey = Self.loginKey(login), addressKey = Self.addressKey(address)
        let window = Int64(settings.lockoutWindowSeconds), duration = Int64(settings.lockoutDurationSeconds)
        return tables.withLock { tables in
            var started: [Lockout] = []
            if tables.logins.recordFailure(loginKey, now: now, threshold: settings.lockoutLoginFailures, window: window, duration: duration) {
                started.append(Lockout(scope: .login, key: loginKey, seconds: duration))
            }
            if tables.addresses.recordFailure(addressKey, now: now, threshold: settings.lockoutAddressFailures, window: window, duration: duration) {
                started.append(Lockout(scope: .address, key: addressKey, seconds: duration))
            }
            tracked.store(tables.logins.entries.count + tables.addresses.entries.count, ordering: .releasing)
            return started
        }
    }

    /// How many keys each table holds (for tests of the bound).
    public var sizes: (logins: Int, addresses: Int) { tables.withLock { ($0.logins.entries.count, $0.addresses.entries.count) } }

    /// Logins compare as WordPress looks them up: trimmed, inner spaces collapsed, ASCII case-insensitive.
    static func loginKey(_ login: String) -> String {
        // The common case (lower-case, no spaces) is its own key.
        if login.utf8.allSatisfy({ !($0 >= 65 && $0 <= 90) && $0 != 32 && $0 >= 0x21 }) { return login }
        return String(decoding: LoginRules.collapseSpaces(login).utf8.map { $0 >= 65 && $0 <= 90 ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

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
