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
}
