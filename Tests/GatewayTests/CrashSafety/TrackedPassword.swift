import Foundation

/// One application password whose creation was answered `201`, and what the test was told
/// about it since: the promises a crash must not break.
struct TrackedPassword {
    enum Revocation: Equatable {
        /// Never asked to go: it must exist and authenticate.
        case none
        /// A `DELETE` was sent and the server died before answering: either outcome is allowed.
        case unanswered
        /// Answered `200` (or seen gone): it must never exist or authenticate again.
        case answered
    }

    let uuid: String
    let login: String
    /// As the create answer showed it (chunked).
    let password: String
    let createdInCycle: Int
    /// The last name an update answered `200` with (or the creation name).
    var name: String
    /// Names sent after `name` whose answers were lost to a kill: any of them may be stored.
    var unansweredNames: [String] = []
    var revocation: Revocation = .none
    var revokedInCycle: Int?

    /// The names the store may hold after a crash: the last answered one or a later one.
    var allowedNames: [String] { [name] + unansweredNames }
}

/// The raw HTTP/1.1 requests the crash test sends, on keep-alive connections.
enum CrashRequests {
    static func text(_ method: String, _ target: String, port: UInt16, basic: (login: String, password: String), json: String? = nil) -> String {
        let token = Data("\(basic.login):\(basic.password)".utf8).base64EncodedString()
        var text = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nAuthorization: Basic \(token)\r\n"
        if let json {
            text += "Content-Type: application/json\r\nContent-Length: \(json.utf8.count)\r\n\r\n\(json)"
        } else {
            text += "\r\n"
        }
        return text
    }

    static func collection(of userID: Int) -> String { "/wp-json/wp/v2/users/\(userID)/application-passwords" }
    static let me = "/wp-json/wp/v2/users/me"
}
