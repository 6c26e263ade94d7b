/// `system.multicall` through the gateway: each entry is checked as a call of its own (sharing
/// the request's `AuthGate`); entries refused here or answered locally (`dualgate.*`) fill their
/// slots now, the rest go upstream in one multicall, and `AnswerRewrite` merges the upstream's
/// answers back in order.
enum MulticallForwarding {
    static func route(_ params: [Value], _ forwarder: CallForwarder, _ filter: MethodListFilter) -> XMLRPCOutcome {
        let entries: [Value]
        switch checkedEntries(params, forwarder) {
        case .success(let list): entries = list
        case .failure(let fault): return .answer(ValueEncoder.fault(fault))
        }
        var slots: [MulticallSlot] = []
        slots.reserveCapacity(entries.count)
        var forwarded: [Value] = []
        for raw in entries {
            switch slot(raw, forwarder) {
            case .answered(let result):
                slots.append(.answered(result))
            case .forward(let name, let params):
                forwarded.append(.makeStruct(["methodName": .string(name), "params": .array(params)]))
                slots.append(.upstream(isListMethods: name == "system.listMethods"))
            }
        }
        if forwarded.isEmpty {
            return .answer(AnswerRewrite.encode(.array(slots.map { if case .answered(let value) = $0 { value } else { .nil } })))
        }
        let body: [UInt8]
        do throws(Fault) {
            body = try ValueEncoder.call(MulticallEntry.methodName, [.array(forwarded)])
        } catch {
            return .answer(ValueEncoder.fault(error))
        }
        // Nothing to merge or filter: the upstream's answer is already the client's.
        let onlyPlainUpstream = slots.allSatisfy { if case .upstream(isListMethods: false) = $0 { true } else { false } }
        return .forward(UpstreamCall(body: body, caller: forwarder.caller, rewrite: onlyPlainUpstream ? nil : .multicall(slots, filter)))
    }

    private enum Decision {
        case answered(Value)
        case forward(String, [Value])
    }

    private static func slot(_ raw: Value, _ forwarder: CallForwarder) -> Decision {
        let entry: MulticallEntry
        switch MulticallEntry.read(raw) {
        case .success(let read): entry = read
        case .failure(let fault): return .answered(fault.value)
        }
        // Never run or forward a nested multicall: it would multiply the work of one request.
        if forwarder.forwarding.isMulticall(entry.methodName) { return .answered(Fault.recursiveMulticall.value) }
        if XMLRPCForwarding.isAnsweredLocally(entry.methodName) {
            switch forwarder.session.dispatch(entry.methodName, entry.params) {
            case .success(let value): return .answered(.array([value]))
            case .failure(let fault): return .answered(fault.value)
            }
        }
        switch forwarder.check(entry.methodName, entry.params) {
        case .success(let params): return .forward(entry.methodName, params)
        case .failure(let fault): return .answered(fault.value)
        }
    }

    /// The local multicall's refusals of the whole call, with its texts: the param shape, then
    /// `SystemMethods.maximumEntries` and `maximumWritingEntries` before any entry runs.
    private static func checkedEntries(_ params: [Value], _ forwarder: CallForwarder) -> Result<[Value], Fault> {
        let name = MulticallEntry.methodName
        guard params.count <= 1 else { return .failure(.invalidParameters("\(name) takes at most 1 parameter.")) }
        guard let first = params.first else { return .failure(.invalidParameters("\(name) takes at least 1 parameter.")) }
        guard case .array(let entries) = first else {
            return .failure(.invalidParameters("Parameter 1 of \(name) must be an array, not \(first.typeName)."))
        }
        guard entries.count <= SystemMethods.maximumEntries else {
            return .failure(.invalidParameters("\(name) takes at most \(SystemMethods.maximumEntries) calls; send the rest in another request."))
        }
        let registry = forwarder.session.registry
        let catalogue = forwarder.forwarding.catalogue
        let writing = entries.reduce(0) { count, entry in
            guard case .struct(let members) = entry, case .string(let method) = members["methodName"] else { return count }
            let writes = XMLRPCForwarding.isAnsweredLocally(method)
                ? registry.method(named: method)?.isWriting == true
                : catalogue.entry(named: method)?.kind == .write
            return writes ? count + 1 : count
        }
        guard writing <= SystemMethods.maximumWritingEntries else {
            return .failure(.invalidParameters("\(name) takes at most \(SystemMethods.maximumWritingEntries) writing calls; send the rest in another request."))
        }
        return .success(entries)
    }
}
