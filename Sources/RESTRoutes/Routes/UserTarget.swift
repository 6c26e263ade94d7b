import CredentialCore

/// The controller's `get_user` and the `edit_user` capability that all six application-password
/// meta capabilities map to (§8.2, §11).
enum UserTarget {
    /// The user named by the URL's `user_id`: `me` (only exactly `me`, as PHP's `===`), or a
    /// positive id of an existing user.
    /// Checks in WordPress's order: available at all (501), `me` while anonymous (401), a bad or
    /// unknown id (404), available for that user (501).
    static func resolve(_ context: RESTRouteContext) throws(RESTError) -> User {
        guard context.isAvailable else { throw .passwordsDisabled }
        let raw = context.parameters.url["user_id"] ?? ""
        let user: User
        if raw == "me" {
            guard let caller = context.caller else { throw .notLoggedIn }
            user = caller.user
        } else {
            // PHP `(int)`: digits only here; an overflowing id saturates and finds no one.
            let id = raw.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } ? (Int64(raw) ?? Int64.max) : 0
            guard id > 0, let found = try context.store({ store throws(StoreError) in try store.user(id: id) }) else { throw .invalidUserID }
            user = found
        }
        guard context.policy.isAvailableForUser(user) else { throw .passwordsDisabledForUser() }
        return user
    }

    /// `edit_user`: nobody is denied; a user may always manage their own passwords; others' need
    /// `edit_users` (administrators, single site).
    static func canEdit(_ target: User, caller: Caller?) -> Bool {
        guard let caller else { return false }
        return caller.user.id == target.id || caller.user.role.canEditOtherUsers
    }

    /// A permission callback for one operation.
    static func permission(_ refusal: RESTError.Refusal) -> RESTEndpoint.Permission {
        { context throws(RESTError) in
            let target = try resolve(context)
            guard canEdit(target, caller: context.caller) else { throw .refused(refusal, loggedIn: context.isLoggedIn) }
        }
    }
}
