import CredentialCore
import Foundation

/// `dualgate upstream enroll` for one user (issue 13 item 2): through WordPress's own REST API
/// and an administrator's application password, checks that upstream user `id` is the dualgate
/// user of that id (same login, case-insensitive: after `dualgate import wordpress` ids match),
/// then mints an application password named `dualgate gateway` for them.
struct UpstreamEnrollment {
    /// The name of every password minted here, as it shows in WordPress's profile screen.
    static let passwordName = "dualgate gateway"

    enum Outcome {
        case enrolled(UpstreamCredential)
        case refused(String)
    }

    let upstream: UpstreamOrigin
    let adminLogin: String
    let adminPassword: String
    var client = BlockingHTTPClient()

    private var authorization: String { "Basic " + Data("\(adminLogin):\(adminPassword)".utf8).base64EncodedString() }

    func enroll(userID: Int64, login: String) -> Outcome {
        do {
            let path = "/wp-json/wp/v2/users/\(userID)"
            let user = try client.send("GET", upstream, path: path + "?context=edit", headers: [("Authorization", authorization), ("Accept", "application/json")])
            guard user.status == 200, let object = Self.object(user.body) else { return .refused(Self.refusal(user, doing: "reading upstream user \(userID)")) }
            guard let username = object["username"] as? String else {
                return .refused("the upstream did not show user \(userID)'s username (is --admin an administrator?)")
            }
            guard username.lowercased() == login.lowercased() else {
                return .refused("upstream user \(userID) is '\(username)', not '\(login)' (import the users from this WordPress first: 'dualgate import wordpress')")
            }
            let minted = try client.send("POST", upstream, path: path + "/application-passwords",
                                         headers: [("Authorization", authorization), ("Content-Type", "application/json"), ("Accept", "application/json")],
                                         body: Array(#"{"name":"\#(Self.passwordName)"}"#.utf8))
            guard minted.status == 201 || minted.status == 200, let created = Self.object(minted.body), let password = created["password"] as? String,
                  !password.isEmpty else {
                return .refused(Self.refusal(minted, doing: "creating the application password"))
            }
            return .enrolled(UpstreamCredential(login: username, password: password))
        } catch {
            return .refused("the upstream at \(upstream.url) did not answer: \(error)")
        }
    }

    private static func object(_ body: [UInt8]) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
    }

    /// WordPress's own error code and message when it sent one (never a secret: it echoes none).
    private static func refusal(_ response: BlockingHTTPClient.Response, doing what: String) -> String {
        if let error = object(response.body), let code = error["code"] as? String {
            let message = (error["message"] as? String).map { ": \(PasswordFormat.withheldIfPassword($0))" } ?? ""
            return "\(what) failed with HTTP \(response.status) \(code)\(message)"
        }
        return "\(what) failed with HTTP \(response.status)"
    }
}
