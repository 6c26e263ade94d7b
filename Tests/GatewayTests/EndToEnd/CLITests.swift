import Foundation
import Testing

/// The contract's CLI, run as the real binary against a temp database.
@Suite(.timeLimit(.minutes(3)))
struct CLITests {
    let directory: URL
    var db: String { directory.appendingPathComponent("cli.sqlite").path }

    init() throws { directory = try TempDirectory.make() }

    func dualgate(_ arguments: String...) throws -> CLIResult { try CLIResult.run(arguments) }

    @Test(arguments: [["serve"], ["user", "add"], ["user", "list"], ["app-password", "create"], ["app-password", "list"],
                      ["app-password", "revoke"], ["app-password", "revoke-all"]])
    func everyCommandHasHelp(_ path: [String]) throws {
        let result = try CLIResult.run(path + ["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("usage: dualgate \(path.joined(separator: " "))"))
    }

    @Test func topLevelHelpListsEveryCommand() throws {
        let result = try dualgate("--help")
        #expect(result.status == 0)
        for name in ["serve", "user add", "user list", "app-password create", "app-password revoke-all"] {
            #expect(result.stdout.contains(name))
        }
    }

    @Test func badUsageExitsTwoWithAHint() throws {
        for arguments in [["frobnicate"], ["user", "add"], ["user", "add", "x", "--role", "king"], ["user", "list", "--bogus"],
                          ["app-password", "create", "admin"], ["app-password", "create", "admin", "--name", "n", "--api", "soap"],
                          ["serve", "--port", "seventy"], ["app-password", "revoke", "admin"]] {
            let result = try CLIResult.run(arguments + ["--db", db])
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(!result.stderr.isEmpty, "\(arguments) should say what to do")
        }
    }

    @Test func refusedOperationsExitOne() throws {
        #expect(try dualgate("user", "add", "ann", "--db", db).status == 0)
        let duplicate = try dualgate("user", "add", "ann", "--db", db)
        #expect(duplicate.status == 1 && duplicate.stderr.contains("already exists"))
        #expect(try dualgate("app-password", "create", "nobody", "--name", "x", "--db", db).status == 1)
        #expect(try dualgate("app-password", "revoke", "ann", "00000000-0000-4000-8000-000000000000", "--db", db).status == 1)
        #expect(try dualgate("app-password", "create", "ann", "--name", "  ", "--db", db).status == 1)
    }

    @Test func userAddJSONHasTheContractShape() throws {
        let result = try dualgate("user", "add", "bob", "--role", "editor", "--email", "bob@example.com", "--display-name", "Bob B", "--json", "--db", db)
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["id"] is Int)
        #expect(object["login"] as? String == "bob")
        #expect(object["email"] as? String == "bob@example.com")
        #expect(object["display_name"] as? String == "Bob B")
        #expect(object["role"] as? String == "editor")
        let list = try dualgate("user", "list", "--json", "--db", db)
        let users = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(users.map { $0["login"] as? String } == ["bob"])
    }

    @Test func databaseFallsBackToTheEnvironmentVariable() throws {
        var environment = ProcessInfo.processInfo.environment
        environment["DUALGATE_DB"] = db
        #expect(try CLIResult.run(["user", "add", "envuser"], environment: environment).status == 0)
        #expect(try dualgate("user", "list", "--db", db).stdout.contains("envuser"))
    }

    @Test func appPasswordLifecycleThroughTheCLI() throws {
        #expect(try dualgate("user", "add", "carol", "--db", db).status == 0)
        let created = try dualgate("app-password", "create", "carol", "--name", "feed reader", "--api", "xmlrpc", "--read-only", "--json", "--db", db)
        #expect(created.status == 0, "\(created.stderr)")
        let item = try #require(try JSONSerialization.jsonObject(with: Data(created.stdout.utf8)) as? [String: Any])
        let password = try #require(item["password"] as? String)
        #expect(password.range(of: #"^[A-Za-z0-9]{4}( [A-Za-z0-9]{4}){5}$"#, options: .regularExpression) != nil)
        #expect(item["enabled_for"] as? [String] == ["xml-rpc"])
        #expect(item["rest_api_permissions"] as? String == "read" && item["xml_rpc_permissions"] as? String == "read")
        #expect(item["last_used"] is NSNull && item["last_ip"] is NSNull)
        let uuid = try #require(item["uuid"] as? String)

        let listed = try dualgate("app-password", "list", "carol", "--json", "--db", db)
        let items = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        #expect(items.count == 1 && items[0]["uuid"] as? String == uuid && items[0]["password"] == nil)
        #expect(!listed.stdout.contains(password) && !listed.stdout.contains(password.replacingOccurrences(of: " ", with: "")))

        #expect(try dualgate("app-password", "create", "carol", "--name", "two", "--db", db).status == 0)
        #expect(try dualgate("app-password", "revoke", "carol", uuid, "--db", db).status == 0)
        let revokeAll = try dualgate("app-password", "revoke-all", "carol", "--db", db)
        #expect(revokeAll.status == 0 && revokeAll.stdout.contains("Revoked 1 "))
        #expect(try dualgate("app-password", "list", "carol", "--json", "--db", db).stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
    }

    @Test func secondStartDoesNotPrintAnotherPassword() throws {
        let first = try LiveServer.start(directory: directory)
        #expect(first.bootstrapPassword != nil)
        #expect(first.stop() == 0)
        let again = try LiveServer.start(directory: directory)
        #expect(again.bootstrapPassword == nil)
        #expect(!again.stdoutAtStart.contains("password"))
    }
}
