import Foundation

/// The document `dualgate import wordpress FILE` reads (README "Migrating from WordPress"):
///
///     {"users": <output of `wp user list --format=json`>,
///      "application_passwords": {"<user ID>": <output of `wp user meta get <ID> _application_passwords --format=json`>, …}}
///
/// Parsed and validated whole before anything is written; the first problem is reported with
/// the path of the field at fault (`users[2].user_login`, `application_passwords["7"][0].password`).
package struct WordPressExport: Sendable, Equatable {
    package struct ImportedUser: Sendable, Equatable {
        package let id: Int64
        package let login: String
        package let email: String
        package let displayName: String
        package let role: Role
        package let registered: Int64
        package let passwords: [ImportedPassword]
        /// `user_pass` when the export holds it (`wp user list --fields=…,user_pass`): the account
        /// password's hash (issue 16), brought in only for a user who has none here yet.
        package var accountPasswordHash: String? = nil
    }

    package struct ImportedPassword: Sendable, Equatable {
        package let uuid: String
        package let appID: String
        package let name: String
        /// `$generic$` (6.8+) or phpass `$P$` (5.6 – 6.7), exactly as WordPress stored it.
        package let hash: String
        package let created: Int64
        package let lastUsed: Int64?
        package let lastIP: String?
        /// Legacy iThemes data kept inside the item (§14.1 "Migration"); absent → both / write.
        package let enabledFor: Set<APIType>
        package let restAPIPermission: Permission
    }

    package let users: [ImportedUser]

    /// A refused document: `field` names where, `message` what is wrong.
    package struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        package let field: String
        package let message: String
        package var description: String { "\(field): \(message)" }
    }

    package static func parse(_ data: Data) throws(Problem) -> WordPressExport {
        let root: Any
        do { root = try JSONSerialization.jsonObject(with: data) } catch {
            throw Problem(field: "(document)", message: "not valid JSON (\(Self.jsonErrorText(error)))")
        }
        guard let object = root as? [String: Any] else { throw Problem(field: "(document)", message: "must be an object with \"users\" and \"application_passwords\"") }
        for key in object.keys where key != "users" && key != "application_passwords" {
            // An empty name is shown quoted, or the refusal would name no field (found by fuzz/ `wordpress-import`).
            throw Problem(field: key.isEmpty ? #""""# : key, message: "unknown member; expected only \"users\" and \"application_passwords\"")
        }
        guard let userList = object["users"] as? [Any] else { throw Problem(field: "users", message: "missing, or not an array (the output of `wp user list --format=json`)") }
        let passwordMap: [String: Any]
        switch object["application_passwords"] {
        case nil, is NSNull: passwordMap = [:]
        case let map as [String: Any]: passwordMap = map
        default: throw Problem(field: "application_passwords", message: "must be an object mapping user IDs to their _application_passwords")
        }
        var users: [ImportedUser] = []
        var seenIDs = Set<Int64>(), seenLogins = Set<String>(), seenUUIDs = Set<String>()
        for (index, raw) in userList.enumerated() {
            let path = "users[\(index)]"
            guard let fields = raw as? [String: Any] else { throw Problem(field: path, message: "not an object") }
            let id = try integer(fields["ID"], "\(path).ID")
            guard id > 0 else { throw Problem(field: "\(path).ID", message: "must be a positive user ID") }
            guard seenIDs.insert(id).inserted else { throw Problem(field: "\(path).ID", message: "user ID \(id) appears twice") }
            let rawLogin = try string(fields["user_login"], "\(path).user_login")
            let login: String
            do { login = try LoginRules.normalise(rawLogin) } catch { throw Problem(field: "\(path).user_login", message: "\(error)") }
            guard seenLogins.insert(login.lowercased()).inserted else { throw Problem(field: "\(path).user_login", message: "login '\(login)' appears twice") }
            let email = try optionalString(fields["user_email"], "\(path).user_email") ?? ""
            if !email.isEmpty, !isEmailShaped(email) { throw Problem(field: "\(path).user_email", message: "not an email address") }
            let displayName = try optionalString(fields["display_name"], "\(path).display_name").flatMap { $0.isEmpty ? nil : $0 } ?? login
            let registered = try optionalString(fields["user_registered"], "\(path).user_registered").map { text throws(Problem) -> Int64 in
                guard let seconds = GMTTimeParser.parse(text) else { throw Problem(field: "\(path).user_registered", message: "not a date like 2024-01-31 12:00:00") }
                return seconds
            } ?? 0
            let role = try role(fields["roles"], "\(path).roles")
            let items = passwordMap[String(id)]
            let passwords = try parsePasswords(items, path: "application_passwords[\"\(id)\"]", seen: &seenUUIDs)
            let accountHash = try optionalString(fields["user_pass"], "\(path).user_pass").flatMap { $0.isEmpty ? nil : $0 }
            if let accountHash, AccountPasswordHash.importedFormat(accountHash) == nil {
                throw Problem(field: "\(path).user_pass", message: "not a WordPress password hash ($P$ phpass, $2y$ bcrypt or 6.8's $wp$2y$)")
            }
            users.append(ImportedUser(id: id, login: login, email: email, displayName: displayName, role: role, registered: registered, passwords: passwords,
                                      accountPasswordHash: accountHash))
        }
        for key in passwordMap.keys where !(Int64(key).map(seenIDs.contains) ?? false) {
            throw Problem(field: "application_passwords[\"\(key)\"]", message: "no user with this ID in \"users\"")
        }
        return WordPressExport(users: users)
    }

    private static func parsePasswords(_ value: Any?, path: String, seen: inout Set<String>) throws(Problem) -> [ImportedPassword] {
        let items: [Any]
        switch value {
        case nil, is NSNull: return []
        case let text as String where text.isEmpty: return []                 // `wp user meta get` of a missing key
        case let list as [Any]: items = list
        // A PHP array whose keys are not 0…n-1 is written as an object: keep its numeric key order.
        case let map as [String: Any]: items = map.sorted { (Int($0.key) ?? .max, $0.key) < (Int($1.key) ?? .max, $1.key) }.map(\.value)
        default: throw Problem(field: path, message: "must be the JSON array printed by `wp user meta get <ID> _application_passwords --format=json`")
        }
        var out: [ImportedPassword] = []
        for (index, raw) in items.enumerated() {
            let at = "\(path)[\(index)]"
            guard let fields = raw as? [String: Any] else { throw Problem(field: at, message: "not an object") }
            let uuid = try string(fields["uuid"], "\(at).uuid")
            guard UUIDFormat.isValid(uuid) || isLooseUUID(uuid) else { throw Problem(field: "\(at).uuid", message: "not a UUID") }
            guard seen.insert(uuid).inserted else { throw Problem(field: "\(at).uuid", message: "uuid \(uuid) appears twice") }
            let appID = try optionalString(fields["app_id"], "\(at).app_id") ?? ""
            guard appID.isEmpty || isLooseUUID(appID) else { throw Problem(field: "\(at).app_id", message: "neither a UUID nor empty") }
            let name = NameSanitizer.sanitize(try string(fields["name"], "\(at).name"))
            guard !name.isEmpty else { throw Problem(field: "\(at).name", message: "empty") }
            let hash = try string(fields["password"], "\(at).password")
            guard (FastHash.isFastHash(hash) && hash.utf8.count == FastHash.hashLength) || Phpass.isPhpassHash(hash) else {
                throw Problem(field: "\(at).password", message: "not a WordPress application-password hash ($generic$… of 49 characters or $P$… of 34)")
            }
            let created = try integer(fields["created"], "\(at).created")
            let lastUsed = fields["last_used"] is NSNull || fields["last_used"] == nil ? nil : try integer(fields["last_used"], "\(at).last_used")
            let lastIP = try optionalString(fields["last_ip"], "\(at).last_ip").flatMap { $0.isEmpty ? nil : $0 }
            var enabledFor = Set(APIType.allCases)
            if let types = fields["enabled_for"] as? [Any], !types.isEmpty {
                enabledFor = Set(types.compactMap { ($0 as? String).flatMap(APIType.init(rawValue:)) })
                if enabledFor.isEmpty { enabledFor = Set(APIType.allCases) }       // iThemes: unusable → both
            }
            let permission: Permission = (fields["rest_api_permissions"] as? String) == "read" ? .read : .write
            out.append(ImportedPassword(uuid: uuid.lowercased(), appID: appID, name: name, hash: hash, created: created, lastUsed: lastUsed,
                                        lastIP: lastIP, enabledFor: enabledFor, restAPIPermission: permission))
        }
        return out
    }

    /// `wp_is_uuid` without a version: 8-4-4-4-12 hex digits, either case.
    private static func isLooseUUID(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 36 else { return false }
        for (index, byte) in bytes.enumerated() {
            if [8, 13, 18, 23].contains(index) { if byte != UInt8(ascii: "-") { return false } } else if !isHexDigit(byte) { return false }
        }
        return true
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (48...57).contains(byte) || (65...70).contains(byte) || (97...102).contains(byte)
    }

    /// WP-CLI prints `roles` as a comma list; the first role dualgate knows wins, in WordPress's
    /// order of power. Custom roles (a plugin's) become `subscriber`, the least privilege.
    private static func role(_ value: Any?, _ path: String) throws(Problem) -> Role {
        let names: [String]
        switch value {
        case nil, is NSNull: names = []
        case let text as String: names = text.split(separator: ",").map { $0.trimmingASCIISpaces }
        case let list as [Any]: names = list.compactMap { $0 as? String }
        default: throw Problem(field: path, message: "must be a comma-separated string of roles")
        }
        return Role.allCases.first { names.contains($0.rawValue) } ?? .subscriber
    }

    private static func integer(_ value: Any?, _ path: String) throws(Problem) -> Int64 {
        switch value {
        case let number as NSNumber where number.doubleValue == number.doubleValue.rounded() && abs(number.doubleValue) < 9e15:
            return number.int64Value
        case let text as String where Int64(text) != nil: return Int64(text)!
        case nil: throw Problem(field: path, message: "missing")
        default: throw Problem(field: path, message: "not a whole number")
        }
    }

    private static func string(_ value: Any?, _ path: String) throws(Problem) -> String {
        guard let value else { throw Problem(field: path, message: "missing") }
        guard let text = value as? String else { throw Problem(field: path, message: "not a string") }
        return text
    }

    private static func optionalString(_ value: Any?, _ path: String) throws(Problem) -> String? {
        switch value {
        case nil, is NSNull: return nil
        case let text as String: return text
        default: throw Problem(field: path, message: "not a string")
        }
    }

    private static func jsonErrorText(_ error: Error) -> String {
        let text = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
        return text ?? "malformed"
    }
}
