/// Recently verified (login, password) pairs of one store connection (issue 3 item 6), so that
/// a client sending the same credentials on every request skips the fast hash and the queries.
///
/// Never holds a password: the key is a 128-bit keyed digest (two SipHash runs of Swift's
/// per-process random seed plus our own random key, which never leaves this object). Bounded:
/// when full it starts again empty. Cleared by its store on any change to the file (its own
/// writes, and other connections' via `PRAGMA data_version`); expiry is checked on every hit.
final class VerificationCache {
    struct Key: Hashable {
        let login: String
        let high: UInt64
        let low: UInt64

        /// `high` is already a keyed digest of the password: hashing the login and `low` as well
        /// only cost time (equality still compares all three).
        func hash(into hasher: inout Hasher) { hasher.combine(high) }
    }

    let capacity: Int
    // Unchecked exclusivity: one cache per store connection, used by its one thread at a time, and no
    // access calls out (the runtime check was ~65 instructions of every verified request).
    @exclusivity(unchecked) private var entries: [Key: Caller] = [:]
    private let secret: (UInt64, UInt64, UInt64, UInt64)

    init(capacity: Int = 1024) {
        self.capacity = capacity
        var generator = SystemRandomNumberGenerator()
        secret = (generator.next(), generator.next(), generator.next(), generator.next())
    }

    var count: Int { entries.count }

    func key(login: String, password: [UInt8]) -> Key {
        var first = Hasher(), second = Hasher()
        first.combine(secret.0); first.combine(secret.1)
        second.combine(secret.2); second.combine(secret.3)
        password.withUnsafeBytes { bytes in
            first.combine(bytes: bytes)
            second.combine(bytes: bytes)
        }
        return Key(login: login, high: UInt64(bitPattern: Int64(first.finalize())), low: UInt64(bitPattern: Int64(second.finalize())))
    }

    /// The key of the password as supplied, normalised on the fly (the same key as for
    /// `PasswordFormat.normalise(supplied)`, without building that array).
    func key(login: String, supplied: String) -> Key {
        var text = supplied
        return text.withUTF8 { bytes in
            if bytes.allSatisfy(PasswordFormat.isAlphanumeric) { return key(login: login, bytes: UnsafeRawBufferPointer(bytes)) }
            // Chunked (`abcd efgh …`, as WordPress shows it): filtered on the stack, not into an array.
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bytes.count) { buffer in
                var count = 0
                for byte in bytes where PasswordFormat.isAlphanumeric(byte) {
                    buffer[count] = byte
                    count += 1
                }
                return key(login: login, bytes: UnsafeRawBufferPointer(UnsafeMutableBufferPointer(rebasing: buffer[..<count])))
            }
        }
    }

    private func key(login: String, bytes: UnsafeRawBufferPointer) -> Key {
        var first = Hasher(), second = Hasher()
        first.combine(secret.0); first.combine(secret.1)
        second.combine(secret.2); second.combine(secret.3)
        first.combine(bytes: bytes)
        second.combine(bytes: bytes)
        return Key(login: login, high: UInt64(bitPattern: Int64(first.finalize())), low: UInt64(bitPattern: Int64(second.finalize())))
    }

    func lookup(_ key: Key) -> Caller? { entries[key] }

    func store(_ caller: Caller, for key: Key) {
        if entries.count >= capacity, entries[key] == nil { entries.removeAll(keepingCapacity: true) }
        entries[key] = caller
    }

    func removeAll() {
        if !entries.isEmpty { entries.removeAll(keepingCapacity: true) }
    }
}

@available(*, unavailable) extension VerificationCache: Sendable {}
