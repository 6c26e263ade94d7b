import RESTRoutes

/// Turns an HTTP request on a REST path into a `RESTRequest` for the router.
struct RESTAdapter {
    let application: RESTApplication

    func handle(_ request: HTTPRequest, target: RESTTarget) -> HTTPResponse {
        let restRequest = RESTRequest(
            method: request.method,
            route: target.route,
            query: target.query,
            header: { request.header($0) },
            body: request.body,
            clientAddress: request.remoteAddress,
            siteURL: SiteURL.of(request))
        let answer = application.handle(restRequest)
        return HTTPResponse(status: answer.status, contentType: "application/json; charset=UTF-8",
                            headers: answer.headers.filter { $0.name.lowercased() != "content-type" }, body: answer.body)
    }
}

@available(*, unavailable) extension RESTAdapter: Sendable {}
