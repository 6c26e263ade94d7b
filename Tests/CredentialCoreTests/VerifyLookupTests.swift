@testable import CredentialCore
import Testing

/// An uncached check looks the candidate's fast hash up in an index instead of comparing it with
/// every stored hash of the user (a user who had created thousands of passwords made each of
/// their uncached requests cost a comparison per password: 28 M instructions a request in W6).
@Suite("verify by index look-up")
struct VerifyLookupTests {
    @Test("the candidates query searches the (user_id, password_hash) index for both of its ranges, never scans")
    func candidatesQueryUsesTheIndex() throws {
        let fixture = try StoreFixture()
        _ = try fixture.userWithPassword()
        let connection = try Connection(path: fixture.path)
        let plan = try connection.rows("EXPLAIN QUERY PLAN " + PasswordQueries.selectCandidatesOfUser,
                                       [.integer(1), .text(FastHash.hash("x"))]) { $0.text(3) }
        let searches = plan.filter { $0.contains("SEARCH application_passwords USING INDEX application_passwords_hash") }
        #expect(searches.count == 2, "\(plan)")
        #expect(!plan.contains { $0.hasPrefix("SCAN") }, "\(plan)")
    }

    @Test("among many fast-hash passwords and legacy phpass ones, each authenticates as itself and nothing else does")
    func manyPasswordsAndLegacyHashes() throws {
        let fixture = try StoreFixture()
        let (user, first) = try fixture.userWithPassword()
        var created = [first]
        for index in 0..<40 { created.append(try fixture.store.createPassword(PasswordRequest(name: "p\(index)"), for: user.id)) }
        // Two of them stored as an import from an older WordPress leaves them: phpass, salted.
        let connection = try Connection(path: fixture.path)
        for (index, salt) in [(7, "abcdefgh"), (30, "ABCDEFGH")] {
            let legacy = try #require(Phpass.hash(Array(created[index].plain.raw.utf8), setting: "$P$B" + salt))
            try connection.immediateTransaction { () throws(SQLiteError) in
                _ = try connection.run("UPDATE application_passwords SET password_hash = ?1 WHERE uuid = ?2",
                                       [.text(legacy), .text(created[index].record.uuid)])
            }
        }
        for password in created {
            #expect(try fixture.store.verify(login: "alice", password: password.plain.raw, for: .rest, from: "::1").password.uuid == password.record.uuid)
        }
        #expect(throws: AuthFailure.incorrectPassword) {
            try fixture.store.verify(login: "alice", password: "aaaaaaaaaaaaaaaaaaaaaaaa", for: .rest, from: "::1")
        }
    }
}
