@testable import CredentialCore
import Foundation

/// An export document in exactly the shape the README's WP-CLI snippet writes: `wp user list
/// --format=json` (ID a number, roles a comma list, dates `Y-m-d H:i:s`) and, per user, `wp user
/// meta get ID _application_passwords --format=json` (a list of WordPress's items) or `null`.
struct WPCLIExport {
    struct Item {
        var uuid: String
        var name: String
        var hash: String
        var created: Int64 = 1_600_000_000
    }

    struct Account {
        var id: Int64
        var login: String
        var email: String
        var displayName: String
        var registered = "2021-03-04 05:06:07"
        var roles = "subscriber"
        var items: [Item] = []
    }

    var accounts: [Account]

    /// The phpass hash WordPress 5.6–6.7 stored for this password (the vector in `PhpassTests`).
    static let phpassPassword = "Fs1e-Ve6l-T9iW-FdXe-uE2Y-CM0e"
    static let phpassHash = "$P$Ba/Z0.mN4ZmFbavDOORncDvUc5fKU21"

    var json: String {
        func quote(_ text: String) -> String { JSONString.quote(text) }
        let users = accounts.map { account in
            #"{"ID":\#(account.id),"user_login":\#(quote(account.login)),"display_name":\#(quote(account.displayName)),"#
                + #""user_email":\#(quote(account.email)),"user_registered":\#(quote(account.registered)),"roles":\#(quote(account.roles))}"#
        }
        let items = accounts.map { account -> String in
            let list = account.items.map { item in
                #"{"uuid":\#(quote(item.uuid)),"app_id":"","name":\#(quote(item.name)),"password":\#(quote(item.hash)),"#
                    + #""created":\#(item.created),"last_used":null,"last_ip":null}"#
            }
            return #""\#(account.id)":\#(account.items.isEmpty ? "null" : "[" + list.joined(separator: ",") + "]")"#
        }
        return #"{"users":[\#(users.joined(separator: ","))],"application_passwords":{\#(items.joined(separator: ","))}}"#
    }

    func parsed() throws -> WordPressExport { try WordPressExport.parse(Data(json.utf8)) }
}
