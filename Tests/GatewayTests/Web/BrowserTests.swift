import Foundation
import Testing

/// The web UI in a real browser (issue 16 item 6): headless Chromium through Debian's
/// chromedriver and Selenium from PyPI, scripted as a person would use the pages
/// (`Tests/Browser/browser-scenarios.py`, one scenario per test). Skipped, visibly, without the
/// browser; under `CI=true` a missing browser fails instead. Serialized: one Chromium at a time.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct BrowserTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Browser/browser-scenarios.py").path
    /// Where the README's screenshots go when `DUALGATE_SCREENSHOTS` names it (e.g. `docs/screenshots`): a
    /// plain test run leaves the checkout as it was, its screenshots in each server's temp directory.
    static let docs: URL? = ProcessInfo.processInfo.environment["DUALGATE_SCREENSHOTS"].map { URL(fileURLWithPath: $0) }
    static let password = "correct horse battery"

    struct Run {
        let ok: Bool
        let failures: [String]
        let screenshots: [String]
    }

    /// Runs one scenario against `server` signed in as `login`; the screenshots stay in a temp directory.
    static func run(_ scenario: String, _ server: LiveServer, login: String = "admin") throws -> Run {
        let browser = ["/usr/bin/chromium", "/usr/bin/chromedriver"].filter { !FileManager.default.isExecutableFile(atPath: $0) }
        if !browser.isEmpty {
            let reason = "\(browser.joined(separator: ", ")) missing (apt-get install -y --no-install-recommends chromium chromium-driver)"
            if ProcessInfo.processInfo.environment["CI"] == "true" { throw HarnessError(reason) }
            print("SKIPPED BrowserTests.\(scenario): \(reason)")
            try Test.cancel("skipped: \(reason)")
        }
        let selenium: URL
        switch PyPI.installed("selenium==4.51.0", probe: "selenium/__init__.py") {
        case .success(let directory): selenium = directory
        case .failure(let reason):
            if ProcessInfo.processInfo.environment["CI"] == "true" { throw reason }
            print("SKIPPED BrowserTests.\(scenario): \(reason)")
            try Test.cancel("skipped: \(reason)")
        }
        guard let python3 = Tool.python3 else { throw HarnessError("python3 not found") }
        let shots = server.directory.appendingPathComponent("screenshots-\(scenario)")
        try FileManager.default.createDirectory(at: shots, withIntermediateDirectories: true)
        let result = try CLIResult.run(executable: python3, [script, scenario, server.baseURL, shots.path, login, password],
                                       environment: ProcessInfo.processInfo.environment.merging(["PYTHONPATH": selenium.path]) { $1 })
        guard let object = try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] else {
            throw HarnessError("the scenario \(scenario) did not report (\(result.status)): \(result.stdout.suffix(600)) \(result.stderr.suffix(1200))")
        }
        let run = Run(ok: object["ok"] as? Bool ?? false, failures: object["failures"] as? [String] ?? [],
                      screenshots: (object["data"] as? [String: Any])?["screenshots"] as? [String] ?? [])
        print("BrowserTests.\(scenario): \(run.screenshots.count) screenshot(s) in \(shots.path)")
        return run
    }

    static func server() throws -> LiveServer {
        let server = try LiveServer.start()
        try server.setAccountPassword("admin", password)
        return server
    }

    /// Copies the named screenshots into `DUALGATE_SCREENSHOTS` when set (the README shows them from there).
    static func keep(_ run: Run, _ names: [String]) {
        guard let docs else { return }
        try? FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
        for path in run.screenshots where names.contains(URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent) {
            let destination = docs.appendingPathComponent(URL(fileURLWithPath: path).lastPathComponent)
            try? FileManager.default.removeItem(at: destination)
            try? FileManager.default.copyItem(at: URL(fileURLWithPath: path), to: destination)
        }
    }

    @Test func signInMakesANewSessionCookie() throws {
        let server = try Self.server()
        defer { _ = server.stop() }
        let run = try Self.run("sign_in", server)
        #expect(run.ok, "\(run.failures)")
        Self.keep(run, ["sign-in"])
    }

    @Test func anXMLRPCOnlyReadOnlyPasswordMadeInThePageReadsOverXMLRPCOnly() throws {
        let server = try Self.server()
        defer { _ = server.stop() }
        let run = try Self.run("create_xmlrpc_read_only", server)
        #expect(run.ok, "\(run.failures)")
        let item = try #require(try server.cliList().first { $0["name"] as? String == "Feed reader" })
        #expect(item["enabled_for"] as? [String] == ["xml-rpc"] && item["xml_rpc_permissions"] as? String == "read")
        Self.keep(run, ["new-password", "profile"])
    }

    @Test func aPasswordRevokedInThePageFailsOnTheNextRequest() throws {
        let server = try Self.server()
        defer { _ = server.stop() }
        let run = try Self.run("revoke", server)
        #expect(run.ok, "\(run.failures)")
        #expect(try server.cliList().contains { $0["name"] as? String == "Leaked one" } == false)
    }

    @Test func theAuthorizeRoundTripReachesALocalSuccessURL() throws {
        let server = try Self.server()
        defer { _ = server.stop() }
        let run = try Self.run("authorize", server)
        #expect(run.ok, "\(run.failures)")
        let item = try #require(try server.cliList().first { $0["name"] as? String == "Phone app" })
        #expect(item["app_id"] as? String == "4f1c3a9e-2b7d-4c8e-9a61-0d5e7f3b2c10" && item["enabled_for"] as? [String] == ["xml-rpc"])
        Self.keep(run, ["authorize"])
    }

    @Test func anAdministratorApprovesAPendingPassword() throws {
        let server = try Self.server()
        defer { _ = server.stop() }
        #expect(try server.cli("user", "add", "bob").status == 0)
        #expect(try server.cli("settings", "set", "require_approval", "true").status == 0)
        #expect(try server.cli("app-password", "create", "bob", "--name", "Bob's laptop").status == 0)
        #expect(try server.cliList(login: "bob").first?["status"] as? String == "pending")
        let run = try Self.run("approve_pending", server)
        #expect(run.ok, "\(run.failures)")
        #expect(try server.cliList(login: "bob").first?["status"] as? String == "active")
    }

    @Test func xssProbesInEveryFieldRenderInert() throws {
        let server = try Self.server()
        defer { _ = server.stop() }
        #expect(try server.cli("user", "add", "eve", "--display-name", #"<script>window.__xss=1</script>"><img src=x onerror="window.__xss=2">"#).status == 0)
        let run = try Self.run("xss", server)
        #expect(run.ok, "\(run.failures)")
    }

    @Test func aFormPostedFromAnotherOriginFails() throws {
        let server = try Self.server()
        defer { _ = server.stop() }
        let run = try Self.run("csrf", server)
        #expect(run.ok, "\(run.failures)")
        #expect(try server.cliList().contains { $0["name"] as? String == "Keep me" })
    }

    @Test func theProfileIsReadableOnAPhone() throws {
        let server = try Self.server()
        defer { _ = server.stop() }
        let run = try Self.run("phone", server)
        #expect(run.ok, "\(run.failures)")
        Self.keep(run, ["profile-phone"])
    }
}
