import CredentialCore
import Foundation

/// An export document in exactly the shape the README's WP-CLI snippet writes (`wp user list
/// --format=json`, then per user `wp user meta get ID _application_passwords --format=json` or
/// `null`), written to a file for `dualgate import wordpress`.
struct WPCLIExportFile {
    struct Item {
        var uuid: String
        var name: String
        var hash: String
    }

    struct Account {
        var id: Int64
        var login: String
        var email: String
        var displayName: String
        var roles: String
        var registered = "2021-03-04 05:06:07"
        var items: [Item] = []
    }

    var accounts: [Account]

    /// WordPress 5.6–6.7's phpass hash of this password (the vector in `PhpassTests`).
    static let phpassPassword = "Fs1e-Ve6l-T9iW-FdXe-uE2Y-CM0e"
    static let phpassHash = "$P$Ba/Z0.mN4ZmFbavDOORncDvUc5fKU21"

    var json: String {
        func quote(_ text: String) -> String {
            "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        let users = accounts.map { account in
            #"{"ID":\#(account.id),"user_login":\#(quote(account.login)),"display_name":\#(quote(account.displayName)),"#
                + #""user_email":\#(quote(account.email)),"user_registered":\#(quote(account.registered)),"roles":\#(quote(account.roles))}"#
        }
        let items = accounts.map { account -> String in
            let list = account.items.map { item in
                #"{"uuid":\#(quote(item.uuid)),"app_id":"","name":\#(quote(item.name)),"password":\#(quote(item.hash)),"#
                    + #""created":1600000000,"last_used":null,"last_ip":null}"#
            }
            return #""\#(account.id)":\#(account.items.isEmpty ? "null" : "[" + list.joined(separator: ",") + "]")"#
        }
        return #"{"users":[\#(users.joined(separator: ","))],"application_passwords":{\#(items.joined(separator: ","))}}"#
    }

    /// Writes the document into `directory` and returns its path.
    func write(in directory: URL, as name: String = "wordpress-export.json") throws -> String {
        let url = directory.appendingPathComponent(name)
        try json.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }
}
