/// Public views of the REST module's JSON writer and date format, so the CLI prints exactly the
/// bytes the REST API would.
extension JSON {
    /// The value as REST bodies write it.
    public var text: String { JSONWriter.string(self) }
}

public enum WordPressDate {
    /// `Y-m-d\TH:i:s` GMT, as in `created` and `last_used`.
    public static func gmt(_ seconds: Int64) -> String { GMTDate.wordpress(seconds) }
}
