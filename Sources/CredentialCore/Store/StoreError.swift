/// Why an `expires` was refused (each protocol words it in its own table).
public enum ExpiryProblem: Sendable, Equatable {
    case notInFuture
    /// Further from now than the site's `max_lifetime_seconds`.
    case beyondMaximumLifetime(seconds: Int)
}

/// A refused or failed store operation. Messages never contain bound values or secrets.
/// `description` is the CLI's wording; REST and XML-RPC map each case in their own tables.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The application name sanitises to nothing (WordPress `application_password_empty_name`).
    case emptyName
    /// `app_id` is neither a UUID nor empty.
    case invalidAppID
    /// A password must be enabled for at least one API type.
    case noAPIType
    case invalidLogin(String)
    /// A non-empty email that is not email-shaped (WordPress `is_email`).
    case invalidEmail
    case duplicateLogin
    case duplicateEmail
    case userNotFound
    /// `unique_names` is on and the user already has a password of this name (ASCII
    /// case-insensitive, as PHP's `strtolower`).
    case duplicateName
    /// `application_passwords_enabled` is off: no password can be created.
    case applicationPasswordsDisabled
    /// The user's role is not in `allowed_roles`.
    case notAllowedForRole(Role)
    /// `max_per_user` reached and `max_policy` is `refuse`.
    case tooManyPasswords(limit: Int)
    /// `expires` is in the past, or further away than `max_lifetime_seconds` allows.
    case invalidExpiry(ExpiryProblem)
    /// An `allowed_networks` entry that is not an IPv4 or IPv6 address or CIDR range.
    case invalidNetwork(String)
    /// `dualgate settings` with a key that does not exist.
    case unknownSetting(String)
    /// A setting value outside its type; `expected` says what is valid.
    case invalidSetting(key: String, expected: String)
    /// `dualgate import wordpress`: the document conflicts with the database (`field` names where);
    /// nothing was written.
    case importConflict(field: String, message: String)
    /// An upstream credential with an empty login or password (`why` says which).
    case invalidUpstreamCredential(String)
    /// An account password that cannot be set (`why`: empty, too long, a NUL, no libcrypt).
    case invalidAccountPassword(String)
    /// A stored upstream credential does not open with the given `SecretKey`: another key file
    /// than the one it was sealed with (or its row was changed behind dualgate's back).
    case secretKeyMismatch
    /// SQLite failed; `message` is SQLite's text for the statement, never its bound values.
    case database(code: Int32, message: String)
    /// The database cannot be reached (PostgreSQL down, not answering in time, libpq missing);
    /// `message` says why, for the log and the CLI.
    case storeUnavailable(message: String)

    init(_ error: SQLiteError) {
        self = error.isUnavailable ? .storeUnavailable(message: error.message) : .database(code: error.code, message: error.message)
    }

    public var description: String {
        switch self {
        case .emptyName: "An application name is required to create an application password."
        case .invalidAppID: "app_id is not a valid UUID."
        case .noAPIType: "An application password must be valid for either REST API requests, XML-RPC requests, or both."
        case .invalidLogin(let why): "Invalid login: \(why)"
        case .invalidEmail: "Sorry, that email address is not allowed!"
        case .duplicateLogin: "Sorry, that username already exists!"
        case .duplicateEmail: "Sorry, that email address is already used!"
        case .userNotFound: "No such user."
        case .duplicateName: "Each application name should be unique."
        case .applicationPasswordsDisabled: "Application passwords are not available (setting application_passwords_enabled is false)."
        case .notAllowedForRole(let role):
            "Application passwords are not available for the role \(role.rawValue) (see setting allowed_roles)."
        case .tooManyPasswords(let limit):
            "This user already has the maximum of \(limit) application password\(limit == 1 ? "" : "s") (setting max_per_user)."
        case .invalidExpiry(.notInFuture): "Invalid expiry: the date is not in the future"
        case .invalidExpiry(.beyondMaximumLifetime(let seconds)): "Invalid expiry: more than max_lifetime_seconds (\(seconds)) from now"
        case .invalidNetwork(let text): "'\(PasswordFormat.withheldIfPassword(text))' is not an IPv4 or IPv6 address or CIDR range (e.g. 192.0.2.0/24, 2001:db8::/32)."
        case .unknownSetting(let key):
            "Unknown setting '\(key)'. Valid keys: \(SettingKey.allCases.map(\.rawValue).joined(separator: ", "))."
        case .invalidSetting(let key, let expected): "Invalid value for \(key): expected \(expected)."
        case .importConflict(let field, let message): "\(field): \(message)"
        case .invalidUpstreamCredential(let why): "Invalid upstream credential: \(why)."
        case .invalidAccountPassword(let why): "Invalid account password: \(why)."
        case .secretKeyMismatch:
            "The stored upstream credential cannot be decrypted: the secret key file does not match the one it was stored with. Use that key file (--secret-key-file), or store the credential again ('dualgate upstream set' or 'dualgate upstream enroll')."
        case .database(let code, let message): "Database error \(code): \(message)"
        case .storeUnavailable(let message): "The credential store is unavailable: \(message)"
        }
    }
}
