@testable import CredentialCore
import PostgresFixture
import Testing

@Suite("site settings")
struct SettingsTests {
    @Test("defaults are contract.md's; every key has a text form that parses back", arguments: StoreBackend.available)
    func defaults(_ backend: StoreBackend) throws {
        let fixture = try StoreFixture(backend)
        let settings = fixture.store.settings
        #expect(settings == .defaults)
        #expect(settings.applicationPasswordsEnabled && settings.allowedRoles == Set(Role.allCases) && settings.maxPerUser == 0)
        #expect(settings.maxPolicy == .refuse && !settings.requireApproval && !settings.uniqueNames && !settings.crossProtocolIssuing)
        #expect(settings.lockoutLoginFailures == 10 && settings.lockoutAddressFailures == 25)
        #expect(settings.lockoutWindowSeconds == 900 && settings.lockoutDurationSeconds == 900)
        for key in SettingKey.allCases {
            var copy = SiteSettings.defaults
            try copy.set(key, to: settings.value(of: key))
            #expect(copy == settings, "\(key)")
        }
        #expect(settings.value(of: .allowedRoles) == "administrator,editor,author,contributor,subscriber")
    }

    @Test("invalid values are refused, naming what is valid", arguments: StoreBackend.available, [
        ("application_passwords_enabled", "yes", "true or false"), ("unique_names", "1", "true or false"),
        ("max_per_user", "-1", "a whole number"), ("max_per_user", "2.5", "a whole number"), ("max_per_user", "", "a whole number"),
        ("max_policy", "drop", "refuse or delete_oldest"), ("allowed_roles", "admin", "administrator, editor"),
        ("lockout_window_seconds", "0", "from 1"), ("lockout_login_failures", "1001", "to 1000"),
    ])
    func refused(_ backend: StoreBackend, _ row: (key: String, value: String, hint: String)) throws {
        let (key, value, hint) = row
        let fixture = try StoreFixture(backend)
        do {
            try fixture.store.setSetting(SettingKey(parsing: key), to: value)
            Issue.record("accepted \(key)=\(value)")
        } catch {
            #expect("\(error)".contains(hint), "\(error)")
        }
        #expect(fixture.store.settings == .defaults)
    }

    @Test("an unknown key is refused with the list of keys")
    func unknownKey() {
        #expect(throws: StoreError.unknownSetting("max_users")) { try SettingKey(parsing: "max_users") }
        #expect(StoreError.unknownSetting("x").description.contains("lockout_duration_seconds"))
    }

    @Test("a setting written by another connection applies on the next read (data_version)", arguments: StoreBackend.available)
    func live(_ backend: StoreBackend) throws {
        let fixture = try StoreFixture(backend)
        let other = try fixture.secondStore()
        #expect(!fixture.store.settings.uniqueNames)
        try other.setSetting(.uniqueNames, to: "true")
        try other.setSetting(.allowedRoles, to: "subscriber, administrator")
        #expect(other.lastReadSettings.uniqueNames)                 // the writer sees its own write at once
        #expect(!fixture.store.lastReadSettings.uniqueNames)        // not re-read yet…
        #expect(fixture.store.settings.uniqueNames)                 // …until the per-request check
        #expect(fixture.store.settings.value(of: .allowedRoles) == "administrator,subscriber")
        #expect(try CredentialStore(path: fixture.path).settings.uniqueNames)
    }

