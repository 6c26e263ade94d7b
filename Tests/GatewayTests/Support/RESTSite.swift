import Foundation
import Testing

/// A login and one of its application passwords (chunked, as the CLI prints it).
struct Account: Sendable {
    let login: String
    let password: String
    /// The password's uuid, when known.
    var uuid: String = ""
}

/// The two spellings of a REST request WordPress accepts (`rest_api_loaded`).
enum RESTForm: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case pretty = "/wp-json/<route>"
    case plain = "/?rest_route=<route>"

    var testDescription: String { rawValue }

    /// The request-target for `route` (e.g. `/wp/v2/users/me`) and its query.
    func target(_ route: String, query: [(String, String)] = []) -> String {
        let pairs = query.map { RESTSite.encode($0.0) + "=" + RESTSite.encode($0.1) }
        switch self {
        case .pretty: return "/wp-json" + route + (pairs.isEmpty ? "" : "?" + pairs.joined(separator: "&"))
        case .plain: return "/?" + (["rest_route=" + RESTSite.encode(route, keeping: "/")] + pairs).joined(separator: "&")
        }
    }
}

extension RawClient.Response {
    /// The body as ordered JSON (`.null` when it is not JSON).
    var value: WireJSON { (try? WireJSON.parse(body)) ?? .null }
    /// A REST error's `code`.
    var code: String? { value["code"]?.string }
}

/// A live `dualgate serve` seen as a WordPress site: the bootstrap administrator, users added
/// through the real CLI, and requests over real sockets in either REST form.
final class RESTSite: @unchecked Sendable {    // immutable after init; the server is thread-safe to call
    static let collection = "/wp/v2/users/me/application-passwords"

    let server: LiveServer
    let admin: Account
    let form: RESTForm

    init(form: RESTForm = .pretty, _ serveArguments: [String] = []) throws {
        server = try LiveServer.start(serveArguments)
        guard let password = server.bootstrapPassword else { throw HarnessError("serve printed no bootstrap password") }
        admin = Account(login: "admin", password: password)
        self.form = form
        // WordPress has no lockout, and these tests send many failing requests on purpose; the
        // lockout has its own tests (PolicyWireTests).
        for key in ["lockout_login_failures", "lockout_address_failures"] {
            let result = try server.cli("settings", "set", key, "0")
            guard result.status == 0 else { throw HarnessError("settings set \(key) 0 failed: \(result.stderr)") }
        }
    }

    var port: UInt16 { server.port }
    var baseURL: String { server.baseURL }

    /// `dualgate user add LOGIN --role ROLE --json`; returns the new user's id.
    @discardableResult
    func addUser(_ login: String, role: String = "subscriber", email: String? = nil) throws -> Int {
        var arguments = ["user", "add", login, "--role", role, "--json"]
        if let email { arguments += ["--email", email] }
        let result = try CLIResult.run(arguments + ["--db", server.databasePath])
        guard result.status == 0, let id = try WireJSON.parse(Array(result.stdout.utf8))["id"]?.int else {
            throw HarnessError("user add \(login) failed: \(result.stderr)")
        }
        return id
    }

    /// A fresh password for `login` made with the CLI (`flags` as `app-password create` takes them).
    func account(_ login: String, name: String = "test", _ flags: String...) throws -> Account {
        let result = try CLIResult.run(["app-password", "create", login, "--name", name, "--json"] + flags + ["--db", server.databasePath])
        let item = try WireJSON.parse(Array(result.stdout.utf8))
        guard result.status == 0, let password = item["password"]?.string, let uuid = item["uuid"]?.string else {
            throw HarnessError("app-password create \(login) failed: \(result.stderr)")
        }
        return Account(login: login, password: password, uuid: uuid)
    }

    /// The stored passwords of `login`, read with the CLI (so independent of the REST routes).
    func stored(_ login: String) throws -> [WireJSON] {
        let result = try CLIResult.run(["app-password", "list", login, "--json", "--db", server.databasePath])
        guard result.status == 0, let items = try WireJSON.parse(Array(result.stdout.utf8)).items else {
            throw HarnessError("app-password list \(login) failed: \(result.stderr)")
        }
        return items
    }

    /// `stored(login)` without the usage members, which every successful request may move:
    /// what a refused request must leave exactly as it was.
    func state(_ login: String) throws -> [WireJSON] {
        try stored(login).map { item in
            guard case .object(let members) = item else { return item }
            return .object(members.filter { $0.key != "last_used" && $0.key != "last_ip" })
        }
    }

    func id(of login: String) throws -> Int {
        let result = try CLIResult.run(["user", "list", "--json", "--db", server.databasePath])
        guard let id = try WireJSON.parse(Array(result.stdout.utf8)).items?.first(where: { $0["login"]?.string == login })?["id"]?.int else {
            throw HarnessError("no user \(login)")
        }
        return id
    }

    /// One request on a fresh connection. `json` sends `application/json`, `formBody`
    /// `application/x-www-form-urlencoded`; `form` overrides the site's REST spelling.
    func send(_ method: String, _ route: String, as account: Account? = nil, query: [(String, String)] = [],
              json: String? = nil, formBody: String? = nil, headers: [(String, String)] = [], form: RESTForm? = nil) throws -> RawClient.Response {
        var fields = headers
        var body = ""
        if let json { fields.append(("Content-Type", "application/json")); body = json }
        if let formBody { fields.append(("Content-Type", "application/x-www-form-urlencoded")); body = formBody }
        return try RawHTTP.request(method, (form ?? self.form).target(route, query: query), port: port,
                                   basic: account.map { ($0.login, $0.password) }, headers: fields, body: body)
    }

    /// Percent-encodes everything but RFC 3986 unreserved characters (and `keeping`).
    static func encode(_ text: String, keeping: String = "") -> String {
        var allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        allowed.insert(charactersIn: keeping)
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

/// WordPress's `created` / `last_used` format: GMT `Y-m-d\TH:i:s`, no zone, no fraction.
enum WordPressDate {
    static func isWellFormed(_ text: String?) -> Bool {
        text?.range(of: #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$"#, options: .regularExpression) != nil
    }

    /// Seconds since 1970 of a well-formed value, read as GMT.
    static func seconds(_ text: String) -> Int? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
        return formatter.date(from: text).map { Int($0.timeIntervalSince1970) }
    }
}
