import CredentialCore
import XMLRPC

/// Turns an HTTP request on an XML-RPC path into an `XMLRPCEndpoint` call (contract: HTTP, Authentication),
/// undoing and applying gzip content coding as CPython's `xmlrpc.client` expects (xmlrpc.md §7).
struct XMLRPCAdapter {
    let endpoint: XMLRPCEndpoint
    let store: CredentialStore
    /// The server's body limit, applied again to the body after inflation.
    let maxBodyBytes: Int

    func handle(_ request: HTTPRequest, origin: ClientOrigin) -> HTTPResponse {
        switch readBody(request) {
        case .failure(let refusal): return refusal.response
        case .success(let body): return respond(request, endpoint.handle(body: body, context: context(request, origin)))
        }
    }

    /// Gateway mode: `dualgate.*` answered here, every other call checked and forwarded with the caller's
    /// upstream credential in place of the client's (XMLRPC/Forwarding).
    func reply(_ request: HTTPRequest, origin: ClientOrigin, forwarder: Forwarder) -> HandlerReply {
        let settings = store.settings
        guard settings.xmlrpcEnabled else {
            // WordPress's own switch answers this fault; nothing reaches the upstream.
            return .response(respond(request, ValueEncoder.fault(Fault(code: 405, "XML-RPC services are disabled on this site."))))
        }
        let body: [UInt8]
        switch readBody(request) {
        case .failure(let refusal): return .response(refusal.response)
        case .success(let decoded): body = decoded
        }
        let options = forwarder.options
        var forwarding = XMLRPCForwarding(catalogue: options.catalogue, forwardUnknown: options.forwardsUnknownMethods,
                                          pingbacksAllowed: settings.xmlrpcPingbacks, credentials: .identityHeaders)
        if case .credentials = options.authentication { forwarding.credentials = .translate(forwarder.upstreamCredential) }
        switch endpoint.route(body: body, context: context(request, origin), forwarding: forwarding) {
        case .answer(let answer):
            return .response(respond(request, answer))
        case .forward(let call):
            return forwarder.xmlrpc(request, call, origin: origin)
        }
    }

    private func readBody(_ request: HTTPRequest) -> Result<[UInt8], RefusedBody> {
        guard request.method == "POST" else {
            // WordPress's xmlrpc.php answer, word for word.
            return .failure(RefusedBody(.plainText(405, "XML-RPC server accepts POST requests only.", headers: [("Allow", "POST")])))
        }
        switch ContentCoding.decode(request.body, contentEncoding: request.header("Content-Encoding"), limit: maxBodyBytes) {
        case .body(let decoded):
            return .success(decoded)
        case .unsupported:
            // RFC 9110 §15.5.16: say which codings we do accept.
            return .failure(RefusedBody(.plainText(415, "Unsupported Content-Encoding: send identity or gzip.\n", headers: [("Accept-Encoding", "gzip, identity")])))
        case .tooLarge:
            return .failure(RefusedBody(.plainText(413, "Content Too Large: the inflated body is over \(maxBodyBytes) bytes.\n")))
        case .corrupt:
            // A transport-level problem (the coding, not the XML), so an HTTP status, not a fault.
            return .failure(RefusedBody(.plainText(400, "Bad Request: the body is not valid gzip.\n")))
        }
    }

    private func context(_ request: HTTPRequest, _ origin: ClientOrigin) -> CallContext {
        CallContext(
            store: store,
            basicCredentials: request.header("Authorization").flatMap { BasicCredentials(authorizationHeader: $0) },
            clientAddress: origin.address,
            siteURL: SiteURL.of(request, https: origin.isHTTPS),
            transport: origin.transport)
    }

    /// A `methodResponse` as the HTTP answer, gzipped when the client accepts it.
    func respond(_ request: HTTPRequest, _ answer: [UInt8]) -> HTTPResponse {
        // Caches between us and the client must not hand a gzipped answer to one that did not ask.
        var headers: [(name: String, value: String)] = [("Vary", "Accept-Encoding")]
        if answer.count > ContentCoding.responseThreshold, ContentCoding.acceptsGzip(request.header("Accept-Encoding")),
           let compressed = Gzip.deflate(answer) {
            headers.append(("Content-Encoding", "gzip"))
            return HTTPResponse(status: 200, contentType: "text/xml; charset=UTF-8", headers: headers, body: compressed)
        }
        return HTTPResponse(status: 200, contentType: "text/xml; charset=UTF-8", headers: headers, body: answer)
    }
}

/// A body the adapter refuses before any XML is read, with its HTTP answer.
struct RefusedBody: Error {
    let response: HTTPResponse
    init(_ response: HTTPResponse) { self.response = response }
}

@available(*, unavailable) extension XMLRPCAdapter: Sendable {}
