import Foundation
import Testing

/// Issue 11 item 1 over the wire: failures typed as the login, the e-mail and case variants, on
/// both protocols, share one counter; once it is reached, every spelling of the account is
/// refused with 429 / fault 429, even with the right password.
@Suite(.enabled(if: Tool.python3 != nil, "needs python3 on PATH"), .timeLimit(.minutes(3)))
struct LockoutSpellingWireTests {
    @Test(arguments: ["victim", "victim@example.test", "VICTIM", "Victim@Example.Test", " victim ", "  VICTIM@example.test"])
    func everySpellingOfALockedAccountIsRefusedOnBothProtocols(_ spelling: String) throws {
        let server = try LiveServer.start()
        defer { server.stop() }
        #expect(try server.cli("user", "add", "victim", "--email", "victim@example.test").status == 0)
        let victim = try server.createPassword(login: "victim", name: "v")
        #expect(try server.cli("settings", "set", "lockout_login_failures", "3").status == 0)
        // Before the lockout the spelling reaches the account.
        let before = try server.usersMe(spelling, victim.password)
        #expect(before.status == 200, "\(before.text)")
        // Three failures, each typed differently, on both protocols.
        #expect(try server.usersMe("victim", "wrong").json["code"] as? String == "incorrect_password")
        #expect(try server.usersBlogs("Victim@Example.test", "wrong").faultCode == 403)
        #expect(try server.usersMe(" VICTIM", "wrong").json["code"] as? String == "incorrect_password")
        let locked = try server.usersMe(spelling, victim.password)
        #expect(locked.status == 429 && locked.json["code"] as? String == "too_many_failed_logins", "\(locked.text)")
        #expect(try server.usersBlogs(spelling, victim.password).faultCode == 429)
    }

    /// Unknown logins count by their normalised text: case and space variants share one budget.
    @Test func unknownLoginSpellingsShareOneCounter() throws {
        let server = try LiveServer.start()
        defer { server.stop() }
        #expect(try server.cli("settings", "set", "lockout_login_failures", "2").status == 0)
        #expect(try server.usersMe("Ghost", "x").json["code"] as? String == "invalid_username")
        #expect(try server.usersBlogs(" ghost ", "x").faultCode == 403)
        #expect(try server.usersMe("GHOST", "x").status == 429)
        #expect(try server.usersBlogs("ghost", "x").faultCode == 429)
    }
}
