/// WordPress's five single-site roles, widest first.
public enum Role: String, Sendable, Hashable, CaseIterable {
    case administrator, editor, author, contributor, subscriber

    /// Only administrators hold `edit_users`, which WordPress maps every
    /// application-password capability on another user to.
    public var canEditOtherUsers: Bool { self == .administrator }

    /// By case: the default for a raw-value enum hashes the string, and the allowed roles are
    /// looked up on every authenticated request.
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .administrator: hasher.combine(0)
        case .editor: hasher.combine(1)
        case .author: hasher.combine(2)
        case .contributor: hasher.combine(3)
        case .subscriber: hasher.combine(4)
        }
    }
}
