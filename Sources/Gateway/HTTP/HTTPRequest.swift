import WireFormat
/// A fully framed request handed to a handler (head parsed, body de-chunked and capped).
package struct HTTPRequest {
    package var method: String
    /// The raw request-target, e.g. `/wp-json/wp/v2/users/me?context=edit`.
    package var target: String
    /// `target` before `?` (not percent-decoded).
    package var path: Substring {
        guard let mark = queryMark else { return target[...] }
        return target[..<mark]
    }
    /// `target` after the first `?`, or "" (not decoded).
    package var query: Substring {
        guard let mark = queryMark else { return "" }
        return target[target.index(after: mark)...]
    }

    /// Where the first `?` is. The parser admits only visible ASCII in a target, so a search of
    /// the string's own bytes finds what a Character search would, without its cost.
    private var queryMark: String.Index? {
        var text = target
        let offset = text.withUTF8 { bytes in bytes.firstIndex(of: UInt8(ascii: "?")) }
        return offset.map { target.utf8.index(target.utf8.startIndex, offsetBy: $0) }
    }
    /// Minor version: 0 for HTTP/1.0, 1 for HTTP/1.1.
    package var minorVersion: Int
    /// Header fields in order; names as sent.
    package var headers: [(name: String, value: String)]
    package var body: [UInt8]
    package var remoteAddress: String
    /// It came over a TLS connection to dualgate itself (`serve --tls-cert`).
    package var isTLS: Bool

    package init(method: String, target: String, minorVersion: Int, headers: [(name: String, value: String)], body: [UInt8], remoteAddress: String,
                 isTLS: Bool = false) {
        self.isTLS = isTLS
        self.method = method
        self.target = target
        self.minorVersion = minorVersion
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
    }

    /// First value of a header, name compared case-insensitively.
    package func header(_ name: String) -> String? { ASCIICase.value(of: name, in: headers) }
}

/// What a handler answers. The server adds `Date`, `Content-Length` and `Connection`.
package struct HTTPResponse {
    package var status: Int
    package var contentType: String
    package var headers: [(name: String, value: String)]
    package var body: [UInt8]

    package init(status: Int, contentType: String, headers: [(name: String, value: String)] = [], body: [UInt8]) {
        self.status = status
        self.contentType = contentType
        self.headers = headers
        self.body = body
    }
}

/// Made once per event-loop thread, on that thread; called for every request on that loop.
package protocol HTTPRequestHandler: AnyObject {
    func handle(_ request: HTTPRequest) -> HTTPResponse
    /// What the server calls: an answer, or (gateway mode) a request to forward. By default `handle`'s answer.
    func reply(to request: HTTPRequest) -> HandlerReply
    /// Gateway mode, on a head whose body is still to come (`request.body` empty, `length` its framing):
    /// `.forward` streams the body to the upstream as it arrives; `.response` answers before the body
    /// (then the connection closes); nil reads the body whole and calls `reply(to:)` as usual.
    func replyBeforeBody(to request: HTTPRequest, length: BodyFraming) -> HandlerReply?
    /// The loop's request ids, metrics and access log (issue 17); nil: none.
    var observer: RequestObserver? { get }
}

extension HTTPRequestHandler {
    package func reply(to request: HTTPRequest) -> HandlerReply { .response(handle(request)) }
    package func replyBeforeBody(to request: HTTPRequest, length: BodyFraming) -> HandlerReply? { nil }
    package var observer: RequestObserver? { nil }
}
