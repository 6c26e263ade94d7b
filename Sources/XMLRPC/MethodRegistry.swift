/// The methods an endpoint serves. Built once at start-up, then shared read-only by every loop.
public final class MethodRegistry: Sendable {
    /// A method body: typed params in, one value out; every refusal is a `Fault`.
    public typealias Handler = @Sendable (inout Invocation) throws(Fault) -> Value

    /// Which fault a call with too few params gets. WordPress's methods (`wp.*`, `blogger.*`,
    /// `mt.*`, and ours, `dualgate.*`) answer 400 as its `minimum_args` does; the interop families
    /// (`system.*`, `demo.*`, `validator1.*`) answer -32602.
    public enum ArgumentStyle: Sendable {
        case wordpress, interop

        /// The style a method name implies.
        public init(methodName: String) {
            let family = methodName.prefix { $0 != "." }
            self = ["wp", "blogger", "mt", "metaWeblog", "dualgate"].contains(family) ? .wordpress : .interop
        }
    }

    public struct Method: Sendable {
        public let name: String
        /// `system.methodHelp` text.
        public let help: String
        /// `system.methodSignature`: each signature is the return type, then the param types.
        public let signatures: [[String]]
        /// A writing method refuses a caller whose password is read-only for XML-RPC.
        public let isWriting: Bool
        public let argumentStyle: ArgumentStyle
        /// WordPress's `minimum_args`: a call with fewer params is refused before anything else
        /// runs — before its credentials are checked, so a short call never costs a login
        /// attempt or counts towards a lockout. nil: the handler checks what it reads.
        public let minimumArguments: Int?
        public let handler: Handler

        public init(_ name: String, help: String, signatures: [[String]], isWriting: Bool = false,
                    argumentStyle: ArgumentStyle? = nil, minimumArguments: Int? = nil, handler: @escaping Handler) {
            self.name = name
            self.help = help
            self.signatures = signatures
            self.isWriting = isWriting
            self.argumentStyle = argumentStyle ?? ArgumentStyle(methodName: name)
            self.minimumArguments = minimumArguments
            self.handler = handler
        }
    }

    /// Method names in registration order (what `system.listMethods` answers).
    public let names: [String]
    private let methods: [String: Method]

    /// A later method with the same name replaces an earlier one.
    public init(_ methods: [Method]) {
        var table: [String: Method] = [:]
        var names: [String] = []
        for method in methods {
            if table.updateValue(method, forKey: method.name) == nil { names.append(method.name) }
        }
        self.methods = table
        self.names = names
    }

    public func method(named name: String) -> Method? { methods[name] }

    /// This registry plus `extra` (listed after the existing methods; a same-named one replaces its
    /// namesake in place), e.g. `MethodRegistry.standard(enableValidator: false).adding([mine])`.
    public func adding(_ extra: [Method]) -> MethodRegistry {
        MethodRegistry(names.compactMap { methods[$0] } + extra)
    }

    /// The built-in methods of the contract; `validator1.*` only when `enableValidator`.
    public static func standard(enableValidator: Bool) -> MethodRegistry {
        var methods = SystemMethods.all + DemoMethods.all + WordPressMethods.all + SelfServiceMethods.all
        if enableValidator { methods += ValidatorMethods.all }
        return MethodRegistry(methods)
    }
}
