@testable import CredentialCore
import Foundation
import Testing

@Suite("generators")
struct GeneratorTests {
    @Test("passwords: 24 characters from the 62-character alphabet, all different")
    func passwords() {
        let generation = VectorFile.shared.generation
        #expect(PasswordGenerator.alphabet == Array(generation.alphabet.utf8))
        let alphabet = Set(generation.alphabet.utf8)
        var seen = Set<String>()
        var used = Set<UInt8>()
        for _ in 0..<2000 {
            let password = PasswordGenerator.generate().raw
            #expect(password.utf8.count == generation.length)
            #expect(password.utf8.allSatisfy(alphabet.contains))
            used.formUnion(password.utf8)
            seen.insert(password)
        }
        #expect(seen.count == 2000)
        #expect(used == alphabet)              // 48 000 draws reach every character
    }

    @Test("rejection sampling skips the biased top of the byte range")
    func rejectionSampling() {
        // 0xff and 0xf8 are rejected; 0xf7 (247) → 247 % 62 = 61 → "9"; 0x3e (62) → 0 → "a".
        var generator = FixedBytes(words: [0xf7ff_f8ff_f8ff_f8ff, 0x3e3e_3e3e_3e3e_3e3e, 0x3e3e_3e3e_3e3e_3e3e, 0x3e3e_3e3e_3e3e_3e3e])
        let password = PasswordGenerator.generate(using: &generator).raw
        #expect(password == "9" + String(repeating: "a", count: 23))
    }

    @Test("plain passwords never print")
    func redacted() {
        let plain = PasswordGenerator.generate()
        #expect("\(plain)" == "<redacted>")
        #expect(String(reflecting: plain) == "<redacted>")
        #expect(plain.chunked.utf8.count == 29)
    }

    @Test("UUIDs: version 4, lower-case, distinct")
    func uuids() throws {
        let pattern = try NSRegularExpression(pattern: VectorFile.shared.generation.uuid_v4_regex)
        var seen = Set<String>()
        for _ in 0..<2000 {
            let uuid = UUIDFormat.generateV4()
            #expect(pattern.firstMatch(in: uuid, range: NSRange(location: 0, length: uuid.utf16.count)) != nil, "\(uuid)")
            #expect(UUIDFormat.isValid(uuid))
            seen.insert(uuid)
        }
        #expect(seen.count == 2000)
    }

    @Test("wp_is_uuid without a version", arguments: [
        ("8c1a9e2b-3d4f-4a5b-9c6d-7e8f9a0b1c2d", true),
        ("00000000-0000-0000-0000-000000000000", true),
        ("8c1a9e2b-3d4f-1a5b-0c6d-7e8f9a0b1c2d", true),      // any version and variant
        ("8C1A9E2B-3D4F-4A5B-9C6D-7E8F9A0B1C2D", false),     // upper case
        ("8c1a9e2b3d4f4a5b9c6d7e8f9a0b1c2d", false),
        ("8c1a9e2b-3d4f-4a5b-9c6d-7e8f9a0b1c2", false),
        ("8c1a9e2b-3d4f-4a5b-9c6d-7e8f9a0b1c2dd", false),
        ("8c1a9e2b-3d4f-4a5b-9c6d_7e8f9a0b1c2d", false),
        ("g c1a9e2b-3d4f-4a5b-9c6d-7e8f9a0b1c2", false),
        ("", false),
    ])
    func uuidValidation(_ text: String, _ valid: Bool) {
        #expect(UUIDFormat.isValid(text) == valid)
    }
}

/// Replays fixed words: lets a test see exactly which bytes the generator keeps.
struct FixedBytes: RandomNumberGenerator {
    var words: [UInt64]
    mutating func next() -> UInt64 { words.isEmpty ? 0x3e3e_3e3e_3e3e_3e3e : words.removeFirst() }
}
