@testable import CredentialCore
import Testing

@Suite("password text rules")
struct PasswordFormatTests {
    @Test("every chunk_password case", arguments: VectorFile.shared.chunk_password.cases.indices)
    func chunk(_ index: Int) {
        let check = VectorFile.shared.chunk_password.cases[index]
        #expect(PasswordFormat.chunk(check.input) == check.output, "\(check.note)")
    }

    @Test("every auth_normalisation case", arguments: VectorFile.shared.auth_normalisation.cases.indices)
    func normalisation(_ index: Int) throws {
        let check = VectorFile.shared.auth_normalisation.cases[index]
        let normalised = PasswordFormat.normalise(check.supplied)
        #expect(normalised == Array(check.normalised.utf8), "\(check.note)")
        #expect(FastHash.hash(normalised) == check.normalised_fast_hash, "\(check.note)")
        if let vectorID = check.against_vector, let expected = check.expected_match {
            let stored = try #require(VectorFile.shared.fast_hash.vectors.first { $0.id == vectorID }).hash
            #expect(FastHash.verify(normalised, stored: stored) == expected, "\(check.note)")
        }
    }

    @Test("text shaped like an application password is recognised, chunked or not; anything else is shown")
    func passwordShape() {
        let raw = PasswordGenerator.generate().raw
        for text in [raw, PasswordFormat.chunk(raw), "abcd EFGH ijkl MNOP qrst UVWX", "abcdEFGH ijklMNOP qrstUVWX"] {
            #expect(PasswordFormat.looksLikePassword(text), "\(text)")
            #expect(PasswordFormat.withheldIfPassword(text) == PasswordFormat.withheld)
        }
        for text in ["", "admin", "alice@example.org", String(raw.dropLast()), raw + "x", " " + raw, raw + " ",
                     "abcd  EFGH ijkl MNOP qrst UVWX", "abcd-EFGH-ijkl-MNOP-qrst-UVWX", "6f1c2b1e-0d5e-4c37-9a58-2f0b0f6c2b7e",
                     "wp.getUsersBlogs", "2001:db8::/32"] {
            #expect(!PasswordFormat.looksLikePassword(text), "\(text)")
            #expect(PasswordFormat.withheldIfPassword(text) == text)
        }
    }
}
