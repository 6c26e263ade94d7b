extension XMLRPCEndpoint {
    /// Gateway mode (issue 13 item 3): decides what to do with one HTTP request's body. `dualgate.*`
    /// is answered here by the registry (also inside a multicall); every other call is checked
    /// against `forwarding.catalogue` (argument count, login at its positions through the request's
    /// one `AuthGate`, read-only passwords on writing methods), its credentials are replaced, and it
    /// is re-encoded for the upstream. Never throws: every refusal is a fault answered here.
    public func route(body: [UInt8], context: CallContext, forwarding: XMLRPCForwarding) -> XMLRPCOutcome {
        let call: MethodCall
        do throws(Fault) {
            call = try ValueDecoder.methodCall(from: body)
        } catch {
            return .answer(ValueEncoder.fault(error))
        }
        let session = RequestSession(registry: registry, context: context, memo: memo)
        if XMLRPCForwarding.isAnsweredLocally(call.methodName) {
            return .answer(answer(session.dispatch(call.methodName, call.params)))
        }
        let forwarder = CallForwarder(session: session, forwarding: forwarding)
        let filter = MethodListFilter(forwarding, registry: registry)
        if forwarding.isMulticall(call.methodName) { return MulticallForwarding.route(call.params, forwarder, filter) }
        let params: [Value]
        switch forwarder.check(call.methodName, call.params) {
        case .success(let checked): params = checked
        case .failure(let fault): return .answer(ValueEncoder.fault(fault))
        }
        let upstreamBody: [UInt8]
        do throws(Fault) {
            upstreamBody = try ValueEncoder.call(call.methodName, params)
        } catch {
            return .answer(ValueEncoder.fault(error))
        }
        let rewrite: AnswerRewrite? = call.methodName == "system.listMethods" ? .listMethods(filter) : nil
        return .forward(UpstreamCall(body: upstreamBody, caller: forwarder.caller, rewrite: rewrite))
    }
}
