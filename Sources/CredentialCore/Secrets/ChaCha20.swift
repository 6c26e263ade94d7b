/// The ChaCha20 stream cipher of RFC 8439 §2.1–2.4: 256-bit key, 96-bit nonce, 32-bit block
/// counter. Written here because the project takes no package dependencies (issue 13).
enum ChaCha20 {
    /// "expand 32-byte k" as four little-endian words (§2.3).
    private static let constants: (UInt32, UInt32, UInt32, UInt32) = (0x6170_7865, 0x3320_646e, 0x7962_2d32, 0x6b20_6574)

    /// §2.1: the quarter round on four words of the state.
    static func quarterRound(_ a: inout UInt32, _ b: inout UInt32, _ c: inout UInt32, _ d: inout UInt32) {
        a = a &+ b; d ^= a; d = d.rotatedLeft(16)
        c = c &+ d; b ^= c; b = b.rotatedLeft(12)
        a = a &+ b; d ^= a; d = d.rotatedLeft(8)
        c = c &+ d; b ^= c; b = b.rotatedLeft(7)
    }

    /// §2.3: one 64-byte block of key stream for `counter`.
    static func block(key: [UInt8], counter: UInt32, nonce: [UInt8]) -> [UInt8] {
        precondition(key.count == 32 && nonce.count == 12, "ChaCha20 takes a 32-byte key and a 12-byte nonce")
        var state = [UInt32](repeating: 0, count: 16)
        state[0] = constants.0; state[1] = constants.1; state[2] = constants.2; state[3] = constants.3
        for index in 0..<8 { state[4 + index] = littleEndianWord(key, at: index * 4) }
        state[12] = counter
        for index in 0..<3 { state[13 + index] = littleEndianWord(nonce, at: index * 4) }
        // Sixteen locals, not an array: the quarter round takes four of them `inout` at once.
        var x0 = state[0], x1 = state[1], x2 = state[2], x3 = state[3], x4 = state[4], x5 = state[5], x6 = state[6], x7 = state[7]
        var x8 = state[8], x9 = state[9], x10 = state[10], x11 = state[11], x12 = state[12], x13 = state[13], x14 = state[14], x15 = state[15]
        for _ in 0..<10 {                                   // 20 rounds: column then diagonal, ten times
            quarterRound(&x0, &x4, &x8, &x12); quarterRound(&x1, &x5, &x9, &x13)
            quarterRound(&x2, &x6, &x10, &x14); quarterRound(&x3, &x7, &x11, &x15)
            quarterRound(&x0, &x5, &x10, &x15); quarterRound(&x1, &x6, &x11, &x12)
            quarterRound(&x2, &x7, &x8, &x13); quarterRound(&x3, &x4, &x9, &x14)
        }
        let working = [x0, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11, x12, x13, x14, x15]
        var output = [UInt8](repeating: 0, count: 64)
        for index in 0..<16 {
            let word = working[index] &+ state[index]
            for byte in 0..<4 { output[index * 4 + byte] = UInt8(truncatingIfNeeded: word >> (8 * UInt32(byte))) }
        }
        return output
    }

    /// §2.4: `input` XORed with the key stream starting at block `counter` (encryption and
    /// decryption are the same operation).
    static func xor(_ input: [UInt8], key: [UInt8], nonce: [UInt8], counter: UInt32) -> [UInt8] {
        var output = input
        var blockCounter = counter
        var offset = 0
        while offset < input.count {
            let stream = block(key: key, counter: blockCounter, nonce: nonce)
            for index in 0..<min(64, input.count - offset) { output[offset + index] ^= stream[index] }
            offset += 64
            blockCounter &+= 1
        }
        return output
    }

    static func littleEndianWord(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
    }
}

extension UInt32 {
    func rotatedLeft(_ count: UInt32) -> UInt32 { (self << count) | (self >> (32 - count)) }
}
