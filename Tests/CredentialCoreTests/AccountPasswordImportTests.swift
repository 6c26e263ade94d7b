@testable import CredentialCore
import Foundation
import PostgresFixture
import Testing

/// Issue 16 item 1: `user_pass` in a WordPress export becomes the account password (web sign-in
/// only) of a user who has none here.
@Suite("account passwords from a WordPress import")
struct AccountPasswordImportTests {
    private func document(_ users: [(id: Int, login: String, pass: String?)]) -> Data {
        let entries = users.map { user in
            #"{"ID":\#(user.id),"user_login":"\#(user.login)","user_email":"","display_name":"\#(user.login)","roles":"author""#
                + (user.pass.map { #","user_pass":"\#($0.replacingOccurrences(of: "\\", with: "\\\\"))""# } ?? "") + "}"
        }
        return Data(#"{"users":[\#(entries.joined(separator: ","))],"application_passwords":{}}"#.utf8)
    }

    @Test("phpass, bcrypt and 6.8's $wp$ hashes sign in; a user without user_pass has no account password", arguments: StoreBackend.available)
    func imported(_ backend: StoreBackend) throws {
        let fixture = try StoreFixture(backend)
        let report = try fixture.store.importWordPress(try WordPressExport.parse(document([
            (1, "phil", AccountPasswordTests.phpass.1), (2, "bea", AccountPasswordTests.bcrypt.1),
            (3, "wendy", AccountPasswordTests.wordpress68.1), (4, "nopass", nil),
        ])))
        #expect(report.changes.filter { if case .accountPasswordImported = $0 { true } else { false } }.count == 3)
        for (login, password) in [("phil", AccountPasswordTests.phpass.0), ("bea", AccountPasswordTests.bcrypt.0), ("wendy", AccountPasswordTests.wordpress68.0)] {
            #expect(try fixture.store.signIn(login: login, password: password, from: "192.0.2.1", transport: .https).login == login)
        }
        #expect(try !fixture.store.hasAccountPassword(userID: 4))
    }

    @Test("a re-import never replaces an account password set or re-hashed here", arguments: StoreBackend.available)
    func reimportKeepsOurs(_ backend: StoreBackend) throws {
        let fixture = try StoreFixture(backend)
        let first = document([(1, "phil", AccountPasswordTests.phpass.1)])
        _ = try fixture.store.importWordPress(try WordPressExport.parse(first))
        try fixture.store.setAccountPassword("changed here", forUserID: 1)
        let again = try fixture.store.importWordPress(try WordPressExport.parse(first))
        #expect(!again.changes.contains { if case .accountPasswordImported = $0 { true } else { false } })
        #expect(throws: AuthFailure.incorrectPassword) {
            try fixture.store.signIn(login: "phil", password: AccountPasswordTests.phpass.0, from: "192.0.2.1", transport: .https)
        }
        #expect(try fixture.store.signIn(login: "phil", password: "changed here", from: "192.0.2.1", transport: .https).id == 1)
    }

    @Test("a user_pass that is no WordPress hash refuses the document")
    func refusesOtherHashes() throws {
        #expect(throws: WordPressExport.Problem.self) { try WordPressExport.parse(document([(1, "old", "5f4dcc3b5aa765d61d8327deb882cf99")])) }
        #expect(throws: WordPressExport.Problem.self) { try WordPressExport.parse(document([(1, "odd", "plain text")])) }
    }
}
