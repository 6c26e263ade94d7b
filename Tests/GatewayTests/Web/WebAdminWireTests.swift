import Foundation
import Testing

/// The administrator's pages over the wire, and `user set-password` on a real terminal.
@Suite(.timeLimit(.minutes(3)))
struct WebAdminWireTests {
    @Test func theSettingsPageShowsEverySettingAndChangesOnlyValidValues() throws {
        let server = try LiveServer.start()
        defer { _ = server.stop() }
        try server.setAccountPassword("admin", "correct horse battery")
        let client = WebClient(port: server.port)
        #expect(try client.signIn("admin", "correct horse battery").status == 303)
        let page = try client.get("/wp-admin/options-general.php")
        for key in ["application_passwords_enabled", "require_approval", "max_per_user", "require_https", "lockout_login_failures", "cors_allowed_origins"] {
            #expect(page.text.contains(#"name="\#(key)""#), "\(key)")
        }
        let token = try #require(WebClient.formToken(page))
        let saved = try client.post("/wp-admin/options-general.php", [("_csrf", token), ("max_per_user", "3")])
        #expect(saved.status == 303)
        #expect(try server.cli("settings", "get", "max_per_user").stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "3")
        let refused = try client.post("/wp-admin/options-general.php", [("_csrf", token), ("max_per_user", "lots")])
        #expect(refused.status == 400 && refused.text.contains("max_per_user"))
        #expect(try server.cli("settings", "get", "max_per_user").stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "3")
        #expect(try client.post("/wp-admin/options-general.php", [("max_per_user", "9")]).status == 403)
        #expect(try server.cli("settings", "get", "max_per_user").stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "3")
    }

    @Test func setPasswordReadsATerminalWithoutEchoAndNeedsTheSameTwice() throws {
        guard Tool.python3 != nil else {
            print("SKIPPED setPasswordReadsATerminalWithoutEcho: python3 missing")
            try Test.cancel("python3 missing")
        }
        let server = try LiveServer.start()
        defer { _ = server.stop() }
        // A pseudo-terminal (python's pty): what the command prints, and whether the password appears.
        let script = """
            import os, pty, select, signal, sys, time
            binary, db, first, second = sys.argv[1:5]
            pid, fd = pty.fork()
            if pid == 0:
                os.execv(binary, [binary, "user", "set-password", "admin", "--db", db])
            out = b""
            deadline = time.time() + 30
            def read_until(marker):
                global out
                while marker not in out:
                    ready, _, _ = select.select([fd], [], [], max(0, deadline - time.time()))
                    if not ready:
                        os.kill(pid, signal.SIGKILL)
                        return
                    try:
                        chunk = os.read(fd, 1024)
                    except OSError:
                        return
                    if not chunk: return
                    out += chunk
            read_until(b"New password: "); os.write(fd, first.encode() + b"\\n")
            read_until(b"again: "); os.write(fd, second.encode() + b"\\n")
            read_until(b"\\x00")                                  # to the end (EOF) or the deadline
            _, status = os.waitpid(pid, 0)
            print(os.waitstatus_to_exitcode(status))
            print(out.decode(errors="replace"))
            """
        let matching = try Tool.python(script, [DualgateBinary.url.path, server.databasePath, "tty secret 1", "tty secret 1"])
        #expect(matching.stdout.hasPrefix("0\n") && matching.stdout.contains("Set the account password of admin"), "\(matching.stdout) \(matching.stderr)")
        #expect(!matching.stdout.contains("tty secret"), "the password was echoed")
        let differing = try Tool.python(script, [DualgateBinary.url.path, server.databasePath, "tty secret 2", "other"])
        #expect(differing.stdout.hasPrefix("1\n") && differing.stdout.contains("differ"), "\(differing.stdout)")
        let client = WebClient(port: server.port)
        #expect(try client.signIn("admin", "tty secret 1").status == 303)
        // Without a terminal and without --password-stdin: a usage error, nothing read.
        let noTerminal = try server.cli("user", "set-password", "admin")
        #expect(noTerminal.status == 2 && noTerminal.stderr.contains("--password-stdin"))
    }
}
