import CredentialCore

/// What all calls in one HTTP request share: above all the single `AuthGate`, so that once a
/// login failed every later login in the request (every later `system.multicall` entry) fails
/// unchecked: WordPress's amplification defence (4.4, ticket 34336).
final class RequestSession {
    let registry: MethodRegistry
    let context: CallContext
    let gate: AuthGate
    /// The loop's memo of site-only answers.
    let memo: LoopMemo

    init(registry: MethodRegistry, context: CallContext, memo: LoopMemo) {
        self.registry = registry
        self.context = context
        self.memo = memo
        gate = AuthGate(store: context.store, api: .xmlrpc, clientAddress: context.clientAddress, transport: context.transport)
    }

    /// Runs one call; every outcome is a value or a fault.
    func dispatch(_ methodName: String, _ params: [Value]) -> Result<Value, Fault> {
        guard let method = registry.method(named: methodName) else { return .failure(.methodNotFound(methodName)) }
        var invocation = Invocation(method: method, params: params, session: self)
        do throws(Fault) {
            if let minimum = method.minimumArguments, params.count < minimum { _ = try invocation.value(at: minimum - 1) }
            return .success(try method.handler(&invocation))
        } catch {
            return .failure(error)
        }
    }
}

@available(*, unavailable) extension RequestSession: Sendable {}
