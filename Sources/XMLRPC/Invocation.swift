import CredentialCore

/// One call as its handler sees it: typed access to the params (with faults that say which param
/// was wrong), the HTTP request's context, and authentication through the request's `AuthGate`.
public struct Invocation {
    public let method: MethodRegistry.Method
    public let params: [Value]
    /// Who `authenticate` let in, once it has.
    public private(set) var caller: Caller?
    let session: RequestSession

    init(method: MethodRegistry.Method, params: [Value], session: RequestSession) {
        self.method = method
        self.params = params
        self.session = session
    }

    public var context: CallContext { session.context }

    // MARK: params

    /// The param at `index`; too few params get the fault of the method's `ArgumentStyle`.
    public func value(at index: Int) throws(Fault) -> Value {
        guard index < params.count else { throw missing(index) }
        return params[index]
    }

    /// The param at `index`, or nil when the call has fewer.
    public func optionalValue(at index: Int) -> Value? { index < params.count ? params[index] : nil }

    /// Interop methods refuse extra params (-32602); WordPress ignores them, so its methods don't call this.
    public func expectAtMost(_ count: Int) throws(Fault) {
        guard params.count <= count else {
            throw Fault.invalidParameters("\(method.name) takes \(count == 0 ? "no" : "at most \(count)") parameter\(count == 1 ? "" : "s").")
        }
    }

    public func int(at index: Int) throws(Fault) -> Int64 {
        guard case .int(let number) = try value(at: index) else { throw wrongType(index, "int") }
        return number
    }

    public func string(at index: Int) throws(Fault) -> String {
        guard case .string(let text) = try value(at: index) else { throw wrongType(index, "string") }
        return text
    }

    public func boolean(at index: Int) throws(Fault) -> Bool {
        guard case .boolean(let flag) = try value(at: index) else { throw wrongType(index, "boolean") }
        return flag
    }

    public func double(at index: Int) throws(Fault) -> Double {
        guard case .double(let number) = try value(at: index) else { throw wrongType(index, "double") }
        return number
    }

    public func dateTime(at index: Int) throws(Fault) -> DateTime {
        guard case .dateTime(let moment) = try value(at: index) else { throw wrongType(index, "dateTime.iso8601") }
        return moment
    }

    public func base64(at index: Int) throws(Fault) -> [UInt8] {
        guard case .base64(let data) = try value(at: index) else { throw wrongType(index, "base64") }
        return data
    }

    public func `struct`(at index: Int) throws(Fault) -> Value.Struct {
        guard case .struct(let members) = try value(at: index) else { throw wrongType(index, "struct") }
        return members
    }

    public func array(at index: Int) throws(Fault) -> [Value] {
        guard case .array(let elements) = try value(at: index) else { throw wrongType(index, "array") }
        return elements
    }

    private func missing(_ index: Int) -> Fault {
        switch method.argumentStyle {
        case .wordpress: .insufficientArguments
        case .interop: .invalidParameters("\(method.name) takes at least \(index + 1) parameter\(index == 0 ? "" : "s").")
        }
    }

    private func wrongType(_ index: Int, _ expected: String) -> Fault {
        .invalidParameters("Parameter \(index + 1) of \(method.name) must be \(expected == "int" || expected == "array" ? "an" : "a") \(expected), not \(params[index].typeName).")
    }

    // MARK: authentication

    /// Authenticates with the username and password params at `usernameAt` and `passwordAt`
    /// (WordPress's positions). When both are empty and the request carried HTTP Basic
    /// credentials, those are used; when both are given the params win (WordPress reads only
    /// the params). Failures map through `Fault(_: AuthFailure)`. A writing method then refuses
    /// a caller whose password is read-only for XML-RPC (401) before its handler changes anything.
    @discardableResult
    public mutating func authenticate(usernameAt usernameIndex: Int, passwordAt passwordIndex: Int) throws(Fault) -> Caller {
        let login = try credential(at: usernameIndex)
        let password = try credential(at: passwordIndex)
        if login.isEmpty, password.isEmpty, let basic = context.basicCredentials {
            return try authenticate(login: basic.login, password: basic.password)
        }
        return try authenticate(login: login, password: password)
    }

    /// For methods without credential params: HTTP Basic, or 403 when the request carried none.
    @discardableResult
    public mutating func authenticateWithBasic() throws(Fault) -> Caller {
        guard let basic = context.basicCredentials else { throw Fault(AuthFailure.unknownUser) }
        return try authenticate(login: basic.login, password: basic.password)
    }

    private mutating func authenticate(login: String, password: String) throws(Fault) -> Caller {
        let caller: Caller
        do throws(AuthFailure) {
            caller = try session.gate.authenticate(login: login, password: password)
        } catch {
            throw Fault(error)
        }
        if method.isWriting, caller.isReadOnly(on: .xmlrpc) { throw Fault.readOnlyPassword }
        self.caller = caller
        return caller
    }

    /// WordPress 7.2 refuses array/object credentials with 400; any non-string is refused here.
    private func credential(at index: Int) throws(Fault) -> String {
        guard case .string(let text) = try value(at: index) else { throw Fault.credentialsMustBeStrings }
        return text
    }
}

@available(*, unavailable) extension Invocation: Sendable {}
