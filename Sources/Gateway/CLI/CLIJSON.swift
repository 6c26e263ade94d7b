import CredentialCore
import Foundation

/// JSON printed by `--json`. (Interim: to be replaced by RESTRoutes' item serializer so that the
/// CLI prints exactly the REST shapes.)
enum CLIJSON {
    static let defaultSiteURL = "http://localhost"

    static func user(_ user: User) -> String {
        object([("id", "\(user.id)"), ("login", string(user.login)), ("email", string(user.email)),
                ("display_name", string(user.displayName)), ("role", string(user.role.rawValue))])
    }

    static func createdPassword(_ created: NewPassword, siteURL: String) -> String {
        item(created.record, password: created.plain.chunked)
    }

    static func passwordList(_ items: [ApplicationPassword], siteURL: String) -> String {
        "[" + items.map { item($0, password: nil) }.joined(separator: ",") + "]"
    }

    static func item(_ item: ApplicationPassword, password: String?) -> String {
        var members: [(String, String)] = [("uuid", string(item.uuid)), ("app_id", string(item.appID)), ("name", string(item.name))]
        if let password { members.append(("password", string(password))) }
        members += [("created", string(gmt(item.created))), ("last_used", item.lastUsed.map { string(gmt($0)) } ?? "null"),
                    ("last_ip", item.lastIP.map(string) ?? "null"),
                    ("enabled_for", "[" + item.enabledForWireNames.map(string).joined(separator: ",") + "]"),
                    ("rest_api_permissions", string(item.restAPIPermission.rawValue)),
                    ("xml_rpc_permissions", string(item.xmlRPCPermission.rawValue))]
        return object(members)
    }

    static func gmt(_ seconds: Int64) -> String {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec)
    }

    private static func object(_ members: [(String, String)]) -> String {
        "{" + members.map { "\(string($0.0)):\($0.1)" }.joined(separator: ",") + "}"
    }

    private static func string(_ text: String) -> String {
        let data = try? JSONSerialization.data(withJSONObject: [text], options: [.fragmentsAllowed])
        let array = data.map { String(decoding: $0, as: UTF8.self) } ?? "[\"\"]"
        return String(array.dropFirst().dropLast())
    }
}
