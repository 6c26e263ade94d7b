import WireFormat
/// A request a handler hands to the upstream instead of answering it (gateway mode). The head is final:
/// hop-by-hop fields are gone and the credential is already translated (`ForwardHeaders`).
struct ForwardRequest {
    var method: String
    /// Origin-form, the upstream's base path already in front.
    var target: String
    var headers: [(name: String, value: String)]
    var body: [UInt8]
    /// Set: `body` is empty and the body follows in parts (`UpstreamPool.sendBody`), framed as this says.
    var streamedBody: StreamedBody?
    var answer: AnswerHandling
    /// What the client gets when the upstream fails before an answer began (502, 504 or -32300).
    var failure: (UpstreamFailure) -> HTTPResponse

    /// How the upstream's answer reaches the client.
    enum AnswerHandling {
        /// Streamed as it arrives, its fields filtered (`ForwardHeaders.answerFields`).
        case stream(passCookies: Bool)
        /// Read whole (up to `limit` bytes), then turned into the client's answer: a multicall's merge,
        /// a filtered method list, the REST index with dualgate's `authentication`.
        case rewrite(limit: Int, (UpstreamAnswer) -> HTTPResponse)
    }
}

/// How a streamed request body is framed upstream: the client's length when it gave one, else chunked.
enum StreamedBody: Equatable {
    case length(Int)
    case chunked
}

/// A whole upstream answer, for `AnswerHandling.rewrite`.
struct UpstreamAnswer {
    let status: Int
    let headers: [(name: String, value: String)]
    let body: [UInt8]

    func header(_ name: String) -> String? { ASCIICase.value(of: name, in: headers) }
}

/// Why no answer came from the upstream.
enum UpstreamFailure: Equatable {
    /// Refused, reset, closed early, or an answer that is not valid HTTP.
    case unavailable
    /// Nothing for `--upstream-timeout` seconds.
    case timeout
}

/// What a handler does with a request: answer it here, or forward it.
package enum HandlerReply {
    case response(HTTPResponse)
    case forward(ForwardRequestBox)
}

/// Keeps `HandlerReply` small and the forwarding types internal to the module.
package final class ForwardRequestBox {
    let request: ForwardRequest
    init(_ request: ForwardRequest) { self.request = request }
}

@available(*, unavailable) extension ForwardRequestBox: Sendable {}
