/// What `dualgate import wordpress` changed (or, with `--dry-run`, would change): one entry per
/// change, in the order they were made, so an operator can read exactly what a sync did.
package struct ImportReport: Sendable, Equatable {
    package enum Change: Sendable, Equatable {
        case userAdded(id: Int64, login: String, role: Role)
        /// `field` is WordPress's name for it: `user_email`, `role`, `display_name`, `user_registered`.
        case userUpdated(id: Int64, login: String, field: String, old: String, new: String)
        /// `hashFormat`: `$generic$` (WordPress 6.8+) or `phpass` (re-hashed on first use).
        case passwordAdded(userID: Int64, login: String, uuid: String, name: String, hashFormat: String)
        /// An imported password the new export no longer holds (revoked or deleted in WordPress).
        case passwordRevoked(userID: Int64, login: String, uuid: String, name: String)
        /// In the export, but revoked in dualgate since: never re-created.
        case passwordSkipped(userID: Int64, login: String, uuid: String, name: String)
        /// `user_pass` became the account password of a user who had none here (`hashFormat`:
        /// `phpass`, `bcrypt`, `wordpress-bcrypt`; re-hashed to yescrypt at the first sign-in).
        case accountPasswordImported(userID: Int64, login: String, hashFormat: String)
    }

    package struct UserRef: Sendable, Equatable {
        package let id: Int64
        package let login: String
    }

    package internal(set) var changes: [Change] = []
    /// Users of the export already here with the same fields.
    package internal(set) var usersUnchanged = 0
    /// Passwords of the export already here.
    package internal(set) var passwordsUnchanged = 0
    /// Users here that the export does not hold (deleted in WordPress, or created in dualgate):
    /// kept as they are, but their imported passwords are revoked with the rest.
    package internal(set) var usersNotInExport: [UserRef] = []
    /// True when nothing was written (`--dry-run`).
    package internal(set) var isDryRun = false

    package var usersAdded: Int { changes.count { if case .userAdded = $0 { true } else { false } } }
    /// Users with at least one field updated.
    package var usersUpdated: Int {
        Set(changes.compactMap { if case .userUpdated(let id, _, _, _, _) = $0 { id } else { nil } }).count
    }
    package var passwordsAdded: Int { changes.count { if case .passwordAdded = $0 { true } else { false } } }
    package var passwordsRevoked: Int { changes.count { if case .passwordRevoked = $0 { true } else { false } } }
    package var passwordsSkipped: Int { changes.count { if case .passwordSkipped = $0 { true } else { false } } }
}
