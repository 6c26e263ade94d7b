/// Why an authentication attempt did not produce a `Caller`. Each protocol maps these to its own
/// wire codes in exactly one place (RESTRoutes `RESTError`, XMLRPC `Fault`).
public enum AuthFailure: Error, Equatable, Sendable {
    /// No user with that login (the login was not email-shaped).
    case unknownUser
    /// No user with that login or email, and the login looked like an email address.
    case unknownEmail
    /// The user exists but no application password of theirs matches.
    case incorrectPassword
    /// The password matched but is not flagged for the API type of this request.
    case wrongAPIType
    /// The password matched but its `expires` has passed.
    case expired
    /// The password matched but awaits approval (`require_approval`).
    case pending
    /// The password matched but is disabled.
    case disabled
    /// The password matched but the client address is outside its `allowed_networks`.
    case networkDenied
    /// Application passwords are off site-wide, or not allowed for the user's role
    /// (`wp_is_application_passwords_available[_for_user]`, §5).
    case applicationPasswordsUnavailable
    /// The login or the client address is locked after too many failures; the password was not
    /// checked. Try again after `retryAfter` seconds.
    case lockedOut(retryAfter: Int)
    /// Credentials over plain HTTP from a client that is not on loopback while `require_https` is
    /// on; the password was not checked.
    case insecureTransport
    /// An earlier attempt in the same HTTP request failed; this one was not checked.
    case notCheckedAfterEarlierFailure
    /// The store could not be read; the detail went to the log only.
    case internalError
    /// The store's database cannot be reached (PostgreSQL down or not answering in time) and no
    /// cached verification may stand in (`store_outage_grace_seconds`); try again shortly.
    case storeUnavailable
}
