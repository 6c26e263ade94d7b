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
        guard request.method == "POST" else {
            // WordPress's xmlrpc.php answer, word for word.
            return .plainText(405, "XML-RPC server accepts POST requests only.", headers: [("Allow", "POST")])
        }
        let body: [UInt8]
        switch ContentCoding.decode(request.body, contentEncoding: request.header("Content-Encoding"), limit: maxBodyBytes) {
        case .body(let decoded):
            body = decoded
        case .unsupported:
            // RFC 9110 §15.5.16: say which codings we do accept.
            return .plainText(415, "Unsupported Content-Encoding: send identity or gzip.\n", headers: [("Accept-Encoding", "gzip, identity")])
        case .tooLarge:
            return .plainText(413, "Content Too Large: the inflated body is over \(maxBodyBytes) bytes.\n")
        case .corrupt:
            // A transport-level problem (the coding, not the XML), so an HTTP status, not a fault.
            return .plainText(400, "Bad Request: the body is not valid gzip.\n")
        }
        let context = CallContext(
            store: store,
            basicCredentials: request.header("Authorization").flatMap { BasicCredentials(authorizationHeader: $0) },
            clientAddress: origin.address,
            siteURL: SiteURL.of(request, https: origin.isHTTPS),
            transport: origin.transport)
        let answer = endpoint.handle(body: body, context: context)
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

@available(*, unavailable) extension XMLRPCAdapter: Sendable {}
