import RESTRoutes

/// Turns an HTTP request on a REST path into a `RESTRequest` for the router.
struct RESTAdapter {
    let application: RESTApplication

    func handle(_ request: HTTPRequest, target: RESTTarget) -> HTTPResponse {
        let restRequest = RESTRequest(
            method: request.method,
            route: target.route,
            query: target.query,
            headers: request.headers,
            body: request.body,
            clientAddress: request.remoteAddress,
            siteURL: SiteURL.of(request))
        var answer = application.handle(restRequest)
        answer.headers.removeAll { Self.isContentType($0.name) }       // in place: the array is this answer's own
        return HTTPResponse(status: answer.status, contentType: "application/json; charset=UTF-8",
                            headers: answer.headers, body: answer.body)
    }

    /// `name.lowercased() == "content-type"`, without the lower-cased copy for ASCII names.
    private static func isContentType(_ name: String) -> Bool {
        var text = name
        let ascii: Bool? = text.withUTF8 { bytes in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            return ASCII.equalsLowercase(UnsafeRawBufferPointer(bytes), "content-type")
        }
        return ascii ?? (name.lowercased() == "content-type")
    }
}

@available(*, unavailable) extension RESTAdapter: Sendable {}