    @Test("application_passwords_enabled off: no creation, no authentication", arguments: StoreBackend.available)
    func siteWideOff(_ backend: StoreBackend) throws {
        let fixture = try StoreFixture(backend)
        let (user, created) = try fixture.userWithPassword()
        try fixture.store.setSetting(.applicationPasswordsEnabled, to: "false")
        #expect(throws: StoreError.applicationPasswordsDisabled) { try fixture.store.createPassword(PasswordRequest(name: "x"), for: user.id) }
        #expect(throws: AuthFailure.applicationPasswordsUnavailable) {
            try fixture.store.verify(login: "alice", password: created.plain.raw, for: .rest, from: "::1")
        }
        try fixture.store.setSetting(.applicationPasswordsEnabled, to: "true")
        #expect(try fixture.store.verify(login: "alice", password: created.plain.raw, for: .rest, from: "::1").user == user)
    }

    @Test("allowed_roles: other roles can neither create nor use passwords", arguments: StoreBackend.available)
    func roles(_ backend: StoreBackend) throws {
        let fixture = try StoreFixture(backend)
        let (user, created) = try fixture.userWithPassword()                 // a subscriber
        let admin = try fixture.store.addUser(login: "boss", role: .administrator)
        try fixture.store.setSetting(.allowedRoles, to: "administrator,editor")
        #expect(throws: StoreError.notAllowedForRole(.subscriber)) { try fixture.store.createPassword(PasswordRequest(name: "x"), for: user.id) }
        #expect(throws: AuthFailure.applicationPasswordsUnavailable) {
            try fixture.store.verify(login: "alice", password: created.plain.raw, for: .rest, from: "::1")
        }
        #expect(try fixture.store.createPassword(PasswordRequest(name: "x"), for: admin.id).record.status == .active)
    }

    @Test("max_per_user with refuse, then with delete_oldest", arguments: StoreBackend.available)
    func maximum(_ backend: StoreBackend) throws {
        let fixture = try StoreFixture(backend)
        let (user, first) = try fixture.userWithPassword()
        _ = try fixture.store.createPassword(PasswordRequest(name: "second"), for: user.id)
        try fixture.store.setSetting(.maxPerUser, to: "2")
        #expect(throws: StoreError.tooManyPasswords(limit: 2)) { try fixture.store.createPassword(PasswordRequest(name: "third"), for: user.id) }
        #expect(try fixture.store.passwords(of: user.id).count == 2)
        try fixture.store.setSetting(.maxPolicy, to: "delete_oldest")
        let third = try fixture.store.createPassword(PasswordRequest(name: "third"), for: user.id)
        #expect(try fixture.store.passwords(of: user.id).map(\.name) == ["second", "third"])
        #expect(throws: AuthFailure.incorrectPassword) { try fixture.store.verify(login: "alice", password: first.plain.raw, for: .rest, from: "::1") }
        try fixture.store.setSetting(.maxPerUser, to: "1")                   // lowered: the oldest go until there is room
        _ = try fixture.store.createPassword(PasswordRequest(name: "fourth"), for: user.id)
        #expect(try fixture.store.passwords(of: user.id).map(\.name) == ["fourth"])
        #expect(!(try fixture.store.passwords(of: user.id).contains { $0.uuid == third.record.uuid }))
    }

    @Test("require_approval: new passwords are pending until approved", arguments: StoreBackend.available)
    func approval(_ backend: StoreBackend) throws {
        let fixture = try StoreFixture(backend)
        let user = try fixture.store.addUser(login: "alice")
        try fixture.store.setSetting(.requireApproval, to: "true")
        let created = try fixture.store.createPassword(PasswordRequest(name: "app"), for: user.id)
        #expect(created.record.status == .pending)
        #expect(throws: AuthFailure.pending) { try fixture.store.verify(login: "alice", password: created.plain.raw, for: .rest, from: "::1") }
        let changed = try #require(try fixture.store.setStatus(.active, uuid: created.record.uuid, of: user.id))
        #expect(changed.before.status == .pending && changed.after.status == .active)
        #expect(try fixture.store.verify(login: "alice", password: created.plain.raw, for: .rest, from: "::1").password.status == .active)
    }

    @Test("unique_names: a case-insensitive duplicate is refused on create and rename", arguments: StoreBackend.available)
    func uniqueNames(_ backend: StoreBackend) throws {
        let fixture = try StoreFixture(backend)
        let (user, _) = try fixture.userWithPassword()                        // named "client"
        let other = try fixture.store.createPassword(PasswordRequest(name: "Client"), for: user.id)   // allowed by default
        try fixture.store.setSetting(.uniqueNames, to: "true")
        #expect(throws: StoreError.duplicateName) { try fixture.store.createPassword(PasswordRequest(name: " CLIENT "), for: user.id) }
        #expect(try fixture.store.updatePassword(uuid: other.record.uuid, of: user.id, PasswordChanges(name: "fresh"))?.name == "fresh")
        let third = try fixture.store.createPassword(PasswordRequest(name: "third"), for: user.id)
        #expect(throws: StoreError.duplicateName) { try fixture.store.updatePassword(uuid: third.record.uuid, of: user.id, PasswordChanges(name: "fresh")) }
        #expect(try fixture.store.updatePassword(uuid: third.record.uuid, of: user.id, PasswordChanges(name: "THIRD"))?.name == "THIRD")
        let bob = try fixture.store.addUser(login: "bob")
        #expect(try fixture.store.createPassword(PasswordRequest(name: "client"), for: bob.id).record.name == "client")
    }

    @Test("default and maximum lifetime", arguments: StoreBackend.available)
    func lifetimes(_ backend: StoreBackend) throws {
        let fixture = try StoreFixture(backend)
        let user = try fixture.store.addUser(login: "alice")
        let now = fixture.clock.now
        #expect(try fixture.store.createPassword(PasswordRequest(name: "a"), for: user.id).record.expires == nil)
        try fixture.store.setSetting(.defaultLifetimeSeconds, to: "3600")
        #expect(try fixture.store.createPassword(PasswordRequest(name: "b"), for: user.id).record.expires == now + 3600)
        #expect(try fixture.store.createPassword(PasswordRequest(name: "c", expires: now + 60), for: user.id).record.expires == now + 60)
        try fixture.store.setSetting(.maxLifetimeSeconds, to: "600")
        #expect(throws: StoreError.invalidExpiry(.beyondMaximumLifetime(seconds: 600))) {
            try fixture.store.createPassword(PasswordRequest(name: "d"), for: user.id)
        }
        try fixture.store.setSetting(.defaultLifetimeSeconds, to: "0")
        #expect(try fixture.store.createPassword(PasswordRequest(name: "e"), for: user.id).record.expires == now + 600)
        #expect(throws: StoreError.invalidExpiry(.notInFuture)) {
            try fixture.store.createPassword(PasswordRequest(name: "f", expires: now), for: user.id)
        }
    }
}

