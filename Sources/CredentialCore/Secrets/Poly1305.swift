/// The Poly1305 one-time authenticator of RFC 8439 §2.5. The accumulator lives in five 26-bit
/// limbs (UInt32), products in UInt64: 130-bit arithmetic with no carries lost, and no branch or
/// table index that depends on the key or the message.
enum Poly1305 {
    private static let limbMask: UInt32 = 0x3ff_ffff

    /// The 16-byte tag of `message` under the one-time `key` (r ‖ s, 32 bytes).
    static func authenticate(_ message: [UInt8], key: [UInt8]) -> [UInt8] {
        precondition(key.count == 32, "Poly1305 takes a 32-byte one-time key")
        // r, clamped (§2.5.1: top four bits of bytes 3, 7, 11, 15 and bottom two of 4, 8, 12
        // cleared), split into limbs; the masks do the clamping.
        let t0 = word(key, 0), t1 = word(key, 4), t2 = word(key, 8), t3 = word(key, 12)
        let r0 = UInt64(t0 & 0x3ff_ffff)
        let r1 = UInt64(((t0 >> 26) | (t1 << 6)) & 0x3ff_ff03)
        let r2 = UInt64(((t1 >> 20) | (t2 << 12)) & 0x3ff_c0ff)
        let r3 = UInt64(((t2 >> 14) | (t3 << 18)) & 0x3f0_3fff)
        let r4 = UInt64((t3 >> 8) & 0x00f_ffff)
        // 2^130 ≡ 5 (mod p): a limb product that overflows 2^130 comes back times 5.
        let s1 = r1 * 5, s2 = r2 * 5, s3 = r3 * 5, s4 = r4 * 5
        var h0: UInt32 = 0, h1: UInt32 = 0, h2: UInt32 = 0, h3: UInt32 = 0, h4: UInt32 = 0

        var offset = 0
        var block = [UInt8](repeating: 0, count: 16)
        while offset < message.count {
            let length = min(16, message.count - offset)
            // Each block gets a 1 byte appended: bit 128 for a full block, the byte after the
            // data (inside the 16) for the short last one.
            var highBit: UInt32 = 1 << 24
            for index in 0..<16 { block[index] = index < length ? message[offset + index] : 0 }
            if length < 16 { block[length] = 1; highBit = 0 }
            let m0 = word(block, 0), m1 = word(block, 4), m2 = word(block, 8), m3 = word(block, 12)
            h0 += m0 & limbMask
            h1 += ((m0 >> 26) | (m1 << 6)) & limbMask
            h2 += ((m1 >> 20) | (m2 << 12)) & limbMask
            h3 += ((m2 >> 14) | (m3 << 18)) & limbMask
            h4 += (m3 >> 8) | highBit

            // h *= r (mod 2^130 - 5)
            let a0 = UInt64(h0), a1 = UInt64(h1), a2 = UInt64(h2), a3 = UInt64(h3), a4 = UInt64(h4)
            let d0 = a0 * r0 + a1 * s4 + a2 * s3 + a3 * s2 + a4 * s1
            var d1 = a0 * r1 + a1 * r0 + a2 * s4 + a3 * s3 + a4 * s2
            var d2 = a0 * r2 + a1 * r1 + a2 * r0 + a3 * s4 + a4 * s3
            var d3 = a0 * r3 + a1 * r2 + a2 * r1 + a3 * r0 + a4 * s4
            var d4 = a0 * r4 + a1 * r3 + a2 * r2 + a3 * r1 + a4 * r0
            d1 += d0 >> 26; h0 = UInt32(truncatingIfNeeded: d0) & limbMask
            d2 += d1 >> 26; h1 = UInt32(truncatingIfNeeded: d1) & limbMask
            d3 += d2 >> 26; h2 = UInt32(truncatingIfNeeded: d2) & limbMask
            d4 += d3 >> 26; h3 = UInt32(truncatingIfNeeded: d3) & limbMask
            h4 = UInt32(truncatingIfNeeded: d4) & limbMask
            let folded = UInt64(h0) + (d4 >> 26) * 5
            h0 = UInt32(truncatingIfNeeded: folded) & limbMask
            h1 += UInt32(truncatingIfNeeded: folded >> 26)
            offset += 16
        }

        // Fully carry h, then reduce it below p = 2^130 - 5 once (it is below 2p here).
        var c = h1 >> 26; h1 &= limbMask
        h2 += c; c = h2 >> 26; h2 &= limbMask
        h3 += c; c = h3 >> 26; h3 &= limbMask
        h4 += c; c = h4 >> 26; h4 &= limbMask
        h0 += c * 5; c = h0 >> 26; h0 &= limbMask
        h1 += c

        // g = h + 5 - 2^130; when that does not go negative, h ≥ p and g is the result.
        var g0 = h0 &+ 5; c = g0 >> 26; g0 &= limbMask
        var g1 = h1 &+ c; c = g1 >> 26; g1 &= limbMask
        var g2 = h2 &+ c; c = g2 >> 26; g2 &= limbMask
        var g3 = h3 &+ c; c = g3 >> 26; g3 &= limbMask
        var g4 = h4 &+ c &- (1 << 26)
        // Select without a branch: all ones when g4 did not borrow (keep g), else zero (keep h).
        let keepG = (g4 >> 31) &- 1
        g0 &= keepG; g1 &= keepG; g2 &= keepG; g3 &= keepG; g4 &= keepG
        let keepH = ~keepG
        h0 = (h0 & keepH) | g0; h1 = (h1 & keepH) | g1; h2 = (h2 & keepH) | g2
        h3 = (h3 & keepH) | g3; h4 = (h4 & keepH) | g4

        // h mod 2^128 as four 32-bit words, plus s (mod 2^128).
        let w0 = h0 | (h1 << 26)
        let w1 = (h1 >> 6) | (h2 << 20)
        let w2 = (h2 >> 12) | (h3 << 14)
        let w3 = (h3 >> 18) | (h4 << 8)
        var tag = [UInt8](repeating: 0, count: 16)
        var sum: UInt64 = 0
        for (index, value) in [w0, w1, w2, w3].enumerated() {
            sum = UInt64(value) + UInt64(word(key, 16 + index * 4)) + (sum >> 32)
            for byte in 0..<4 { tag[index * 4 + byte] = UInt8(truncatingIfNeeded: sum >> (8 * UInt64(byte))) }
        }
        return tag
    }

    private static func word(_ bytes: [UInt8], _ offset: Int) -> UInt32 { ChaCha20.littleEndianWord(bytes, at: offset) }
}
