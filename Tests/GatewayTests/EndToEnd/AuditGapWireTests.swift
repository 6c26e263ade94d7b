import Foundation
import Testing

/// Items of issues 3 and 4 that the coverage audit found untested over the wire: a lockout is
/// released after its period on both protocols (and an address lockout spans logins), the
/// XML-RPC listing shows each password's state, `max_per_user`/`max_policy` and the lifetimes
/// through the running server, and `wp.getProfile` for a subscriber and with a
/// field list (PHPUnit `wp/getProfile.php`).
@Suite(.enabled(if: Tool.python3 != nil, "needs python3 on PATH"), .timeLimit(.minutes(3)))
struct AuditGapWireTests {
    private func me(_ server: LiveServer, _ login: String, _ password: String) throws -> RawClient.Response {
        try server.usersMe(login, password)
    }

    private func xmlrpc(_ server: LiveServer, _ arguments: [Any], method: String = "wp.getUsersBlogs") throws -> PythonXMLRPC.Outcome {
        try PythonXMLRPC.call(server.baseURL + "/xmlrpc.php", method, arguments)
    }

    /// Issue 3 item 3 "locked out for a period": locked on both protocols with the right password,
    /// then, once `lockout_duration_seconds` has passed, the same password works again on both.
    @Test func aLoginLockoutIsReleasedAfterItsPeriodOnBothProtocols() async throws {
        let server = try LiveServer.start()
        defer { server.stop() }
        let admin = try #require(server.bootstrapPassword)
        #expect(try server.cli("settings", "set", "lockout_login_failures", "2").status == 0)
        #expect(try server.cli("settings", "set", "lockout_duration_seconds", "2").status == 0)
        #expect(try me(server, "admin", "wrong one").json["code"] as? String == "incorrect_password")
        #expect(try xmlrpc(server, ["admin", "wrong two"]).faultCode == 403)
        let locked = try me(server, "admin", admin)
        #expect(locked.status == 429 && locked.json["code"] as? String == "too_many_failed_logins", "\(locked.text)")
        let retry = Int(locked.header("Retry-After") ?? "") ?? 0
        #expect((1...2).contains(retry), "Retry-After \(retry) must be within the 2 s period")
        #expect(try xmlrpc(server, ["admin", admin]).faultCode == 429)
        // Bounded wait: the period plus a margin, polling every 100 ms (Task.sleep: no runner thread held).
        let deadline = Date().addingTimeInterval(5)
        var released = try me(server, "admin", admin)
        while released.status == 429, Date() < deadline {
            try await Task.sleep(nanoseconds: 100_000_000)
            released = try me(server, "admin", admin)
        }
        #expect(released.status == 200, "still locked after the period: \(released.text)")
        #expect(try xmlrpc(server, ["admin", admin]).faultCode == nil)
    }

    /// Issue 3 item 3 per address: failures for several logins from one address lock that address
    /// for every login; a success in between does not clear the address's count.
    @Test func anAddressLockoutSpansLoginsAndASuccessDoesNotResetIt() throws {
        let server = try LiveServer.start()
        defer { server.stop() }
        let admin = try #require(server.bootstrapPassword)
        #expect(try server.cli("settings", "set", "lockout_address_failures", "3").status == 0)
        #expect(try server.cli("user", "add", "bob").status == 0)
        let bob = try server.createPassword(login: "bob", name: "b")
        #expect(try me(server, "ghost", "x").json["code"] as? String == "invalid_username")
        #expect(try me(server, "admin", "x").json["code"] as? String == "incorrect_password")
        #expect(try me(server, "admin", admin).status == 200, "below the threshold a right password works")
        #expect(try xmlrpc(server, ["bob", "x"]).faultCode == 403)                       // the third failure from 127.0.0.1
        let locked = try me(server, "bob", bob.password)
        #expect(locked.status == 429 && locked.json["code"] as? String == "too_many_failed_logins", "\(locked.text)")
        #expect(try xmlrpc(server, ["admin", admin]).faultCode == 429)
    }

