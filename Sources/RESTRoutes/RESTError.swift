import CredentialCore

/// A REST error response. The only place that spells REST wire codes and messages: WordPress's
/// exact strings (HTML included), because clients match on them. The body is
/// `{"code":…,"message":…,"data":{"status":N,…}}` (`rest_convert_error_to_response`).
public struct RESTError: Error, Equatable {
    public let status: Int
    public let code: String
    public let message: String
    /// Members of `data` after `status`, in order.
    let details: [(key: String, value: JSON)]
    /// Extra response headers (e.g. `Retry-After`).
    let headers: [(name: String, value: String)]
    /// The body, as a tree (for `_envelope`, `_pretty`) and written. Made once: most errors are
    /// constants (`notLoggedIn` answers every anonymous request where REST is closed), and building
    /// and writing the tree per answer was a sixth of a 401 (callgrind W4).
    let json: JSON
    let rendered: [UInt8]

    init(_ status: Int, _ code: String, _ message: String, details: [(key: String, value: JSON)] = [],
         headers: [(name: String, value: String)] = []) {
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.headers = headers
        json = .object([("code", .string(code)), ("message", .string(message)), ("data", .object([("status", .int(Int64(status)))] + details))])
        rendered = JSONWriter.bytes(json)
    }

    /// A WordPress-shaped error of an embedder's route: `{"code", "message", "data": {"status", …data}}`.
    public init(status: Int, code: String, message: String, data: [(key: String, value: JSON)] = []) {
        self.init(status, code, message, details: data)
    }

    public static func == (lhs: RESTError, rhs: RESTError) -> Bool {
        lhs.status == rhs.status && lhs.code == rhs.code && lhs.message == rhs.message && JSON.object(lhs.details) == JSON.object(rhs.details)
    }

    /// The answer before it is written (no `WWW-Authenticate`, as WordPress).
    var reply: RESTReply {
        // Room for what `RESTApplication` appends (`Allow`, three headers, `Vary`): one
        // allocation instead of three growths (seen in the 401 path's instruction count).
        var all: [(name: String, value: String)] = []
        all.reserveCapacity(headers.count + 6)
        all.append(contentsOf: headers)
        var reply = RESTReply(status: status, headers: all, json)
        reply.rendered = rendered
        return reply
    }

    /// The complete response, written.
    public var response: RESTResponse { RESTResponse(status: status, headers: headers, body: rendered) }
}

// MARK: authentication (§6.3, §7, §14.1)

extension RESTError {
    /// Every `AuthFailure` answers 401 (WordPress's default status for authentication errors).
    public init(_ failure: AuthFailure) {
        switch failure {                                        // no `default:`: a new case must be mapped here
        case .unknownUser:
            self.init(401, "invalid_username", "<strong>Error:</strong> Unknown username. Check again or try your email address.")
        case .unknownEmail:
            self.init(401, "invalid_email", "<strong>Error:</strong> Unknown email address. Check again or try your username.")
        case .incorrectPassword, .notCheckedAfterEarlierFailure:
            self = .incorrectPassword
        case .wrongAPIType:
            self.init(401, "invalid_api_type", "This application password is not allowed to be used with the REST API.")
        case .expired: self = .passwordExpired
        case .pending: self = .passwordPending
        case .disabled: self = .passwordInactive
        case .networkDenied: self = .networkDenied
        case .applicationPasswordsUnavailable: self = .passwordsDisabledForUser(status: 401)
        case .insecureTransport: self.init(401, "application_passwords_https_required", "Application passwords require HTTPS.")
        case .lockedOut(let seconds): self = .tooManyFailedLogins(retryAfter: seconds)
        case .internalError:
            self = .internalError
        case .storeUnavailable:
            self = .storeUnavailable
        }
    }

    // dualgate's per-password controls and lockout (contract.md "Errors").
    static let passwordExpired = RESTError(401, "application_password_expired", "This application password has expired.")
    static let passwordPending = RESTError(401, "application_password_pending", "This application password is awaiting approval.")
    static let passwordInactive = RESTError(401, "application_password_inactive", "This application password has been disabled.")
    static let networkDenied = RESTError(401, "application_password_network_denied", "This application password may not be used from this network.")

    static func tooManyFailedLogins(retryAfter seconds: Int) -> RESTError {
        RESTError(429, "too_many_failed_logins", "Too many failed login attempts. Please try again later.",
                  headers: [("Retry-After", String(max(seconds, 1)))])
    }

    static let incorrectPassword = RESTError(401, "incorrect_password", "The provided password is an invalid application password.")

    /// iThemes: a read-only password on a request whose effective method writes.
    static let readOnly = RESTError(403, "unsupported_http_method", "This application password is read only.")

    /// Detail goes to the log only; the client sees a generic text.
    static let internalError = RESTError(500, "internal_server_error", "There has been a critical error on this website.")

