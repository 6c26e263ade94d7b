import CredentialCore

/// What `XMLRPCEndpoint.route(body:context:forwarding:)` decided for one HTTP request.
public enum XMLRPCOutcome {
    /// Answered by the gateway (HTTP 200, the body as is): faults, `dualgate.*`, a multicall
    /// whose every entry was answered here.
    case answer([UInt8])
    /// To be sent upstream.
    case forward(UpstreamCall)
}

/// One `methodCall` for the upstream, with the client's credentials already replaced.
public struct UpstreamCall: Sendable {
    /// The re-encoded `methodCall` document to send upstream.
    public let body: [UInt8]
    /// Who was authenticated (for identity headers); nil when no call of the request logged in.
    public let caller: Caller?
    /// false: the upstream's answer goes to the client unchanged (it may be streamed).
    public var needsAnswerRewrite: Bool { rewrite != nil }

    private let rewrite: AnswerRewrite?

    init(body: [UInt8], caller: Caller?, rewrite: AnswerRewrite?) {
        self.body = body
        self.caller = caller
        self.rewrite = rewrite
    }

    /// The client's answer from the upstream's answer body (only needed when `needsAnswerRewrite`;
    /// otherwise it returns `body` as is): multicall answers merged back in order with the ones
    /// given here, `system.listMethods` filtered to what the gateway forwards. An upstream answer
    /// that cannot be read becomes fault -32300.
    public func clientAnswer(fromUpstream body: [UInt8]) -> [UInt8] {
        guard let rewrite else { return body }
        return rewrite.clientAnswer(fromUpstream: body)
    }
}
