import RESTRoutes
import WireFormat

/// Turns an HTTP request on a REST path into a `RESTRequest` for the router.
struct RESTAdapter {
    let application: RESTApplication

    func handle(_ request: HTTPRequest, target: RESTTarget) -> HTTPResponse {
        var restRequest = RESTRequest(
            method: request.method,
            route: target.route,
            query: target.query,
            headers: request.headers,
            body: request.body,
            clientAddress: request.remoteAddress,
            siteURL: SiteURL.of(request))
        restRequest.invalidUTF8Query = target.invalidUTF8Query
        var answer = application.handle(restRequest)
        answer.headers.removeAll { ASCIICase.isLowercase($0.name, "content-type") }       // in place: the array is this answer's own
        return HTTPResponse(status: answer.status, contentType: "application/json; charset=UTF-8",
                            headers: answer.headers, body: answer.body)
    }

}

@available(*, unavailable) extension RESTAdapter: Sendable {}
