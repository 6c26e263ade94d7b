/// A response status code with its reason phrase (RFC 9110 §15).
package struct HTTPStatus: Equatable, Hashable, Sendable, CustomStringConvertible {
    package let code: Int

    package init(_ code: Int) { self.code = code }

    package static let `continue` = HTTPStatus(100)
    package static let ok = HTTPStatus(200)
    package static let badRequest = HTTPStatus(400)
    package static let requestTimeout = HTTPStatus(408)
    package static let contentTooLarge = HTTPStatus(413)
    package static let requestHeaderFieldsTooLarge = HTTPStatus(431)
    package static let notImplemented = HTTPStatus(501)
    package static let httpVersionNotSupported = HTTPStatus(505)

    package var description: String { "\(code) \(reasonPhrase)" }

    /// RFC 9110 §15 phrases; unknown codes get a class-generic phrase so the status line stays valid.
    package var reasonPhrase: StaticString {
        switch code {
        case 100: "Continue"
        case 101: "Switching Protocols"
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 203: "Non-Authoritative Information"
        case 204: "No Content"
        case 205: "Reset Content"
        case 206: "Partial Content"
        case 300: "Multiple Choices"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 303: "See Other"
        case 304: "Not Modified"
        case 307: "Temporary Redirect"
        case 308: "Permanent Redirect"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 402: "Payment Required"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 406: "Not Acceptable"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 410: "Gone"
        case 411: "Length Required"
        case 412: "Precondition Failed"
        case 413: "Content Too Large"
        case 414: "URI Too Long"
        case 415: "Unsupported Media Type"
        case 416: "Range Not Satisfiable"
        case 417: "Expectation Failed"
        case 421: "Misdirected Request"
        case 422: "Unprocessable Content"
        case 426: "Upgrade Required"
        case 428: "Precondition Required"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        case 505: "HTTP Version Not Supported"
        case 100..<200: "Informational"
        case 200..<300: "Success"
        case 300..<400: "Redirection"
        case 400..<500: "Client Error"
        default: "Server Error"
        }
    }
}
