@testable import CredentialCore
import Testing

@Suite("wp_fast_hash")
struct FastHashTests {
    @Test("every fast_hash vector", arguments: VectorFile.shared.fast_hash.vectors.map(\.id))
    func vector(_ id: String) throws {
        let vector = try #require(VectorFile.shared.fast_hash.vectors.first { $0.id == id })
        #expect(Array(vector.input.utf8) == [UInt8](hex: vector.input_utf8_hex))
        let digest = BLAKE2b.hash(vector.input.utf8, key: Array("wp_fast_hash_6.8+".utf8), outputLength: 30)
        #expect(digest.hex == vector.digest_hex)
        #expect(FastHash.hash(vector.input) == vector.hash)
        #expect(FastHash.hash(vector.input).utf8.count == FastHash.hashLength)
    }

    @Test("every fast_hash.verify case", arguments: VectorFile.shared.fast_hash.verify.indices)
    func verify(_ index: Int) {
        let check = VectorFile.shared.fast_hash.verify[index]
        #expect(FastHash.verify(check.candidate, stored: check.stored) == check.expected, "\(check.note)")
    }

    @Test("a stored hash in another format never matches here")
    func legacyFormatDoesNotMatch() {
        #expect(!FastHash.verify("password", stored: "$P$BXk3.9vQa76qpeXvTI7AjibGcXtXh7/"))
        #expect(!FastHash.verify("password", stored: "5f4dcc3b5aa765d61d8327deb882cf99"))
        #expect(!FastHash.verify("", stored: ""))
    }
}
