import WireFormat
/// One line of the audit trail. Holds names, ids and addresses, never a password or a hash.
package struct AuditEvent: Sendable, Equatable {
    package enum Kind: String, Sendable, CaseIterable {
        /// One per password (delete-all writes one per removed password, as WordPress fires its action).
        case create, update, delete, approve, enable, disable, lockout
        case authenticationFailed = "auth_failed"
        /// A `dualgate settings set`.
        case setting
        /// A user or password brought in by `dualgate import wordpress`.
        case importUser = "import_user"
        case importPassword = "import_password"
        /// A re-import changed a user's field (`reason` names it, `detail` is "old → new").
        case importUserUpdate = "import_user_update"
        /// `dualgate upstream set` / `enroll` stored a user's upstream credential (`detail`: the
        /// upstream login), or `upstream unset` removed it. Never the secret.
        case upstreamSet = "upstream_set"
        case upstreamUnset = "upstream_unset"
        /// Issue 16: an account password set (CLI or import), a sign-in to the pages, a refused one
        /// (`reason` as for `auth_failed`), a sign-out.
        case accountPassword = "account_password"
        case signIn = "sign_in"
        case signInFailed = "sign_in_failed"
        case signOut = "sign_out"
    }

    package var kind: Kind
    /// Unix seconds.
    package var time: Int64
    package var userID: Int64?
    package var login: String?
    package var uuid: String?
    package var name: String?
    package var api: APIType?
    package var address: String?
    /// Why (a failure's reason, a lockout's scope, what deleted a password…).
    package var reason: String?
    /// Free detail: a setting's new value, a lockout's duration.
    package var detail: String?
    /// The HTTP request that caused it (`X-Request-Id`, issue 17), when a server stamped one.
    package var requestID: String?

    package init(_ kind: Kind, time: Int64, userID: Int64? = nil, login: String? = nil, uuid: String? = nil, name: String? = nil,
                api: APIType? = nil, address: String? = nil, reason: String? = nil, detail: String? = nil) {
        self.kind = kind
        self.time = time
        self.userID = userID
        self.login = login
        self.uuid = uuid
        self.name = name
        self.api = api
        self.address = address
        self.reason = reason
        self.detail = detail
    }

    /// The JSON Lines form: one object, members in a fixed order, absent members left out.
    package var jsonLine: String {
        var members: [String] = ["\"time\":\(JSONString.quote(ISOTime.utc(time)))", "\"event\":\(JSONString.quote(kind.rawValue))"]
        if let userID { members.append("\"user_id\":\(userID)") }
        for (key, value) in [("login", login), ("uuid", uuid), ("name", name), ("api", api?.rawValue), ("address", address),
                             ("reason", reason), ("detail", detail)] {
            if let value { members.append("\(JSONString.quote(key)):\(JSONString.quote(value))") }
        }
        if let requestID { members.append("\"request_id\":\(JSONString.quote(requestID))") }
        return "{" + members.joined(separator: ",") + "}"
    }
}

/// RFC 8259 §7 string quoting.
package enum JSONString {
    package static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// `YYYY-MM-DDTHH:MM:SSZ` (RFC 3339) from Unix seconds, without Foundation's formatters.
enum ISOTime {
    static func utc(_ seconds: Int64) -> String { CivilTime(unixSeconds: seconds).formatted() + "Z" }
}
