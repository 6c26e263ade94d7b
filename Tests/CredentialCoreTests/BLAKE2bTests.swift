@testable import CredentialCore
import Testing

@Suite("BLAKE2b")
struct BLAKE2bTests {
    @Test("RFC 7693 appendix A: BLAKE2b-512 of \"abc\"")
    func rfcAppendixA() {
        #expect(BLAKE2b.hash(Array("abc".utf8)).hex ==
            "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923")
    }

    @Test("unkeyed empty input")
    func emptyUnkeyed() {
        #expect(BLAKE2b.hash([UInt8]()).hex ==
            "786a02f742015903c6c6fd852552d272912f4740e15847618a86e217f71f5419d25e1031afee585313896444934eb04b903a685b1448b755d56f701afe9be2ce")
    }

    @Test("keyed inputs across block boundaries match the reference", arguments: [0, 1, 127, 128, 129, 255, 256, 257])
    func keyedLengths(_ length: Int) {
        let key = (0..<64).map { UInt8($0) }
        let message = (0..<length).map { UInt8(truncatingIfNeeded: $0) }
        #expect(BLAKE2b.hash(message, key: key).hex == Self.keyedReference[length])
    }

    @Test("incremental updates equal one-shot hashing")
    func incremental() {
        let message = (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let key = Array("wp_fast_hash_6.8+".utf8)
        var hasher = BLAKE2b(outputLength: 30, key: key)
        hasher.update(message[..<1])
        hasher.update(message[1..<128])
        hasher.update(message[128..<129])
        hasher.update(message[129...])
        #expect(hasher.finalize() == BLAKE2b.hash(message, key: key, outputLength: 30))
    }

    /// Python `hashlib.blake2b(bytes(range(n)) mod 256, key=bytes(range(64)))` (the reference
    /// implementation's keyed test pattern).
    static let keyedReference: [Int: String] = [
        0: "10ebb67700b1868efb4417987acf4690ae9d972fb7a590c2f02871799aaa4786b5e996e8f0f4eb981fc214b005f42d2ff4233499391653df7aefcbc13fc51568",
        1: "961f6dd1e4dd30f63901690c512e78e4b45e4742ed197c3c5e45c549fd25f2e4187b0bc9fe30492b16b0d0bc4ef9b0f34c7003fac09a5ef1532e69430234cebd",
        127: "76d2d819c92bce55fa8e092ab1bf9b9eab237a25267986cacf2b8ee14d214d730dc9a5aa2d7b596e86a1fd8fa0804c77402d2fcd45083688b218b1cdfa0dcbcb",
        128: "72065ee4dd91c2d8509fa1fc28a37c7fc9fa7d5b3f8ad3d0d7a25626b57b1b44788d4caf806290425f9890a3a2a35a905ab4b37acfd0da6e4517b2525c9651e4",
        129: "64475dfe7600d7171bea0b394e27c9b00d8e74dd1e416a79473682ad3dfdbb706631558055cfc8a40e07bd015a4540dcdea15883cbbf31412df1de1cd4152b91",
        255: "142709d62e28fcccd0af97fad0f8465b971e82201dc51070faa0372aa43e92484be1c1e73ba10906d5d1853db6a4106e0a7bf9800d373d6dee2d46d62ef2a461",
        256: "b72071e096277edebb8ee5134dd3714996307ba3a55aa4733d412abbe28e909e10e57e6fbfb4ef53b3b960518294ff889a90829254412e2a60b85add07a3674f",
        257: "3a9e68b5a91ccd5de231647907c427b82dcbeaaca7077a71474516d44a6c96a230590534bd9f3bafa8143f8be67b3abce7b6405329664c47c0c22f5f53ac1369",
    ]
}
