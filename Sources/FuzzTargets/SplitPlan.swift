/// Read sizes for feeding a byte stream in pieces, as a socket would deliver it. Derived from the
/// input itself (FNV-1a seeds a SplitMix64), so a saved crash input replays with the same pieces.
struct SplitPlan: Sequence, IteratorProtocol {
    private var state: UInt64
    private var remaining: Int

    init(for bytes: UnsafeRawBufferPointer, salt: UInt64) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ salt
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        state = hash
        remaining = bytes.count
    }

    mutating func next() -> Int? {
        guard remaining > 0 else { return nil }
        let random = nextRandom()
        // Mostly tiny reads (boundaries land inside CRLFs, chunk sizes, header names), sometimes large.
        let size = random % 4 == 0 ? Int((random >> 8) % 512) + 1 : Int((random >> 8) % 8) + 1
        let piece = Swift.min(size, remaining)
        remaining -= piece
        return piece
    }

    private mutating func nextRandom() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
