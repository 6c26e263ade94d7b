import CredentialCore
import Foundation
import PostgresFixture
import Testing

/// Issue 15 item 5: `dualgate migrate` between SQLite and PostgreSQL.
@Suite("dualgate migrate", .enabled(if: PostgresCluster.shouldRun, Comment(rawValue: PostgresCluster.skipMessage)), .timeLimit(.minutes(3)))
struct MigrateCommandTests {
    @Test("SQLite → PostgreSQL → SQLite keeps every user, password (it still authenticates), setting and revoked uuid; a non-empty target is refused")
    func roundTrip() throws {
        let directory = try TempDirectory.make()
        defer { try? FileManager.default.removeItem(at: directory) }
        let environment = ProcessInfo.processInfo.environment.merging(["DUALGATE_AUDIT_LOG": directory.appendingPathComponent("a.jsonl").path]) { $1 }
        func dualgate(_ arguments: [String]) throws -> CLIResult { try CLIResult.run(arguments, environment: environment) }
        let sqlite = directory.appendingPathComponent("source.sqlite").path
        #expect(try dualgate(["user", "add", "alice", "--email", "alice@example.test", "--role", "administrator", "--db", sqlite]).status == 0)
        #expect(try dualgate(["user", "add", "bob", "--db", sqlite]).status == 0)
        let created = try dualgate(["app-password", "create", "alice", "--name", "kept", "--json", "--db", sqlite])
        let password = try #require((try JSONSerialization.jsonObject(with: Data(created.stdout.utf8)) as? [String: Any])?["password"] as? String)
        let revoked = try dualgate(["app-password", "create", "bob", "--name", "revoked", "--json", "--db", sqlite])
        let revokedUUID = try #require((try JSONSerialization.jsonObject(with: Data(revoked.stdout.utf8)) as? [String: Any])?["uuid"] as? String)
        #expect(try dualgate(["app-password", "revoke", "bob", revokedUUID, "--db", sqlite]).status == 0)
        #expect(try dualgate(["settings", "set", "max_per_user", "7", "--db", sqlite]).status == 0)
        // Issue 16's account password (its yescrypt hash) moves too.
        let setPassword = try CLIResult.run(executable: DualgateBinary.url, ["user", "set-password", "alice", "--password-stdin", "--db", sqlite],
                                            environment: environment, input: Data("correct horse battery\n".utf8))
        #expect(setPassword.status == 0, "\(setPassword.stderr)")

        let postgres = try PostgresCluster.shared().createDatabase()
        let moved = try dualgate(["migrate", "--from", sqlite, "--to", postgres])
        #expect(moved.status == 0, "\(moved.stderr)")
        #expect(moved.stdout.contains("2 users, 1 application_passwords, 1 settings, 1 revoked_passwords, 0 upstream_credentials, 0 web_sessions"), "\(moved.stdout)")
        #expect(try CredentialStore(path: postgres).signIn(login: "alice", password: "correct horse battery", from: "192.0.2.1", transport: .https).login == "alice")
        #expect(try dualgate(["app-password", "list", "alice", "--json", "--db", postgres]).stdout
                == dualgate(["app-password", "list", "alice", "--json", "--db", sqlite]).stdout)
        #expect(try dualgate(["settings", "get", "max_per_user", "--db", postgres]).stdout == "7\n")

        let again = try dualgate(["migrate", "--from", sqlite, "--to", postgres])
        #expect(again.status == 1 && again.stderr.contains("not empty"), "\(again.stderr)")

        // The copied hash authenticates on PostgreSQL, and a new user gets the next free id.
        let site = try PostgresServe(url: postgres)
        let server = try site.start("a")
        defer { server.stop() }
        #expect(try server.usersMe("alice", password).status == 200)
        #expect(try site.cli("user", "add", "carol").stdout.contains("id 3"))

        let back = directory.appendingPathComponent("back.sqlite").path
        #expect(try dualgate(["migrate", "--from", postgres, "--to", back]).status == 0)
        #expect(try dualgate(["user", "list", "--db", back]).stdout == dualgate(["user", "list", "--db", postgres]).stdout)
        #expect(try dualgate(["migrate", "--help"]).stdout.contains("--from PATH_OR_URL"))
    }
}
