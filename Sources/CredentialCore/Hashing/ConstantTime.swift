/// Comparisons whose running time does not depend on where (or whether) the inputs differ.
enum ConstantTime {
    /// True when `a` and `b` hold the same bytes. Only the lengths leak (they are public: every
    /// stored `$generic$` hash is 49 characters).
    @inline(never)
    static func equals(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }

    /// The same over contiguous bytes: the generic walk cost ~2 000 instructions per stored hash,
    /// which a user with thousands of passwords pays on every uncached verification.
    @inline(never)
    static func equals(_ a: [UInt8], _ b: String) -> Bool {
        var text = b
        return a.withUnsafeBufferPointer { x in
            text.withUTF8 { y in
                guard x.count == y.count else { return false }
                var difference: UInt8 = 0
                for index in 0..<x.count { difference |= x[index] ^ y[index] }
                return difference == 0
            }
        }
    }
}
