import RESTRoutes

/// Turns an HTTP request on a REST path into a `RESTRequest` for the router.
struct RESTAdapter {
    let application: RESTApplication
    /// The site URL of the last Host seen: one adapter per loop, and clients repeat their Host.
    private let lastSiteURL = SiteURL.Memo()

    func handle(_ request: HTTPRequest, target: RESTTarget, origin: ClientOrigin) -> HTTPResponse {
        HTTPResponse(application.handle(restRequest(request, target: target, origin: origin)))
    }

    /// Gateway mode: dualgate's own routes are answered, the rest forwarded as the caller they authenticate.
    func reply(_ request: HTTPRequest, target: RESTTarget, origin: ClientOrigin, forwarder: Forwarder) -> HandlerReply {
        let restRequest = restRequest(request, target: target, origin: origin)
        switch application.decide(restRequest) {
        case .answer(let answer):
            return .response(HTTPResponse(answer))
        case .forward(let caller):
            return forwarder.rest(request, restRequest, caller: caller, application: application,
                                  isIndex: target.route.allSatisfy { $0 == "/" }, origin: origin)
        }
    }

    /// Gateway mode, on the head of a request whose body is coming: a route forwarded is judged and sent
    /// now, its body streaming behind; dualgate's own routes (nil) read their body first.
    func replyBeforeBody(_ request: HTTPRequest, target: RESTTarget, origin: ClientOrigin, forwarder: Forwarder,
                         streamedBody: StreamedBody) -> HandlerReply? {
        let restRequest = restRequest(request, target: target, origin: origin)
        guard !application.serves(restRequest) else { return nil }
        switch application.decide(restRequest) {
        case .answer(let answer):
            return .response(HTTPResponse(answer))
        case .forward(let caller):
            return forwarder.rest(request, restRequest, caller: caller, application: application, isIndex: false, origin: origin,
                                  streamedBody: streamedBody)
        }
    }

    private func restRequest(_ request: HTTPRequest, target: RESTTarget, origin: ClientOrigin) -> RESTRequest {
        var restRequest = RESTRequest(
            method: request.method,
            route: target.route,
            query: target.query,
            headers: request.headers,
            body: request.body,
            clientAddress: origin.address,
            siteURL: lastSiteURL.of(request, https: origin.isHTTPS))
        restRequest.invalidUTF8Query = target.invalidUTF8Query
        restRequest.transport = origin.transport
        return restRequest
    }

}

@available(*, unavailable) extension RESTAdapter: Sendable {}
