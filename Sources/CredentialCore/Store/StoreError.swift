/// A refused or failed store operation. Messages never contain bound values or secrets.
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
    /// SQLite failed; `message` is SQLite's text for the statement, never its bound values.
    case database(code: Int32, message: String)

    init(_ error: SQLiteError) { self = .database(code: error.code, message: error.message) }

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
        case .database(let code, let message): "Database error \(code): \(message)"
        }
    }
}
