import CredentialCore
import XMLRPC

/// Turns an HTTP request on an XML-RPC path into an `Endpoint` call (contract: HTTP, Authentication).
struct XMLRPCAdapter {
    let endpoint: Endpoint
    let store: CredentialStore

    func handle(_ request: HTTPRequest) -> HTTPResponse {
        guard request.method == "POST" else {
            // WordPress's xmlrpc.php answer, word for word.
            return .plainText(405, "XML-RPC server accepts POST requests only.", headers: [("Allow", "POST")])
        }
        let context = CallContext(
            store: store,
            basicCredentials: request.header("Authorization").flatMap { BasicCredentials(authorizationHeader: $0) },
            clientAddress: request.remoteAddress,
            siteURL: SiteURL.of(request))
        let body = endpoint.handle(body: request.body, context: context)
        return HTTPResponse(status: 200, contentType: "text/xml; charset=UTF-8", body: body)
    }
}

@available(*, unavailable) extension XMLRPCAdapter: Sendable {}