    /// Issue 3 item 2 "shows its state in listings" on XML-RPC (contract: `expires` omitted when null).
    @Test func theXMLRPCListingShowsEachPasswordsState() throws {
        let server = try LiveServer.start()
        defer { server.stop() }
        let admin = try #require(server.bootstrapPassword)
        let disabled = try server.createPassword(name: "disabled")
        #expect(try server.cli("app-password", "disable", "admin", disabled.uuid).status == 0)
        let limited = try server.createPassword(name: "limited", "--expires", "2099-01-31", "--allow-network", "10.0.0.0/8",
                                                "--allow-network", "2001:db8::/32")
        #expect(try server.cli("settings", "set", "require_approval", "true").status == 0)
        let pending = try server.createPassword(name: "pending")
        let outcome = try xmlrpc(server, ["admin", admin], method: "dualgate.listApplicationPasswords")
        let items = try #require(outcome.result as? [[String: Any]], "\(outcome.raw)")
        let byUUID = Dictionary(uniqueKeysWithValues: items.compactMap { item in (item["uuid"] as? String).map { ($0, item) } })
        #expect(byUUID[disabled.uuid]?["status"] as? String == "disabled")
        #expect(byUUID[pending.uuid]?["status"] as? String == "pending")
        let restricted = try #require(byUUID[limited.uuid])
        #expect(restricted["status"] as? String == "active")
        #expect(restricted["allowed_networks"] as? [String] == ["10.0.0.0/8", "2001:db8::/32"])
        #expect((restricted["expires"] as? String)?.hasPrefix("2099-01-31") == true, "\(restricted)")
        #expect(byUUID[disabled.uuid]?["expires"] == nil, "a null expires is omitted")
        #expect(byUUID[disabled.uuid]?["allowed_networks"] as? [String] == [])
    }

    private func create(_ server: LiveServer, _ password: String, _ body: String) throws -> RawClient.Response {
        try RawHTTP.request("POST", "/wp-json/wp/v2/users/me/application-passwords", port: server.port, basic: ("admin", password),
                            headers: [("Content-Type", "application/json")], body: body)
    }

