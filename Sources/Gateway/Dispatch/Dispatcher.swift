import CredentialCore
import RESTRoutes
import XMLRPC

/// Step ③ of a request: picks the protocol from the path. One per event loop, made on its thread,
/// owning that loop's store connection.
final class Dispatcher: HTTPRequestHandler {
    private let xmlrpc: XMLRPCAdapter
    private let rest: RESTAdapter

    init(store: CredentialStore, registry: MethodRegistry) {
        xmlrpc = XMLRPCAdapter(endpoint: Endpoint(registry: registry), store: store)
        rest = RESTAdapter(application: RESTApplication(store: store))
    }

    func handle(_ request: HTTPRequest) -> HTTPResponse {
        let path = request.path
        switch Route(path: path, query: request.query) {
        case .health:
            guard request.method == "GET" || request.method == "HEAD" else {
                return .plainText(405, "Method Not Allowed: /healthz answers GET and HEAD.\n", headers: [("Allow", "GET, HEAD")])
            }
            return HTTPResponse(status: 200, contentType: "application/json", body: Array(#"{"status":"ok"}"#.utf8))
        case .xmlrpc:
            return xmlrpc.handle(request)
        case .rest(let route):
            return rest.handle(request, route: route)
        case .notFound:
            return .plainText(404, "Not Found. dualgate serves /xmlrpc.php, /wp-json/ and /healthz.\n")
        }
    }
}

@available(*, unavailable) extension Dispatcher: Sendable {}

/// Where a request target leads (contract: HTTP).
enum Route: Equatable {
    case health
    case xmlrpc
    /// The REST route, e.g. `/wp/v2/users/me`: the raw path after `/wp-json`, as WordPress's
    /// route patterns match it, or the decoded `rest_route` value.
    case rest(String)
    case notFound

    init(path: Substring, query: Substring) {
        switch path {
        case "/healthz": self = .health
        case "/xmlrpc.php", "/xmlrpc", "/RPC2": self = .xmlrpc
        case "/wp-json", "/wp-json/": self = .rest("/")
        case _ where path.hasPrefix("/wp-json/"): self = .rest(String(path.dropFirst("/wp-json".count)))
        case "/", "/index.php":
            // WordPress's plain-permalink form: `/?rest_route=/wp/v2/…`.
            if let route = QueryString.firstValue(named: "rest_route", in: query) {
                self = .rest(route.isEmpty ? "/" : route)
            } else {
                self = .notFound
            }
        default: self = .notFound
        }
    }
}

extension HTTPResponse {
    static func plainText(_ status: Int, _ text: String, headers: [(name: String, value: String)] = []) -> HTTPResponse {
        HTTPResponse(status: status, contentType: "text/plain; charset=UTF-8", headers: headers, body: Array(text.utf8))
    }
}
