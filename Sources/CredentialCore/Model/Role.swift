/// WordPress's five single-site roles, widest first.
public enum Role: String, Sendable, Hashable, CaseIterable {
    case administrator, editor, author, contributor, subscriber

    /// Only administrators hold `edit_users`, which WordPress maps every
    /// application-password capability on another user to.
    public var canEditOtherUsers: Bool { self == .administrator }
}