    /// The store's database is away (PostgreSQL down or slow): nothing was decided, try again.
    static let storeUnavailable = RESTError(503, "store_unavailable", "The credential store is unavailable. Please try again shortly.",
                                            headers: [("Retry-After", "1")])
}

// MARK: routing and parameters (WP_REST_Server, WP_REST_Request)

extension RESTError {
    static let noRoute = RESTError(404, "rest_no_route", "No route was found matching the URL and request method.")

    static func invalidJSON(_ error: JSONReadError) -> RESTError {
        RESTError(400, "rest_invalid_json", "Invalid JSON body passed.",
                  details: [("json_error_code", .int(Int64(error.code))), ("json_error_message", .string(error.message))])
    }

    static func missingParameters(_ names: [String]) -> RESTError {
        RESTError(400, "rest_missing_callback_param", "Missing parameter(s): " + names.joined(separator: ", "),
                  details: [("params", .array(names.map(JSON.string)))])
    }

    /// `data.params` maps each parameter to its message; `data.details` to `{code, message, data}`.
    static func invalidParameters(_ problems: [ParameterProblem]) -> RESTError {
        RESTError(400, "rest_invalid_param", "Invalid parameter(s): " + problems.map(\.name).joined(separator: ", "),
                  details: [("params", .object(problems.map { ($0.name, .string($0.message)) })),
                            ("details", .object(problems.map { ($0.name, .object([("code", .string($0.code)), ("message", .string($0.message)), ("data", $0.data)])) }))])
    }
}

/// One failed parameter check, phrased as `rest_validate_value_from_schema` phrases it.
struct ParameterProblem: Equatable {
    let name: String
    let code: String
    let message: String
    /// The `WP_Error`'s data, shown as `data.details.NAME.data` (`null` when it has none).
    var data: JSON = .null

    static func notOfType(_ name: String, _ type: String) -> ParameterProblem {
        // `rest_validate_value_from_schema` gives this one error, alone of them, `['param' => $param]`.
        ParameterProblem(name: name, code: "rest_invalid_type", message: "\(name) is not of type \(type).",
                         data: .object([("param", .string(name))]))
    }

    /// `rest_validate_enum`: one value is "is not X."; more are listed as `wp_sprintf_l` lists
    /// them in English: "a and b", "a, b, and c".
    static func notInEnum(_ name: String, shownAs shown: String, _ values: [String]) -> ParameterProblem {
        let message = values.count == 1 ? "\(shown) is not \(values[0])." : "\(shown) is not one of \(englishList(values))."
        return ParameterProblem(name: name, code: "rest_not_in_enum", message: message)
    }

    static func englishList(_ values: [String]) -> String {
        switch values.count {
        case 0: ""
        case 1: values[0]
        case 2: "\(values[0]) and \(values[1])"
        default: values.dropLast().joined(separator: ", ") + ", and " + values[values.count - 1]
        }
    }

    static func tooShort(_ name: String, minimum: Int) -> ParameterProblem {
        ParameterProblem(name: name, code: "rest_too_short",
                         message: "\(name) must be at least \(minimum) character\(minimum == 1 ? "" : "s") long.")
    }

    static func patternMismatch(_ name: String, _ pattern: String) -> ParameterProblem {
        ParameterProblem(name: name, code: "rest_invalid_pattern", message: "\(name) does not match pattern \(pattern).")
    }

    static func tooFewItems(_ name: String, minimum: Int) -> ParameterProblem {
        ParameterProblem(name: name, code: "rest_too_few_items",
                         message: "\(name) must contain at least \(minimum) item\(minimum == 1 ? "" : "s").")
    }

    /// Form or query text that is not UTF-8: refused rather than stored with U+FFFD in its place.
    static func notUTF8(_ name: String) -> ParameterProblem {
        ParameterProblem(name: name, code: "rest_invalid_param", message: "\(name) is not valid UTF-8.")
    }

    /// `expires` that does not parse (dualgate's `rest_invalid_date`, WordPress's code for dates).
    static func invalidDate(_ name: String) -> ParameterProblem {
        ParameterProblem(name: name, code: "rest_invalid_date", message: "Invalid date.")
    }

    /// An `allowed_networks` item that is no address or CIDR range; `shown` is `name[index]`.
    static func invalidCIDR(_ name: String, shownAs shown: String) -> ParameterProblem {
        ParameterProblem(name: name, code: "rest_invalid_cidr", message: "\(shown) is not an IPv4 or IPv6 address or CIDR range.")
    }

    /// A well-formed `expires` the store refused.
    static func refusedExpiry(_ problem: ExpiryProblem) -> ParameterProblem {
        let why = switch problem {
        case .notInFuture: "the date is not in the future"
        case .beyondMaximumLifetime(let seconds): "more than max_lifetime_seconds (\(seconds)) from now"
        }
        return ParameterProblem(name: "expires", code: "rest_invalid_param", message: "Invalid expiry: \(why)")
    }

