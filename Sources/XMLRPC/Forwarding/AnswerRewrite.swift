/// What the gateway does to the upstream's answer before the client gets it.
enum AnswerRewrite: Sendable {
    /// A `system.listMethods` call: filter its list.
    case listMethods(MethodListFilter)
    /// A multicall of which some entries were answered here (or list methods): merge in order.
    case multicall([MulticallSlot], MethodListFilter)

    func clientAnswer(fromUpstream body: [UInt8]) -> [UInt8] {
        // Unreadable: as if the upstream had faulted -32300, so a multicall keeps the answers given here.
        let response = (try? ValueDecoder.methodResponse(from: body)) ?? .fault(.upstreamAnswerUnreadable)
        switch self {
        case .listMethods(let filter):
            switch response {
            case .fault(let fault): return ValueEncoder.fault(fault)
            case .success(let value):
                guard let list = filter.filtered(value) else { return ValueEncoder.fault(.upstreamAnswerUnreadable) }
                return Self.encode(list)
            }
        case .multicall(let slots, let filter):
            return Self.encode(.array(Self.merge(slots, response, filter)))
        }
    }

    /// Every slot in order: answered here, or the upstream's next entry. A fault for the whole
    /// multicall answers each forwarded entry; the wrong number of entries answers each with -32300.
    private static func merge(_ slots: [MulticallSlot], _ response: MethodResponse, _ filter: MethodListFilter) -> [Value] {
        let forwardedCount = slots.reduce(0) { count, slot in if case .upstream = slot { count + 1 } else { count } }
        var upstream: [Value]?
        var wholeFault = Fault.upstreamAnswerUnreadable
        switch response {
        case .success(.array(let entries)) where entries.count == forwardedCount: upstream = entries
        case .success: break
        case .fault(let fault): wholeFault = fault
        }
        var next = 0
        return slots.map { slot in
            switch slot {
            case .answered(let value):
                return value
            case .upstream(let isListMethods):
                defer { next += 1 }
                guard let upstream else { return wholeFault.value }
                return entry(upstream[next], isListMethods: isListMethods, filter) ?? Fault.upstreamAnswerUnreadable.value
            }
        }
    }

    /// One upstream multicall slot as the client may see it: `[value]` or `{faultCode, faultString}`.
    private static func entry(_ value: Value, isListMethods: Bool, _ filter: MethodListFilter) -> Value? {
        switch value {
        case .array(let one) where one.count == 1:
            guard isListMethods else { return value }
            return filter.filtered(one[0]).map { .array([$0]) }
        case .struct(let members) where members.count == 2:
            guard case .int = members["faultCode"], case .string = members["faultString"] else { return nil }
            return value
        default:
            return nil
        }
    }

    /// Decoded values are always encodable (finite doubles); the fallback only keeps this total.
    static func encode(_ value: Value) -> [UInt8] {
        (try? ValueEncoder.response(value)) ?? ValueEncoder.fault(.internalError)
    }
}

/// Where one multicall entry's answer comes from.
enum MulticallSlot: Sendable {
    /// Answered here: `[value]` or a fault struct.
    case answered(Value)
    /// The upstream's next entry; `isListMethods`: filter it as `system.listMethods`.
    case upstream(isListMethods: Bool)
}
