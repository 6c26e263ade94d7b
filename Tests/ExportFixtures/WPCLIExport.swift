import CredentialCore

/// An export document in exactly the shape the README's WP-CLI snippet writes: `wp user list
/// --format=json` (ID a number, roles a comma list, dates `Y-m-d H:i:s`) and, per user, `wp user
/// meta get ID _application_passwords --format=json` (a list of WordPress's items) or `null`.
/// Shared by the store's tests and the CLI's.
public struct WPCLIExport {
    public struct Item {
        public var uuid: String
        public var name: String
        public var hash: String
        public var created: Int64

        public init(uuid: String, name: String, hash: String, created: Int64 = 1_600_000_000) {
            self.uuid = uuid
            self.name = name
            self.hash = hash
            self.created = created
        }
    }

    public struct Account {
        public var id: Int64
        public var login: String
        public var email: String
        public var displayName: String
        public var roles: String
        public var registered: String
        public var items: [Item]

        public init(id: Int64, login: String, email: String, displayName: String, roles: String = "subscriber",
                    registered: String = "2021-03-04 05:06:07", items: [Item] = []) {
            self.id = id
            self.login = login
            self.email = email
            self.displayName = displayName
            self.roles = roles
            self.registered = registered
            self.items = items
        }
    }

    public var accounts: [Account]

    public init(accounts: [Account]) { self.accounts = accounts }

    /// The phpass hash WordPress 5.6–6.7 stored for this password (the vector in `PhpassTests`).
    public static let phpassPassword = "Fs1e-Ve6l-T9iW-FdXe-uE2Y-CM0e"
    public static let phpassHash = "$P$Ba/Z0.mN4ZmFbavDOORncDvUc5fKU21"

    public var json: String {
        let users = accounts.map { account in
            #"{"ID":\#(account.id),"user_login":\#(JSONString.quote(account.login)),"display_name":\#(JSONString.quote(account.displayName)),"#
                + #""user_email":\#(JSONString.quote(account.email)),"user_registered":\#(JSONString.quote(account.registered)),"#
                + #""roles":\#(JSONString.quote(account.roles))}"#
        }
        let items = accounts.map { account -> String in
            let list = account.items.map { item in
                #"{"uuid":\#(JSONString.quote(item.uuid)),"app_id":"","name":\#(JSONString.quote(item.name)),"password":\#(JSONString.quote(item.hash)),"#
                    + #""created":\#(item.created),"last_used":null,"last_ip":null}"#
            }
            return #""\#(account.id)":\#(account.items.isEmpty ? "null" : "[" + list.joined(separator: ",") + "]")"#
        }
        return #"{"users":[\#(users.joined(separator: ","))],"application_passwords":{\#(items.joined(separator: ","))}}"#
    }
}
