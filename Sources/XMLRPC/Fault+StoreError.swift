import CredentialCore

extension Fault {
    /// The store's refusals as XML-RPC faults, worded here (CredentialCore writes no protocol
    /// text); database failures stay a generic -32603. No `default:`: a new case must be mapped.
    init(_ error: StoreError) {
        switch error {
        case .emptyName:
            self.init(code: Code.insufficientArguments, "An application name is required to create an application password.")
        case .invalidAppID:
            self.init(code: Code.insufficientArguments, "app_id is not a valid UUID.")
        case .noAPIType:
            self.init(code: Code.insufficientArguments,
                      "An application password must be valid for either REST API requests, XML-RPC requests, or both.")
        case .invalidExpiry(.notInFuture):
            self.init(code: Code.insufficientArguments, "Invalid expiry: the date is not in the future")
        case .invalidExpiry(.beyondMaximumLifetime(let seconds)):
            self.init(code: Code.insufficientArguments, "Invalid expiry: more than max_lifetime_seconds (\(seconds)) from now")
        case .invalidNetwork(let text):
            self.init(code: Code.insufficientArguments,
                      "'\(PasswordFormat.withheldIfPassword(text))' is not an IPv4 or IPv6 address or CIDR range (e.g. 192.0.2.0/24, 2001:db8::/32).")
        case .userNotFound:
            self.init(code: Code.notFound, "No such user.")
        case .duplicateName:
            self.init(code: Code.conflict, "Each application name should be unique.")
        case .applicationPasswordsDisabled:
            self.init(code: Code.notAllowed, "Application passwords are not available (setting application_passwords_enabled is false).")
        case .notAllowedForRole(let role):
            self.init(code: Code.notAllowed, "Application passwords are not available for the role \(role.rawValue) (see setting allowed_roles).")
        case .tooManyPasswords(let limit):
            self.init(code: Code.notAllowed,
                      "This user already has the maximum of \(limit) application password\(limit == 1 ? "" : "s") (setting max_per_user).")
        // No XML-RPC method manages users or settings; should one of these reach here, it is ours to fix.
        case .invalidLogin, .invalidEmail, .duplicateLogin, .duplicateEmail, .unknownSetting, .invalidSetting, .importConflict, .database,
             // Upstream credentials are the gateway's to word (issue 13); until then, generic.
             .invalidUpstreamCredential, .secretKeyMismatch, .invalidAccountPassword:
            self = .internalError
        case .storeUnavailable:
            self = .storeUnavailable
        }
    }
}
