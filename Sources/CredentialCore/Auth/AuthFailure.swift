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
    /// An earlier attempt in the same HTTP request failed; this one was not checked.
    case notCheckedAfterEarlierFailure
    /// The store could not be read; the detail went to the log only.
    case internalError
}
