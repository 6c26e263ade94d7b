/// One XML-RPC value (spec "Scalar <value>s", plus the common `<nil/>` and `<i8>` extensions).
public enum Value: Sendable, Equatable {
    /// `<int>`/`<i4>` (32-bit) or `<i8>` on input; written as `<int>` when it fits 32 bits, else `<i8>`.
    case int(Int64)
    case boolean(Bool)
    case string(String)
    /// Always finite: the decoder refuses infinities and NaN, the encoder refuses to write them.
    case double(Double)
    case dateTime(DateTime)
    case base64([UInt8])
    case `struct`(Struct)
    case array([Value])
    /// `<nil/>`. Old clients (IXR, CPython without `allow_none`) cannot read it: prefer omitting a member.
    case `nil`
}

extension Value {
    /// The type name used by introspection (`system.methodSignature`) and in parameter errors.
    public var typeName: String {
        switch self {
        case .int: "int"
        case .boolean: "boolean"
        case .string: "string"
        case .double: "double"
        case .dateTime: "dateTime.iso8601"
        case .base64: "base64"
        case .struct: "struct"
        case .array: "array"
        case .nil: "nil"
        }
    }

    /// A struct value built from ordered members (a later duplicate name replaces the earlier value).
    public static func makeStruct(_ members: KeyValuePairs<String, Value>) -> Value {
        var result = Struct(reservingCapacity: members.count)
        for (name, value) in members { result[name] = value }
        return .struct(result)
    }
}

extension Value: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByFloatLiteral, ExpressibleByArrayLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .boolean(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(arrayLiteral elements: Value...) { self = .array(elements) }
}
