import CredentialCore

/// Checks one call against the catalogue and rewrites it for the upstream, for one HTTP request:
/// all of the request's calls (every multicall entry) share its `RequestSession`, so its single
/// `AuthGate` fails every login after the first failed one unchecked, exactly as locally.
///
/// Order (WordPress's): method known → `minimum_args` (400, before any login, so a short call
/// costs no check) → credentials are strings (400) → login (403, lockout, API type) → read-only
/// password on a writing method (401) → the upstream credential (403) → swap.
final class CallForwarder {
    let session: RequestSession
    let forwarding: XMLRPCForwarding
    /// The first caller any call of the request authenticated as.
    private(set) var caller: Caller?

    init(session: RequestSession, forwarding: XMLRPCForwarding) {
        self.session = session
        self.forwarding = forwarding
    }

    /// The params to send upstream, or the fault that answers the call here.
    func check(_ name: String, _ params: [Value]) -> Result<[Value], Fault> {
        if XMLRPCForwarding.isPingback(name), !forwarding.pingbacksAllowed { return .failure(.pingbacksOff(name)) }
        guard let entry = forwarding.catalogue.entry(named: name) else {
            return forwarding.forwardUnknown ? .success(params) : .failure(.methodNotFound(name))
        }
        var arguments = UnwrappedArguments(params)
        if let minimum = entry.minimumArguments, (arguments.count ?? -1) < minimum { return .failure(.insufficientArguments) }
        guard let usernameIndex = entry.usernameIndex, let passwordIndex = entry.passwordIndex else { return .success(params) }
        if arguments.shiftsInWordPress { return .failure(.argumentsWordPressWouldShift) }
        do throws(Fault) {
            let caller = try authenticate(arguments[usernameIndex], arguments[passwordIndex], isWriting: entry.kind == .write)
            let upstream = try upstreamCredential(for: caller)
            arguments[usernameIndex] = .string(upstream.login)
            arguments[passwordIndex] = .string(upstream.password)
            return .success(arguments.params)
        } catch {
            return .failure(error)
        }
    }

    /// Mirrors `Invocation.authenticate(usernameAt:passwordAt:)`: the params' credentials, or HTTP
    /// Basic when both params are empty strings.
    private func authenticate(_ loginParam: Value?, _ passwordParam: Value?, isWriting: Bool) throws(Fault) -> Caller {
        guard let loginParam, let passwordParam else { throw Fault.insufficientArguments }
        guard case .string(var login) = loginParam, case .string(var password) = passwordParam else {
            throw Fault.credentialsMustBeStrings
        }
        if login.isEmpty, password.isEmpty, let basic = session.context.basicCredentials {
            (login, password) = (basic.login, basic.password)
        }
        let caller: Caller
        do throws(AuthFailure) {
            caller = try session.gate.authenticate(login: login, password: password)
        } catch {
            throw Fault(error)
        }
        if isWriting, caller.isReadOnly(on: .xmlrpc) { throw Fault.readOnlyPassword }
        return caller
    }

    private func upstreamCredential(for caller: Caller) throws(Fault) -> (login: String, password: String) {
        let credential: (login: String, password: String)
        switch forwarding.credentials {
        case .translate(let lookUp):
            guard let found = lookUp(caller) else { throw Fault.noUpstreamCredential }
            credential = found
        case .identityHeaders:
            // The headers speak for `self.caller` only: a second caller would borrow its rights.
            if let first = self.caller, first.user.id != caller.user.id || first.password.uuid != caller.password.uuid {
                throw Fault.oneCallerPerRequest
            }
            credential = ("", "")
        }
        if self.caller == nil { self.caller = caller }
        return credential
    }
}

@available(*, unavailable) extension CallForwarder: Sendable {}

extension XMLRPCForwarding {
    /// `dualgate.*` is always answered by the local registry, never forwarded (also inside a multicall).
    static func isAnsweredLocally(_ name: String) -> Bool { name.hasPrefix("dualgate.") }

    /// Pingbacks are the classic XML-RPC reflection attack: the site fetches any URL it is given.
    static func isPingback(_ name: String) -> Bool { name.hasPrefix("pingback.") }

    /// `system.multicall` is always one, whatever a catalogue says: forwarding it unchecked as an
    /// "unknown" method would carry every entry's credentials upstream unswapped.
    func isMulticall(_ name: String) -> Bool {
        name == "system.multicall" || catalogue.entry(named: name)?.kind == .multicall
    }
}
