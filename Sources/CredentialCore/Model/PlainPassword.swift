/// A freshly generated password. It exists only in memory until the create response is written;
/// its `description` is redacted so that it cannot end up in a log by accident.
public struct PlainPassword: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The 24 alphanumeric characters.
    public let raw: String

    public init(raw: String) { self.raw = raw }

    /// WordPress's display form: groups of four joined by single spaces.
    public var chunked: String { PasswordFormat.chunk(raw) }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
}

/// A created password: the record plus its plain text, shown once.
public struct NewPassword: Sendable {
    public let record: ApplicationPassword
    public let plain: PlainPassword

    public init(record: ApplicationPassword, plain: PlainPassword) {
        self.record = record
        self.plain = plain
    }
}
