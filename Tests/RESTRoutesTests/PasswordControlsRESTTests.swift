import Foundation
import PostgresFixture
import Testing
import CredentialCore
@testable import RESTRoutes

/// Issue 3 over REST: live site settings, per-password controls (fields and refusal codes), lockout.
@Suite struct PasswordControlsRESTTests {
    final class Clock: @unchecked Sendable { var now: Int64 = 1_750_000_000 }

    private let collection = "/wp/v2/users/me/application-passwords"

    private func basic(_ login: String, _ password: String) -> Site.Credentials { .basic(login, password) }

    @Test(arguments: StoreBackend.available) func settingsChangedInTheStoreApplyOnTheNextRequest(_ backend: StoreBackend) throws {
        let site = try Site(backend)
        #expect(site.admin("POST", collection, json: #"{"name":"dup"}"#).status == 201)
        // Another connection (as the CLI would be) changes the settings.
        let cli = try CredentialStore(path: site.store.path)
        try cli.setSetting(.uniqueNames, to: "true")
        #expect(site.admin("POST", collection, json: #"{"name":"DUP"}"#).code == "application_password_duplicate_name")
        try cli.setSetting(.maxPerUser, to: "2")
        let limited = site.admin("POST", collection, json: #"{"name":"third"}"#)
        #expect(limited.status == 403 && limited.code == "application_password_limit_reached")
        try cli.setSetting(.allowedRoles, to: "administrator")
        #expect(site.subscriber("GET", "/wp/v2/users/me").code == "application_passwords_disabled_for_user")
        try cli.setSetting(.applicationPasswordsEnabled, to: "false")
        #expect(site.send("GET", "/").json["authentication"] == .array([]))
        try cli.setSetting(.applicationPasswordsEnabled, to: "true")
        #expect(site.admin("GET", "/wp/v2/users/me").status == 200)
    }

    @Test(arguments: StoreBackend.available) func theNewFieldsAreShownAndWritable(_ backend: StoreBackend) throws {
        let site = try Site(backend)
        let created = site.admin("POST", collection, json: #"{"name":"ctl","expires":"2030-01-02T03:04:05","allowed_networks":["10.1.2.3/8","2001:db8::/32"]}"#)
        #expect(created.status == 201)
        #expect(created.json["expires"] == "2030-01-02T03:04:05" && created.json["status"] == "active")
        #expect(created.json["allowed_networks"] == ["10.0.0.0/8", "2001:db8::/32"])
        let uuid = try #require(created.json["uuid"]?.stringValue)
        let item = collection + "/" + uuid
        let updated = site.admin("PATCH", item, json: #"{"expires":"","status":"disabled","allowed_networks":[]}"#)
        #expect(updated.status == 200 && updated.json["expires"] == .null && updated.json["status"] == "disabled")
        #expect(updated.json["allowed_networks"] == .array([]))
        #expect(site.admin("GET", item).json["status"] == "disabled")
        let listed = site.admin("GET", collection).json.arrayValue ?? []
        #expect(listed.contains { $0["uuid"]?.stringValue == uuid && $0["status"] == "disabled" })
        for bad in [#"{"expires":"tomorrow"}"#, #"{"status":"pending"}"#, #"{"allowed_networks":["10.0.0.0/33"]}"#, #"{"expires":"2001-01-01"}"#] {
            let answer = site.admin("PATCH", item, json: bad)
            #expect(answer.status == 400 && answer.code == "rest_invalid_param", "\(bad): \(answer.text)")
        }
    }

    @Test(arguments: StoreBackend.available) func eachRefusalHasItsCode(_ backend: StoreBackend) throws {
        let clock = Clock()
        let site = try Site(backend, clock: { clock.now })
        func me(_ password: String) -> Answer { site.send("GET", "/wp/v2/users/me", as: basic("sub", password)) }
        let expiring = try site.password(for: site.subscriber, PasswordRequest(name: "e", expires: clock.now + 60))
        let elsewhere = try site.password(for: site.subscriber, PasswordRequest(name: "n", allowedNetworks: [NetworkRange("10.0.0.0/8")!]))
        let here = try site.password(for: site.subscriber, PasswordRequest(name: "h", allowedNetworks: [NetworkRange("127.0.0.0/8")!]))
        let disabled = try site.password(for: site.subscriber, PasswordRequest(name: "d"))
        _ = try site.store.setStatus(.disabled, uuid: disabled.record.uuid, of: site.subscriber.id)
        try site.store.setSetting(.requireApproval, to: "true")
        let pending = try site.password(for: site.subscriber, PasswordRequest(name: "p"))
        #expect(me(expiring.plain).status == 200 && me(here.plain).status == 200)
        clock.now += 60
        for (password, code) in [(expiring.plain, "application_password_expired"), (elsewhere.plain, "application_password_network_denied"),
                                 (disabled.plain, "application_password_inactive"), (pending.plain, "application_password_pending")] {
            let answer = me(password)
            #expect(answer.status == 401 && answer.code == code, "\(answer.text)")
        }
        // The owner cannot approve their own pending password; an administrator can.
        let item = "/wp/v2/users/\(site.subscriber.id)/application-passwords/\(pending.record.uuid)"
        #expect(site.send("PATCH", item, as: basic("sub", here.plain), json: #"{"status":"active"}"#).code == "rest_cannot_edit_application_password")
        #expect(site.admin("PATCH", item, json: #"{"status":"active"}"#).json["status"] == "active")
        #expect(me(pending.plain).status == 200)
    }

    @Test(arguments: StoreBackend.available) func lockoutAnswers429WithRetryAfterWithoutCheckingThePassword(_ backend: StoreBackend) throws {
        let clock = Clock()
        let site = try Site(backend, clock: { clock.now })
        try site.store.setSetting(.lockoutLoginFailures, to: "3")
        for _ in 0..<3 { #expect(site.send("GET", "/wp/v2/users/me", as: basic("sub", "wrong")).code == "incorrect_password") }
        let locked = site.subscriber("GET", "/wp/v2/users/me")          // the right password
        #expect(locked.status == 429 && locked.code == "too_many_failed_logins" && locked.header("Retry-After") == "900")
        clock.now += 900
        #expect(site.subscriber("GET", "/wp/v2/users/me").status == 200)
    }
}
