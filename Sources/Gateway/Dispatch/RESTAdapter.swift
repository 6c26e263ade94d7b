import RESTRoutes

/// Turns an HTTP request on a REST path into a `RESTRequest` for the router.
struct RESTAdapter {
    let application: RESTApplication

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

    private func restRequest(_ request: HTTPRequest, target: RESTTarget, origin: ClientOrigin) -> RESTRequest {
        var restRequest = RESTRequest(
            method: request.method,
            route: target.route,
            query: target.query,
            headers: request.headers,
            body: request.body,
            clientAddress: origin.address,
            siteURL: SiteURL.of(request, https: origin.isHTTPS))
        restRequest.invalidUTF8Query = target.invalidUTF8Query
        restRequest.transport = origin.transport
        return restRequest
    }

}

@available(*, unavailable) extension RESTAdapter: Sendable {}