/// Issue 11 item 5b: `cors_allowed_origins`.
@Suite struct AllowedOriginsSettingTests {
    @Test("`*`, empty and origin lists parse; the stored text is normalised")
    func parses() throws {
        #expect(SiteSettings.defaults.corsAllowedOrigins == .any && SiteSettings.defaults.value(of: .corsAllowedOrigins) == "*")
        var settings = SiteSettings.defaults
        try settings.set(.corsAllowedOrigins, to: "")
        #expect(settings.corsAllowedOrigins == AllowedOrigins.none)
        try settings.set(.corsAllowedOrigins, to: " https://app.example.com , http://localhost:3000,http://[::1]:8080,http://10.0.0.2")
        #expect(settings.corsAllowedOrigins == .only(["https://app.example.com", "http://localhost:3000", "http://[::1]:8080", "http://10.0.0.2"]))
        #expect(settings.value(of: .corsAllowedOrigins) == "https://app.example.com,http://localhost:3000,http://[::1]:8080,http://10.0.0.2")
        try settings.set(.corsAllowedOrigins, to: " * ")
        #expect(settings.corsAllowedOrigins == .any)
    }

    @Test("anything a browser would never send as an origin is refused, naming the form", arguments: [
        "https://app.example.com/", "https://app.example.com/path", "app.example.com", "https://App.example.com",
        "*,https://a.example", "https://a.example,,https://b.example", "https://a.example:0", "https://a.example:65536",
        "https://", "HTTPS://a.example", "https://a example", "https://a.example?x", "null",
    ])
    func refused(_ value: String) {
        var settings = SiteSettings.defaults
        #expect {
            try settings.set(.corsAllowedOrigins, to: value)
        } throws: { error in
            "\(error)".contains("scheme://host[:port]") && "\(error)".contains("cors_allowed_origins")
        }
    }
}
