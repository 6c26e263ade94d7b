import RESTRoutes

/// Turns an HTTP request on a REST path into a `RESTRequest` for the router.
struct RESTAdapter {
    let application: RESTApplication

    func handle(_ request: HTTPRequest, target: RESTTarget, origin: ClientOrigin) -> HTTPResponse {
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
        let answer = application.handle(restRequest)
        return HTTPResponse(status: answer.status, contentType: answer.contentType, headers: answer.headers, body: answer.body)
    }

}

@available(*, unavailable) extension RESTAdapter: Sendable {}
