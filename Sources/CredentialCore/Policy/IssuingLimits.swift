/// contract.md "No escalation": a password that mints or changes an application password gives it
/// no more than it has itself. API types and permissions may be widened only when the site
/// setting `cross_protocol_issuing` is on (how a client migrates protocols); the per-password
/// limits — `expires` no later than the maker's, `allowed_networks` within the maker's — always
/// hold, so a password cannot escape its own limits by minting a new one. Administrators acting
/// through the CLI have no maker password and are not limited.
public struct IssuingLimits: Sendable {
    public let maker: ApplicationPassword
    public let crossProtocolIssuing: Bool

    public init(maker: ApplicationPassword, crossProtocolIssuing: Bool) {
        self.maker = maker
        self.crossProtocolIssuing = crossProtocolIssuing
    }

    /// What `request` asks beyond the maker's rights, or nil when it stays within them.
    /// `request.expires` nil asks for the site default, which may be "never": beyond a maker that expires.
    public func excess(of request: PasswordRequest) -> String? {
        excess(enabledFor: request.enabledFor, rest: request.restAPIPermission, xmlRPC: request.xmlRPCPermission,
               expires: .some(request.expires), networks: request.allowedNetworks)
    }

    /// What `changes` ask beyond the maker's rights, or nil; members left unchanged are not judged.
    public func excess(of changes: PasswordChanges) -> String? {
        excess(enabledFor: changes.enabledFor, rest: changes.restAPIPermission, xmlRPC: changes.xmlRPCPermission,
               expires: changes.expires, networks: changes.allowedNetworks)
    }

    private func excess(enabledFor: Set<APIType>?, rest: Permission?, xmlRPC: Permission?, expires: Int64??,
                        networks: [NetworkRange]?) -> String? {
        if !crossProtocolIssuing {
            if let enabledFor, !enabledFor.isSubset(of: maker.enabledFor) { return "an API type" }
            if let rest, rest.isWider(than: maker.restAPIPermission) { return "a wider REST API permission" }
            if let xmlRPC, xmlRPC.isWider(than: maker.xmlRPCPermission) { return "a wider XML-RPC permission" }
        }
        if case .some(let wanted) = expires, let limit = maker.expires, (wanted ?? .max) > limit { return "a later expiry" }
        if let networks, !Self.isWithin(networks, maker.allowedNetworks) { return "networks outside its own" }
        return nil
    }

    /// Every range of `inner` lies inside a range of `outer`; an empty list means anywhere.
    static func isWithin(_ inner: [NetworkRange], _ outer: [NetworkRange]) -> Bool {
        if outer.isEmpty { return true }
        if inner.isEmpty { return false }
        return inner.allSatisfy { range in
            outer.contains { $0.prefixLength <= range.prefixLength && $0.contains(bytes: range.network) }
        }
    }
}
