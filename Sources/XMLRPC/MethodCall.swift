/// A decoded `<methodCall>`: the method name (surrounding whitespace trimmed, as IXR does) and its params.
public struct MethodCall: Sendable, Equatable {
    public let methodName: String
    public let params: [Value]

    public init(methodName: String, params: [Value]) {
        self.methodName = methodName
        self.params = params
    }
}

/// A decoded `<methodResponse>`: one value, or a fault.
public enum MethodResponse: Sendable, Equatable {
    case success(Value)
    case fault(Fault)
}