    /// Issue 3 item 1 through the running server: `max_per_user` with `refuse` (REST 403
    /// `application_password_limit_reached`, XML-RPC fault 401, nothing created), then with
    /// `delete_oldest` (the oldest goes and stops working at once).
    @Test func maxPerUserRefusesThenDeletesTheOldestOnBothProtocols() throws {
        let server = try LiveServer.start()
        defer { server.stop() }
        let admin = try #require(server.bootstrapPassword)                       // the oldest of the two
        #expect(try create(server, admin, #"{"name":"second"}"#).status == 201)
        #expect(try server.cli("settings", "set", "max_per_user", "2").status == 0)
        let refused = try create(server, admin, #"{"name":"third"}"#)
        #expect(refused.status == 403 && refused.json["code"] as? String == "application_password_limit_reached", "\(refused.text)")
        let fault = try xmlrpc(server, ["admin", admin, ["name": "third"]], method: "dualgate.createApplicationPassword")
        #expect(fault.faultCode == 401, "\(fault.raw)")
        let names = { () throws -> [String] in
            let list = try RawHTTP.request("GET", "/wp-json/wp/v2/users/me/application-passwords?_fields=name", port: server.port, basic: ("admin", admin))
            return (try JSONSerialization.jsonObject(with: Data(list.text.utf8)) as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        }
        #expect(try names() == ["bootstrap", "second"])
        #expect(try server.cli("settings", "set", "max_policy", "delete_oldest").status == 0)
        let made = try xmlrpc(server, ["admin", admin, ["name": "third"]], method: "dualgate.createApplicationPassword")
        let third = try #require((made.result as? [String: Any])?["password"] as? String, "\(made.raw)")
        // The calling password was the oldest: it is gone, and fails on the very next request.
        #expect(try me(server, "admin", admin).json["code"] as? String == "incorrect_password")
        let list = try RawHTTP.request("GET", "/wp-json/wp/v2/users/me/application-passwords", port: server.port, basic: ("admin", third))
        let listed = (try JSONSerialization.jsonObject(with: Data(list.text.utf8)) as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        #expect(listed == ["second", "third"], "\(list.text)")
    }

    /// Issue 3 item 1 through the running server: `default_lifetime_seconds` gives a new password an
    /// `expires`; `max_lifetime_seconds` refuses a later one (REST 400 `rest_invalid_param` on
    /// `expires`, XML-RPC fault 400) and caps a password that asks for none.
    @Test func defaultAndMaximumLifetimeApplyToNewPasswords() throws {
        let server = try LiveServer.start()
        defer { server.stop() }
        let admin = try #require(server.bootstrapPassword)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
        func expires(_ answer: RawClient.Response) -> TimeInterval? {
            (answer.json["expires"] as? String).flatMap(formatter.date(from:)).map { $0.timeIntervalSinceNow }
        }
        let never = try create(server, admin, #"{"name":"forever"}"#)
        #expect(never.status == 201 && never.json["expires"] is NSNull, "\(never.text)")
        #expect(try server.cli("settings", "set", "default_lifetime_seconds", "3600").status == 0)
        let hour = try create(server, admin, #"{"name":"an hour"}"#)
        #expect(hour.status == 201 && (3590...3610).contains(expires(hour) ?? 0), "\(hour.text)")
        #expect(try server.cli("settings", "set", "max_lifetime_seconds", "600").status == 0)
        #expect(try server.cli("settings", "set", "default_lifetime_seconds", "0").status == 0)
        let far = try create(server, admin, #"{"name":"too long","expires":"2099-01-01T00:00:00"}"#)
        #expect(far.status == 400 && far.json["code"] as? String == "rest_invalid_param", "\(far.text)")
        #expect(((far.json["data"] as? [String: Any])?["params"] as? [String: Any])?["expires"] != nil, "\(far.text)")
        let capped = try create(server, admin, #"{"name":"capped"}"#)
        #expect(capped.status == 201 && (590...610).contains(expires(capped) ?? 0), "\(capped.text)")
        let viaXMLRPC = try xmlrpc(server, ["admin", admin, ["name": "capped too"]], method: "dualgate.createApplicationPassword")
        let item = try #require(viaXMLRPC.result as? [String: Any], "\(viaXMLRPC.raw)")
        #expect(item["expires"] != nil, "an XML-RPC-made password is capped too: \(item)")
    }

    /// PHPUnit `wp/getProfile.php`: a subscriber gets `user_id` and its role; a field list returns
    /// only the known fields asked for, plus `user_id`; bad credentials are fault 403.
    @Test func getProfileForASubscriberAndWithAFieldList() throws {
        let server = try LiveServer.start()
        defer { server.stop() }
        #expect(try server.cli("user", "add", "sub", "--role", "subscriber", "--email", "sub@example.com").status == 0)
        let sub = try server.createPassword(login: "sub", name: "s")
        let full = try xmlrpc(server, [1, "sub", sub.password], method: "wp.getProfile")
        let profile = try #require(full.result as? [String: Any], "\(full.raw)")
        #expect(profile["roles"] as? [String] == ["subscriber"])
        #expect(profile["username"] as? String == "sub" && profile["email"] as? String == "sub@example.com")
        let userID = try #require(profile["user_id"] as? String)
        #expect(Int(userID) ?? 0 > 1)
        let some = try xmlrpc(server, [1, "sub", sub.password, ["email", "no_such_field", "roles"]], method: "wp.getProfile")
        let fields = try #require(some.result as? [String: Any], "\(some.raw)")
        #expect(Set(fields.keys) == ["user_id", "email", "roles"], "\(fields.keys)")
        #expect(try xmlrpc(server, [1, "sub", "wrong"], method: "wp.getProfile").faultCode == 403)
    }
}