    /// A network the store could not read (never echoes a password-shaped text).
    static func notANetwork(_ name: String, _ text: String) -> ParameterProblem {
        ParameterProblem(name: name, code: "rest_invalid_param",
                         message: "'\(PasswordFormat.withheldIfPassword(text))' is not an IPv4 or IPv6 address or CIDR range (e.g. 192.0.2.0/24, 2001:db8::/32).")
    }

    static func notUUID(_ name: String) -> ParameterProblem {
        ParameterProblem(name: name, code: "rest_invalid_uuid", message: "\(name) is not a valid UUID.")
    }
}

// MARK: users and application passwords (class-wp-rest-application-passwords-controller.php, §8.2)

extension RESTError {
    /// WordPress's answer to a route that needs a caller when there is none.
    public static let notLoggedIn = RESTError(401, "rest_not_logged_in", "You are not currently logged in.")
    static let invalidUserID = RESTError(404, "rest_user_invalid_id", "Invalid user ID.")
    static let passwordNotFound = RESTError(404, "rest_application_password_not_found", "Application password not found.")
    /// Introspection when the authenticating password vanished meanwhile: WordPress answers 500.
    static let introspectedPasswordGone = RESTError(500, "rest_application_password_not_found", "Application password not found.")
    static let noAuthenticatedPassword = RESTError(404, "rest_no_authenticated_app_password", "Cannot introspect application password.")
    static let emptyName = RESTError(400, "application_password_empty_name", "An application name is required to create an application password.")
    static let duplicateName = RESTError(409, "application_password_duplicate_name", "Each application name should be unique.")
    static let passwordsDisabled = RESTError(501, "application_passwords_disabled", "Application passwords are not available.")
    /// 501 from the controller's `get_user`; 401 when it stops an authentication (§6.3, §7).
    static func passwordsDisabledForUser(status: Int = 501) -> RESTError {
        RESTError(status, "application_passwords_disabled_for_user",
                  "Application passwords are not available for your account. Please contact the site administrator for assistance.")
    }

    /// The operations of §8.2, each with its WordPress code and message; the status is
    /// `rest_authorization_required_code()`: 401 for nobody, 403 for a logged-in caller.
    enum Refusal {
        case list, read, create, edit, deleteAll, delete, introspect

        var code: String {
            switch self {
            case .list: "rest_cannot_list_application_passwords"
            case .read: "rest_cannot_read_application_password"
            case .create: "rest_cannot_create_application_passwords"
            case .edit: "rest_cannot_edit_application_password"
            case .deleteAll: "rest_cannot_delete_application_passwords"
            case .delete: "rest_cannot_delete_application_password"
            case .introspect: "rest_cannot_introspect_app_password_for_non_authenticated_user"
            }
        }

        var message: String {
            switch self {
            case .list: "Sorry, you are not allowed to list application passwords for this user."
            case .read: "Sorry, you are not allowed to read this application password."
            case .create: "Sorry, you are not allowed to create application passwords for this user."
            case .edit: "Sorry, you are not allowed to edit this application password."
            case .deleteAll: "Sorry, you are not allowed to delete application passwords for this user."
            case .delete: "Sorry, you are not allowed to delete this application password."
            case .introspect: "The authenticated application password can only be introspected for the current user."
            }
        }
    }

    static func refused(_ refusal: Refusal, loggedIn: Bool) -> RESTError {
        RESTError(loggedIn ? 403 : 401, refusal.code, refusal.message)
    }

    /// Store refusals that reach a handler (most are caught earlier by parameter validation).
    init(_ error: StoreError) {
        switch error {                                          // no `default:`: a new case must be mapped here
        case .emptyName: self = .emptyName
        case .invalidAppID: self = .invalidParameters([.notUUID("app_id")])
        case .noAPIType: self = .invalidParameters([.tooFewItems("enabled_for", minimum: 1)])
        case .userNotFound: self = .invalidUserID
        case .duplicateName: self = .duplicateName
        case .applicationPasswordsDisabled: self = .passwordsDisabled
        case .notAllowedForRole: self = .passwordsDisabledForUser()
        case .tooManyPasswords(let limit):
            self = RESTError(403, "application_password_limit_reached",
                             "This user already has the maximum of \(limit) application password\(limit == 1 ? "" : "s") (setting max_per_user).")
        case .invalidExpiry(let problem): self = .invalidParameters([.refusedExpiry(problem)])
        case .invalidNetwork(let text): self = .invalidParameters([.notANetwork("allowed_networks", text)])
        case .unknownSetting, .invalidSetting, .importConflict,
             .invalidLogin, .invalidEmail, .duplicateLogin, .duplicateEmail, .database,
             // Upstream credentials are the gateway's to word (issue 13); until then, generic.
             .invalidUpstreamCredential, .secretKeyMismatch, .invalidAccountPassword: self = .internalError
        case .storeUnavailable: self = .storeUnavailable
        }
    }
}
