/// BLAKE2b (RFC 7693), keyed or not, with an output of 1…64 bytes. State, block buffer and
/// working vector live in fixed-size inline storage: hashing allocates nothing but the result.
struct BLAKE2b {
    static let blockSize = 128
    static let maxOutputLength = 64
    static let maxKeyLength = 64

    /// RFC 7693 §2.6: the SHA-512 initial values.
    private static let iv: InlineArray<8, UInt64> = [
        0x6a09_e667_f3bc_c908, 0xbb67_ae85_84ca_a73b, 0x3c6e_f372_fe94_f82b, 0xa54f_f53a_5f1d_36f1,
        0x510e_527f_ade6_82d1, 0x9b05_688c_2b3e_6c1f, 0x1f83_d9ab_fb41_bd6b, 0x5be0_cd19_137e_2179,
    ]

    /// RFC 7693 §2.7: message word schedule; rounds 10 and 11 reuse rows 0 and 1.
    private static let sigma: InlineArray<160, UInt8> = [
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
        14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3,
        11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4,
        7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8,
        9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13,
        2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9,
        12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11,
        13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10,
        6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5,
        10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0,
    ]

    private var state: InlineArray<8, UInt64>
    /// The pending block as 16 little-endian words (bytes are OR-ed in as they arrive).
    private var block: InlineArray<16, UInt64> = .init(repeating: 0)
    private var blockFill = 0
    /// Bytes compressed so far (RFC 7693 `t`); 64 bits is plenty below 2^64 bytes of input.
    private var byteCount: UInt64 = 0
    let outputLength: Int

    /// - Precondition: `outputLength` in 1…64, `key` at most 64 bytes.
    init(outputLength: Int = BLAKE2b.maxOutputLength, key: some Collection<UInt8> = EmptyCollection()) {
        precondition((1...Self.maxOutputLength).contains(outputLength), "BLAKE2b output length must be 1...64")
        precondition(key.count <= Self.maxKeyLength, "BLAKE2b key must be at most 64 bytes")
        self.outputLength = outputLength
        state = Self.iv
        // Parameter block word 0: digest length, key length, fanout 1, depth 1 (§2.5).
        state[0] ^= 0x0101_0000 ^ (UInt64(key.count) << 8) ^ UInt64(outputLength)
        if !key.isEmpty {
            // §3.3: the key, zero-padded to a full block, is the first block.
            update(key)
            blockFill = Self.blockSize
        }
    }

    mutating func update(_ bytes: some Sequence<UInt8>) {
        for byte in bytes {
            if blockFill == Self.blockSize {        // only now do we know it is not the last block
                byteCount &+= UInt64(Self.blockSize)
                compress(isLast: false)
                block = .init(repeating: 0)
                blockFill = 0
            }
            block[blockFill >> 3] |= UInt64(byte) << (UInt64(blockFill & 7) << 3)
            blockFill += 1
        }
    }

    consuming func finalize() -> [UInt8] {
        byteCount &+= UInt64(blockFill)
        compress(isLast: true)
        return [UInt8](unsafeUninitializedCapacity: outputLength) { buffer, initialized in
            for index in 0..<outputLength {
                buffer[index] = UInt8(truncatingIfNeeded: state[index >> 3] >> (UInt64(index & 7) << 3))
            }
            initialized = outputLength
        }
    }

    /// One-shot convenience.
    static func hash(_ message: some Sequence<UInt8>, key: some Collection<UInt8> = EmptyCollection(), outputLength: Int = maxOutputLength) -> [UInt8] {
        var hasher = BLAKE2b(outputLength: outputLength, key: key)
        hasher.update(message)
        return hasher.finalize()
    }

    /// RFC 7693 §3.2, function F.
    private mutating func compress(isLast: Bool) {
        var v = InlineArray<16, UInt64>(repeating: 0)
        for index in 0..<8 {
            v[index] = state[index]
            v[index + 8] = Self.iv[index]
        }
        v[12] ^= byteCount                          // low word of t; the high word stays 0
        if isLast { v[14] = ~v[14] }
        for round in 0..<12 {
            let row = (round % 10) * 16
            Self.mix(&v, 0, 4, 8, 12, block[Int(Self.sigma[row + 0])], block[Int(Self.sigma[row + 1])])
            Self.mix(&v, 1, 5, 9, 13, block[Int(Self.sigma[row + 2])], block[Int(Self.sigma[row + 3])])
            Self.mix(&v, 2, 6, 10, 14, block[Int(Self.sigma[row + 4])], block[Int(Self.sigma[row + 5])])
            Self.mix(&v, 3, 7, 11, 15, block[Int(Self.sigma[row + 6])], block[Int(Self.sigma[row + 7])])
            Self.mix(&v, 0, 5, 10, 15, block[Int(Self.sigma[row + 8])], block[Int(Self.sigma[row + 9])])
            Self.mix(&v, 1, 6, 11, 12, block[Int(Self.sigma[row + 10])], block[Int(Self.sigma[row + 11])])
            Self.mix(&v, 2, 7, 8, 13, block[Int(Self.sigma[row + 12])], block[Int(Self.sigma[row + 13])])
            Self.mix(&v, 3, 4, 9, 14, block[Int(Self.sigma[row + 14])], block[Int(Self.sigma[row + 15])])
        }
        for index in 0..<8 { state[index] ^= v[index] ^ v[index + 8] }
    }

    /// RFC 7693 §3.1, function G, with rotation constants 32, 24, 16, 63.
    @inline(__always)
    private static func mix(_ v: inout InlineArray<16, UInt64>, _ a: Int, _ b: Int, _ c: Int, _ d: Int, _ x: UInt64, _ y: UInt64) {
        v[a] = v[a] &+ v[b] &+ x
        v[d] = rotateRight(v[d] ^ v[a], 32)
        v[c] = v[c] &+ v[d]
        v[b] = rotateRight(v[b] ^ v[c], 24)
        v[a] = v[a] &+ v[b] &+ y
        v[d] = rotateRight(v[d] ^ v[a], 16)
        v[c] = v[c] &+ v[d]
        v[b] = rotateRight(v[b] ^ v[c], 63)
    }

    @inline(__always)
    private static func rotateRight(_ value: UInt64, _ count: UInt64) -> UInt64 {
        (value >> count) | (value << (64 - count))
    }
}
