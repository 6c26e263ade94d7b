@testable import CredentialCore
import Foundation
import Testing

/// RFC 8439's test vectors, tampering, and a cross-check against an independent implementation.
@Suite("ChaCha20-Poly1305")
struct ChaCha20Poly1305Tests {
    static let sunscreen = Array("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.".utf8)
    static let key00to1f = Array(UInt8(0)...UInt8(31))
    static let key80to9f = Array(UInt8(0x80)...UInt8(0x9f))

    @Test("§2.1.1 quarter round")
    func quarterRound() {
        var a: UInt32 = 0x1111_1111, b: UInt32 = 0x0102_0304, c: UInt32 = 0x9b8d_6f43, d: UInt32 = 0x0123_4567
        ChaCha20.quarterRound(&a, &b, &c, &d)
        #expect([a, b, c, d] == [0xea2a_92f4, 0xcb1c_f8ce, 0x4581_472e, 0x5881_c4bb])
    }

    @Test("§2.3.2 block function")
    func block() {
        let block = ChaCha20.block(key: Self.key00to1f, counter: 1, nonce: unhex("000000090000004a00000000"))
        #expect(block == unhex("""
            10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c068030422aa9ac3d46c4e\
            d2826446079faa0914c2d705d98b02a2b5129cd1de164eb9cbd083e8a2503c4e
            """))
    }

    @Test("§2.4.2 encryption")
    func encryption() {
        let ciphertext = ChaCha20.xor(Self.sunscreen, key: Self.key00to1f, nonce: unhex("000000000000004a00000000"), counter: 1)
        #expect(ciphertext == unhex("""
            6e2e359a2568f98041ba0728dd0d6981e97e7aec1d4360c20a27afccfd9fae0b\
            f91b65c5524733ab8f593dabcd62b3571639d624e65152ab8f530c359f0861d8\
            07ca0dbf500d6a6156a38e088a22b65e52bc514d16ccf806818ce91ab7793736\
            5af90bbf74a35be6b40b8eedf2785e42874d
            """))
    }

    @Test("§2.5.2 Poly1305")
    func poly1305() {
        let tag = Poly1305.authenticate(Array("Cryptographic Forum Research Group".utf8),
                                        key: unhex("85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b"))
        #expect(tag == unhex("a8061dc1305136c6c22b8baf0c0127a9"))
    }

    @Test("§2.6.2 one-time key generation")
    func oneTimeKey() {
        #expect(ChaCha20Poly1305.oneTimeKey(key: Self.key80to9f, nonce: unhex("000000000001020304050607"))
                == unhex("8ad5a08b905f81cc815040274ab29471a833b637e3fd0da508dbb8e2fdd1a646"))
    }

    @Test("§2.8.2 AEAD seal and open")
    func aead() {
        let nonce = unhex("070000004041424344454647"), aad = unhex("50515253c0c1c2c3c4c5c6c7")
        let sealed = ChaCha20Poly1305.seal(Self.sunscreen, key: Self.key80to9f, nonce: nonce, aad: aad)
        #expect(sealed.ciphertext == unhex("""
            d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6\
            3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36\
            92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc\
            3ff4def08e4b7a9de576d26586cec64b6116
            """))
        #expect(sealed.tag == unhex("1ae10b594f09e26a7e902ecbd0600691"))
        #expect(ChaCha20Poly1305.open(sealed.ciphertext, tag: sealed.tag, key: Self.key80to9f, nonce: nonce, aad: aad) == Self.sunscreen)
    }

    /// Appendix A.3's edge cases of the 130-bit arithmetic (limb carries, h ≥ p, s overflow).
    @Test("appendix A.3 Poly1305 edge cases", arguments: [
        ("02" + zeros(15) + zeros(16), String(repeating: "ff", count: 16), "03" + zeros(15)),
        ("02" + zeros(15) + String(repeating: "ff", count: 16), "02" + zeros(15), "03" + zeros(15)),
        ("01" + zeros(15) + zeros(16), String(repeating: "ff", count: 16) + "f0" + String(repeating: "ff", count: 15) + "11" + zeros(15), "05" + zeros(15)),
        ("01" + zeros(15) + zeros(16), String(repeating: "ff", count: 16) + "fb" + String(repeating: "fe", count: 15) + String(repeating: "01", count: 16), zeros(16)),
        ("02" + zeros(15) + zeros(16), "fd" + String(repeating: "ff", count: 15), "fa" + String(repeating: "ff", count: 15)),
    ])
    func poly1305EdgeCases(_ vector: (key: String, message: String, tag: String)) {
        #expect(Poly1305.authenticate(unhex(vector.message), key: unhex(vector.key)) == unhex(vector.tag))
    }

    @Test("A.1 ChaCha20 block, all-zero key and nonce")
    func zeroBlock() {
        #expect(ChaCha20.block(key: [UInt8](repeating: 0, count: 32), counter: 0, nonce: [UInt8](repeating: 0, count: 12)) == unhex("""
            76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7\
            da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669b2ee6586
            """))
    }

    @Test("any flipped bit of ciphertext, tag, AAD, nonce or key refuses")
    func tampering() {
        let key = SecureRandom.bytes(32), nonce = SecureRandom.bytes(12), aad = Array("row 7".utf8)
        let plain = Array("an upstream application password".utf8)
        let sealed = ChaCha20Poly1305.seal(plain, key: key, nonce: nonce, aad: aad)
        #expect(ChaCha20Poly1305.open(sealed.ciphertext, tag: sealed.tag, key: key, nonce: nonce, aad: aad) == plain)
        var refusals = 0, tries = 0
        func flips(_ bytes: [UInt8]) -> [[UInt8]] {
            (0..<(bytes.count * 8)).map { bit in var copy = bytes; copy[bit / 8] ^= 1 << UInt8(bit % 8); return copy }
        }
        for changed in flips(sealed.ciphertext) {
            tries += 1; if ChaCha20Poly1305.open(changed, tag: sealed.tag, key: key, nonce: nonce, aad: aad) == nil { refusals += 1 }
        }
        for changed in flips(sealed.tag) {
            tries += 1; if ChaCha20Poly1305.open(sealed.ciphertext, tag: changed, key: key, nonce: nonce, aad: aad) == nil { refusals += 1 }
        }
        for changed in flips(aad) {
            tries += 1; if ChaCha20Poly1305.open(sealed.ciphertext, tag: sealed.tag, key: key, nonce: nonce, aad: changed) == nil { refusals += 1 }
        }
        for changed in flips(nonce) {
            tries += 1; if ChaCha20Poly1305.open(sealed.ciphertext, tag: sealed.tag, key: key, nonce: changed, aad: aad) == nil { refusals += 1 }
        }
        for changed in flips(key) {
            tries += 1; if ChaCha20Poly1305.open(sealed.ciphertext, tag: sealed.tag, key: changed, nonce: nonce, aad: aad) == nil { refusals += 1 }
        }
        #expect(tries == (sealed.ciphertext.count + 16 + aad.count + 12 + 32) * 8)
        #expect(refusals == tries)
        // Truncated or extended: refused too.
        #expect(ChaCha20Poly1305.open(Array(sealed.ciphertext.dropLast()), tag: sealed.tag, key: key, nonce: nonce, aad: aad) == nil)
        #expect(ChaCha20Poly1305.open(sealed.ciphertext + [0], tag: sealed.tag, key: key, nonce: nonce, aad: aad) == nil)
        #expect(ChaCha20Poly1305.open(sealed.ciphertext, tag: Array(sealed.tag.dropLast()), key: key, nonce: nonce, aad: aad) == nil)
    }

    /// Python's `cryptography` (OpenSSL underneath) on random keys, nonces, AADs and lengths
    /// around the 16- and 64-byte boundaries; skipped with a message where it is not installed.
    @Test("agrees with an independent implementation (python3 cryptography)",
          .enabled(if: IndependentAEAD.isAvailable, "python3 with the 'cryptography' module is not installed"))
    func crossCheck() throws {
        var cases: [[String: String]] = []
        var expected: [[UInt8]] = []
        for length in [0, 1, 15, 16, 17, 63, 64, 65, 127, 128, 129, 1000] {
            let key = SecureRandom.bytes(32), nonce = SecureRandom.bytes(12)
            let aad = SecureRandom.bytes(length % 37), plain = SecureRandom.bytes(length)
            let sealed = ChaCha20Poly1305.seal(plain, key: key, nonce: nonce, aad: aad)
            cases.append(["key": key.hex, "nonce": nonce.hex, "aad": aad.hex, "plain": plain.hex])
            expected.append(sealed.ciphertext + sealed.tag)
        }
        let theirs = try IndependentAEAD.seal(cases)
        #expect(theirs.count == expected.count)
        for (index, ours) in expected.enumerated() where index < theirs.count {
            #expect(ours == theirs[index], "case \(index)")
        }
    }
}

/// Python's `cryptography` package, run as a subprocess.
enum IndependentAEAD {
    static let isAvailable: Bool = {
        guard let result = try? run("import cryptography.hazmat.primitives.ciphers.aead", input: Data()) else { return false }
        return result.status == 0
    }()

    static func seal(_ cases: [[String: String]]) throws -> [[UInt8]] {
        let script = """
            import json, sys
            from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
            out = []
            for c in json.load(sys.stdin):
                b = lambda k: bytes.fromhex(c[k])
                out.append(ChaCha20Poly1305(b('key')).encrypt(b('nonce'), b('plain'), b('aad')).hex())
            print(json.dumps(out))
            """
        let result = try run(script, input: try JSONSerialization.data(withJSONObject: cases))
        guard result.status == 0, let list = try JSONSerialization.jsonObject(with: result.output) as? [String] else {
            throw IndependentFailure(text: "python3 exited \(result.status): \(String(decoding: result.errors, as: UTF8.self))")
        }
        return list.map(unhex)
    }

    struct IndependentFailure: Error { let text: String }

    private static func run(_ script: String, input: Data) throws -> (status: Int32, output: Data, errors: Data) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(input)
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()     // small: a traceback at most
        process.waitUntilExit()
        return (process.terminationStatus, output, errors)
    }
}

func zeros(_ count: Int) -> String { String(repeating: "00", count: count) }

/// Hex with any whitespace (as the RFC prints it) left out.
func unhex(_ text: String) -> [UInt8] { [UInt8](hex: String(text.filter { !$0.isWhitespace })) }
