import Foundation
import Testing

/// Issue 5: two hundred concurrent creates for one user, from as many connections, each answered
/// 201, and the list then holds exactly those two hundred (no lost write, no SQLITE_BUSY as 500).
@Suite(.timeLimit(.minutes(3)))
struct RESTConcurrencyTests {
    static let count = 200

    static func createRequest(name: String, account: Account, port: UInt16) -> String {
        let body = #"{"name":"\#(name)"}"#
        return "POST /wp-json/wp/v2/users/me/application-passwords HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
            + "Authorization: Basic \(Data("\(account.login):\(account.password)".utf8).base64EncodedString())\r\n"
            + "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body
    }

    @Test func twoHundredConcurrentCreatesAllSucceedAndAllAreListed() throws {
        let site = try RESTSite(["--threads", "4"])
        _ = try site.addUser("busy")
        let caller = try site.account("busy", name: "caller")
        let names = (0..<Self.count).map { "concurrent \($0)" }
        let outcomes = ConcurrentRequests.send(names.map { Self.createRequest(name: $0, account: caller, port: site.port) }, port: site.port)
        let failures = outcomes.enumerated().filter { $0.element.status != 201 }
        #expect(failures.isEmpty, "\(failures.count) not 201, e.g. \(failures.prefix(3).map { "\($0.offset): \($0.element.status) \(String(decoding: $0.element.body, as: UTF8.self))" })")
        let created = outcomes.compactMap { $0.value["uuid"]?.string }
        #expect(Set(created).count == Self.count, "every create got its own uuid")
        #expect(outcomes.map { $0.value["name"]?.string } == names, "each response names its own request")

        let listed = try site.send("GET", RESTSite.collection, as: caller).value.items ?? []
        let listedUUIDs = listed.compactMap { $0["uuid"]?.string }.filter { $0 != caller.uuid }
        #expect(listedUUIDs.count == Self.count && Set(listedUUIDs) == Set(created))
        #expect(Set(listed.compactMap { $0["name"]?.string }.filter { $0 != "caller" }) == Set(names))
        #expect(try site.stored("busy").count == Self.count + 1)
        // Every new password works: the store really holds each one's hash.
        let passwords = outcomes.compactMap { $0.value["password"]?.string }
        for password in [passwords.first, passwords.last].compactMap({ $0 }) {
            #expect(try site.send("GET", "/wp/v2/users/me", as: Account(login: "busy", password: password)).status == 200)
        }
    }

    /// First uses, renames and revocations of the same hundred passwords, all at once: each
    /// answer is one WordPress gives (never an internal error such as SQLITE_BUSY), and the end state is
    /// consistent (every password revoked, none left).
    @Test func usesRenamesAndRevokesRacingEachOtherNeverFail() throws {
        let site = try RESTSite(["--threads", "4"])
        let id = try site.addUser("mass")
        var accounts: [Account] = []
        for index in 0..<100 {
            let created = try site.send("POST", "/wp/v2/users/\(id)/application-passwords", as: site.admin, json: #"{"name":"m\#(index)"}"#)
            accounts.append(Account(login: "mass", password: created.value["password"]?.string ?? "", uuid: created.value["uuid"]?.string ?? ""))
        }
        func request(_ method: String, _ route: String, _ account: Account, body: String = "") -> String {
            "\(method) /wp-json\(route) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                + "Authorization: Basic \(Data("\(account.login):\(account.password)".utf8).base64EncodedString())\r\n"
                + "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body
        }
        let item = "/wp/v2/users/\(id)/application-passwords/"
        let requests = accounts.map { request("GET", "/wp/v2/users/me/application-passwords/introspect", $0) }
            + accounts.map { request("PATCH", item + $0.uuid, site.admin, body: #"{"name":"renamed"}"#) }
            + accounts.map { request("DELETE", item + $0.uuid, site.admin) }
        let outcomes = ConcurrentRequests.send(requests, port: site.port)
        let uses = outcomes[0..<100], renames = outcomes[100..<200], revokes = outcomes[200..<300]
        // A revoke landing between a request's authentication and its handler gives WordPress's own
        // introspection answer for a vanished password (500 `rest_application_password_not_found`).
        let vanished = { (outcome: ConcurrentRequests.Outcome) in outcome.status == 500 && outcome.value["code"]?.string == "rest_application_password_not_found" }
        #expect(uses.allSatisfy { [200, 401].contains($0.status) || vanished($0) }, "\(Dictionary(grouping: uses, by: \.status).mapValues(\.count))")
        #expect(renames.allSatisfy { [200, 404].contains($0.status) }, "\(Dictionary(grouping: renames, by: \.status).mapValues(\.count))")
        #expect(revokes.allSatisfy { $0.status == 200 && $0.value["deleted"]?.bool == true }, "\(revokes.filter { $0.status != 200 }.prefix(3).map { String(decoding: $0.body, as: UTF8.self) })")
        #expect(try site.stored("mass").isEmpty)
    }
}
