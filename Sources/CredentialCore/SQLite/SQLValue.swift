/// A value bound to a `?` placeholder.
enum SQLValue: Sendable, Equatable {
    case integer(Int64)
    case text(String)
    /// Bytes (sealed upstream credentials).
    case blob([UInt8])
    case null

    static func optional(_ value: Int64?) -> SQLValue { value.map(SQLValue.integer) ?? .null }
    static func optional(_ value: String?) -> SQLValue { value.map(SQLValue.text) ?? .null }
}
