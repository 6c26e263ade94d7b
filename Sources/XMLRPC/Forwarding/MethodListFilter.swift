/// `system.listMethods` through the gateway: the upstream's names that the gateway would forward,
/// plus the `dualgate.*` methods it answers itself, so that a client never discovers a method
/// only to be refused.
struct MethodListFilter: Sendable {
    let catalogue: XMLRPCCatalogue
    let forwardUnknown: Bool
    let pingbacksAllowed: Bool
    /// The local registry's `dualgate.*` names, in its order.
    let localNames: [String]

    init(_ forwarding: XMLRPCForwarding, registry: MethodRegistry) {
        catalogue = forwarding.catalogue
        forwardUnknown = forwarding.forwardUnknown
        pingbacksAllowed = forwarding.pingbacksAllowed
        localNames = registry.names.filter(XMLRPCForwarding.isAnsweredLocally)
    }

    /// True when a call of `name` would go upstream (an upstream's own `dualgate.*` never would).
    func forwards(_ name: String) -> Bool {
        if XMLRPCForwarding.isAnsweredLocally(name) { return false }
        if XMLRPCForwarding.isPingback(name), !pingbacksAllowed { return false }
        return forwardUnknown || catalogue.entry(named: name) != nil
    }

    /// The filtered list, or nil when `answer` is not an array of strings.
    func filtered(_ answer: Value) -> Value? {
        guard case .array(let names) = answer else { return nil }
        var kept: [Value] = []
        kept.reserveCapacity(names.count + localNames.count)
        for name in names {
            guard case .string(let text) = name else { return nil }
            if forwards(text) { kept.append(name) }
        }
        return .array(kept + localNames.map(Value.string))
    }
}
