import CredentialCore
import RESTRoutes

/// JSON printed by `--json`: users in the contract's shape, passwords exactly as the REST API
/// writes them.
enum CLIJSON {
    /// The CLI has no request to take a Host from; links point at the default listener.
    static let siteURL = "http://127.0.0.1:8080"

    static func user(_ user: User) -> String {
        JSON.object([("id", .int(user.id)), ("login", .string(user.login)), ("email", .string(user.email)),
                     ("display_name", .string(user.displayName)), ("role", .string(user.role.rawValue))]).text
    }

    static func createdPassword(_ created: NewPassword) -> String {
        String(decoding: ApplicationPasswordJSON.created(created, siteURL: siteURL), as: UTF8.self)
    }

    static func passwordList(_ items: [ApplicationPassword]) -> String {
        "[" + items.map { String(decoding: ApplicationPasswordJSON.item($0, siteURL: siteURL), as: UTF8.self) }.joined(separator: ",") + "]"
    }
}
