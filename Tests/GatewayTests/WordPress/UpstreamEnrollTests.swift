import CredentialCore
import Foundation
import Testing

/// `dualgate upstream enroll` against a real WordPress (issue 13 item 2): the password it mints
/// and stores works on WordPress's own `users/me`, and a login that is not the upstream user of
/// that id is refused.
@Suite(.enabled(if: WordPressSite.shouldRun, WordPressSite.skipMessage), .timeLimit(.minutes(3)))
struct UpstreamEnrollTests {
    @Test("enrol a user through the real WordPress; a login mismatch and a bad admin password are refused")
    func enroll() throws {
        let site = try WordPressSite.shared()
        let admin = try site.user(role: "administrator")
        let editor = try site.user(role: "editor")
        let directory = try TempDirectory.make()
        let db = directory.appendingPathComponent("gate.sqlite").path
        func dualgate(_ arguments: [String], stdin: String? = nil) throws -> CLIResult {
            try CLIResult.run(executable: DualgateBinary.url, arguments + ["--db", db], input: stdin.map { Data($0.utf8) })
        }
        // Ids 1, 2, 3 as in the seeded site: admin, editor1, then someone who is not subscriber1.
        for login in [admin.login, editor.login, "mallory"] { #expect(try dualgate(["user", "add", login]).status == 0) }

        let run = try dualgate(["upstream", "enroll", editor.login, "mallory", "--admin", admin.login, "--password-stdin", "--upstream", site.url],
                               stdin: admin.password + "\n")
        #expect(run.status == 1, "\(run.stdout) \(run.stderr)")
        #expect(run.stdout.contains("enrolled \(editor.login)"))
        #expect(run.stdout.contains("refused mallory") && run.stdout.contains("subscriber1"), "\(run.stdout)")

        let store = try CredentialStore(path: db)
        let key = try SecretKey.load(path: db + ".key")
        let stored = try #require(try store.upstreamCredential(forUserID: 2, key: key))
        #expect(stored.login == editor.login && stored.password != editor.password)
        #expect(try store.upstreamCredential(forUserID: 3, key: key) == nil)
        #expect(!run.stdout.contains(stored.password) && !run.stderr.contains(stored.password) && !run.stdout.contains(admin.password))

        // The minted password is a real application password of the upstream user.
        let me = try Tool.curl(["-u", "\(stored.login):\(stored.password)", site.url + "/wp-json/wp/v2/users/me"])
        let object = try JSONSerialization.jsonObject(with: Data(me.stdout.utf8)) as? [String: Any]
        #expect(object?["id"] as? Int == 2, "\(me.stdout)")
        // One character changed (a password that already ends in "x" gets a "y": that was a 1-in-62 false failure).
        let wrongLast = stored.password.last == "x" ? "y" : "x"
        let wrong = try Tool.curl(["-u", "\(stored.login):\(stored.password.dropLast())\(wrongLast)", site.url + "/wp-json/wp/v2/users/me"])
        #expect(!wrong.stdout.contains("\"id\":2"))

        let badAdmin = try dualgate(["upstream", "enroll", editor.login, "--admin", admin.login, "--password-stdin", "--upstream", site.url],
                                    stdin: "wrongwrongwrongwrongwron")
        #expect(badAdmin.status == 1 && badAdmin.stdout.contains("refused \(editor.login)") && badAdmin.stdout.contains("HTTP 401"), "\(badAdmin.stdout)")
        // The earlier credential stays.
        #expect(try store.upstreamCredential(forUserID: 2, key: key) == stored)
    }
}
