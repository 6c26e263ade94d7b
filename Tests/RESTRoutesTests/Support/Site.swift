import Foundation
import CredentialCore
import PostgresFixture
@testable import RESTRoutes

/// A fresh store (SQLite in its own temp directory, or a new PostgreSQL database), with an administrator and a subscriber that
/// each hold one read-write password for both APIs, and a RESTApplication on top of it.
final class Site {
    let directory: URL
    let store: CredentialStore
    /// Replaceable, for tests that need other site settings.
    var app: RESTApplication
    let admin: User
    let subscriber: User
    /// Plain passwords of the seeded users (the tests' own secrets, never logged).
    let adminPassword: String
    let subscriberPassword: String
    static let siteURL = "http://127.0.0.1:8080"

    /// `clock`: the store's "now" (Unix seconds), for expiry and lockout tests.
    init(_ backend: StoreBackend = .sqlite, clock: (() -> Int64)? = nil) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("rest-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = try backend.freshLocation(sqlitePath: directory.appendingPathComponent("dualgate.sqlite").path)
        store = try clock.map { try CredentialStore(path: path, clock: $0) } ?? CredentialStore(path: path)
        app = RESTApplication(store: store)
        admin = try store.addUser(login: "admin", email: "admin@example.test", role: .administrator)
        subscriber = try store.addUser(login: "sub", email: "sub@example.test", role: .subscriber)
        adminPassword = try store.createPassword(PasswordRequest(name: "admin-seed"), for: admin.id).plain.raw
        subscriberPassword = try store.createPassword(PasswordRequest(name: "sub-seed"), for: subscriber.id).plain.raw
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    /// A new password for `user`; returns its plain text and record.
    func password(for user: User, _ request: PasswordRequest) throws -> (plain: String, record: ApplicationPassword) {
        let created = try store.createPassword(request, for: user.id)
        return (created.plain.raw, created.record)
    }

    enum Credentials {
        case none
        case basic(String, String)
        case raw(String)
    }

    func admin(_ method: String, _ route: String, query: [(name: String, value: String)] = [], headers: [String: String] = [:], json: String? = nil) -> Answer {
        send(method, route, as: .basic("admin", adminPassword), query: query, headers: headers, json: json)
    }

    func subscriber(_ method: String, _ route: String, query: [(name: String, value: String)] = [], json: String? = nil) -> Answer {
        send(method, route, as: .basic("sub", subscriberPassword), query: query, json: json)
    }

    func send(_ method: String, _ route: String, as credentials: Credentials = .none, query: [(name: String, value: String)] = [],
              headers: [String: String] = [:], json: String? = nil, body: [UInt8]? = nil) -> Answer {
        var fields = headers
        switch credentials {
        case .none: break
        case .basic(let login, let password): fields["Authorization"] = "Basic " + Data("\(login):\(password)".utf8).base64EncodedString()
        case .raw(let value): fields["Authorization"] = value
        }
        if json != nil { fields["Content-Type"] = "application/json" }
        let request = RESTRequest(method: method, route: route, query: query,
                                  headers: fields.map { (name: $0.key, value: $0.value) },
                                  body: body ?? json.map { Array($0.utf8) } ?? [], clientAddress: "127.0.0.1", siteURL: Self.siteURL)
        return Answer(app.handle(request))
    }
}

/// A response with its body parsed back.
struct Answer {
    let status: Int
    let headers: [(name: String, value: String)]
    let text: String
    let json: JSON

    init(_ response: RESTResponse) {
        status = response.status
        // As the wire has it: the content type first, then the other headers.
        headers = [(name: "Content-Type", value: response.contentType)] + response.headers
        text = String(decoding: response.body, as: UTF8.self)
        json = (try? JSONReader.parse(response.body)) ?? .null
    }

    var code: String? { json["code"]?.stringValue }

    func header(_ name: String) -> String? { headers.first { $0.name.lowercased() == name.lowercased() }?.value }

    var keys: [String] {
        guard case .object(let members) = json else { return [] }
        return members.map(\.key)
    }
}

extension JSON {
    var keys: [String] {
        guard case .object(let members) = self else { return [] }
        return members.map(\.key)
    }
}
