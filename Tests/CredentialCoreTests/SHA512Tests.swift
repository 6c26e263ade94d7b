@testable import CredentialCore
import Testing

@Suite("SHA-512 family and HMAC-SHA384")
struct SHA512Tests {
    // FIPS 180-4 examples (NIST CSRC "SHA384.pdf" / "SHA512.pdf"): one block, two blocks, empty.
    @Test("SHA-384 NIST vectors")
    func sha384() {
        #expect(Hex.lowercase(SHA512.digest384(Array("abc".utf8))) ==
                "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7")
        #expect(Hex.lowercase(SHA512.digest384(Array("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu".utf8))) ==
                "09330c33f71147e83d192fc782cd1b4753111b173b3b05d22fa08086e3b0f712fcc7c71a557e2db966c3e9fa91746039")
        #expect(Hex.lowercase(SHA512.digest384([])) ==
                "38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b")
    }

    @Test("SHA-512 NIST vectors, and a message across the padding boundary")
    func sha512() {
        #expect(Hex.lowercase(SHA512.digest(Array("abc".utf8))) ==
                "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f")
        #expect(Hex.lowercase(SHA512.digest(Array("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu".utf8))) ==
                "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909")
        // One million 'a' (FIPS 180-4 long message).
        #expect(Hex.lowercase(SHA512.digest(Array(repeating: UInt8(ascii: "a"), count: 1_000_000))) ==
                "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973ebde0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b")
    }

    // RFC 4231 test cases 2 ("Jefe") and 6 (a 131-byte key, hashed first).
    @Test("HMAC-SHA384 RFC 4231 vectors")
    func hmac() {
        #expect(Hex.lowercase(HMACSHA384.authenticationCode(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8))) ==
                "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649")
        #expect(Hex.lowercase(HMACSHA384.authenticationCode(key: [UInt8](repeating: 0xaa, count: 131),
                                                            message: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8))) ==
                "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c60c2ef6ab4030fe8296248df163f44952")
    }
}
