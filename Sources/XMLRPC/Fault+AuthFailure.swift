import CredentialCore

extension Fault {
    /// The only translation of credential-core outcomes into XML-RPC faults. Every login failure
    /// reads the same (WordPress `login()`: one text for unknown user and wrong password), except a
    /// password that matched but is not enabled for XML-RPC, which the user needs to know to fix.
    /// After one failure every later attempt in the request gets the generic text (WordPress 4.4,
    /// ticket 34336) so that a multicall cannot learn which guess would have matched.
    public init(_ failure: AuthFailure) {
        switch failure {                       // no `default:`: a new case must be mapped here
        case .wrongAPIType:
            self.init(code: Code.badCredentials, "This application password is not allowed to be used with XML-RPC.")
        // Passwords unavailable (site-wide or for the role): WordPress's `login()` turns that error
        // into this same text too, so clients see WordPress's string (issue 11 item 5e).
        case .unknownUser, .unknownEmail, .incorrectPassword, .notCheckedAfterEarlierFailure, .applicationPasswordsUnavailable:
            self.init(code: Code.badCredentials, "Incorrect username or password.")
        // These are decided only after the password matched, so naming the state leaks nothing
        // a guesser could use, and tells the owner what to fix (contract: fault 403).
        case .expired:
            self.init(code: Code.badCredentials, "This application password has expired.")
        case .pending:
            self.init(code: Code.badCredentials, "This application password is awaiting approval by an administrator.")
        case .disabled:
            self.init(code: Code.badCredentials, "This application password is disabled.")
        case .networkDenied:
            self.init(code: Code.badCredentials, "This application password may not be used from this network address.")
        // Said before the password is looked at, so it tells a guesser nothing.
        case .insecureTransport:
            self.init(code: Code.badCredentials, "Application passwords require HTTPS.")
        case .lockedOut(let seconds):
            self.init(code: Code.tooManyFailedLogins, "Too many failed login attempts. Try again in \(seconds) seconds.")
        case .internalError:
            self = .internalError
        case .storeUnavailable:
            self = .storeUnavailable
        }
    }
}
