import Glibc
import CredentialCore
import RESTRoutes
import XMLRPC

/// Step ③ of a request: picks the protocol from the path. One per event loop, made on its thread,
/// owning that loop's store connection.
final class Dispatcher: HTTPRequestHandler {
    private let xmlrpc: XMLRPCAdapter
    private let rest: RESTAdapter
    /// Issue 16: the pages (sign-in, profile, authorize-application), answered here in both modes.
    private let web: WebUI
    private let store: CredentialStore
    private let trustedProxies: [NetworkRange]
    /// Gateway mode (`serve --upstream`): what is not answered here goes upstream.
    private let forwarder: Forwarder?
    /// Request ids, metrics and the access log of this loop (issue 17).
    let observer: RequestObserver?

    /// `maxBodyBytes` is the server's body limit, which also bounds a body after gzip inflation.
    /// `trustedProxies`: peers whose forwarding headers name the client (`--trusted-proxy`).
    init(store: CredentialStore, registry: MethodRegistry, routes: [RESTRoute], maxBodyBytes: Int, trustedProxies: [NetworkRange] = [],
         gateway: GatewayOptions? = nil, operations: Operations? = nil) {
        xmlrpc = XMLRPCAdapter(endpoint: XMLRPCEndpoint(registry: registry), store: store, maxBodyBytes: maxBodyBytes)
        rest = RESTAdapter(application: RESTApplication(store: store, routes: routes))
        web = WebUI(store: store)
        self.store = store
        self.trustedProxies = trustedProxies
        let observer = operations.map { RequestObserver(operations: $0, trustedProxies: trustedProxies) }
        self.observer = observer
        if let operations, operations.metrics != nil || operations.accessLog != nil { store.observer = observer }
        forwarder = gateway.map { options in
            var forwarder = Forwarder(options: options, upstreamCredential: { [store] caller in
                guard let key = options.secretKey,
                      let credential = try? store.upstreamCredential(forUserID: caller.user.id, key: key) else { return nil }
                return (credential.login, credential.password)
            })
            if let observer { forwarder.requestID = { [unowned observer] in observer.requestID } }
            return forwarder
        }
    }

    func reply(to request: HTTPRequest) -> HandlerReply {
        guard observer != nil else { return unobservedReply(to: request) }
        observing(request)
        defer { store.requestID = nil }
        return unobservedReply(to: request)
    }

    /// Issue 17: while a request is handled its id is on its store's audit events (`Connection` writes it
    /// on the answer), and the client behind trusted proxies goes to its access-log line.
    private func observing(_ request: HTTPRequest) {
        guard let observer else { return }
        store.requestID = observer.requestID
        if !trustedProxies.isEmpty { observer.noteClient(ClientOrigin.of(request, trusting: trustedProxies).address) }
    }

    private func unobservedReply(to request: HTTPRequest) -> HandlerReply {
        guard let forwarder else { return .response(handle(request)) }
        let origin = ClientOrigin.of(request, trusting: trustedProxies)
        let reply = gatewayReply(request, origin, forwarder)
        guard origin.isHTTPS, case .response(let response) = reply else { return reply }
        return .response(withHSTS(response))
    }

    /// Gateway mode: REST routes that are not dualgate's, and pages, forward their body as it arrives.
    func replyBeforeBody(to request: HTTPRequest, length: BodyFraming) -> HandlerReply? {
        guard let forwarder else { return nil }
        observing(request)
        defer { store.requestID = nil }
        let streamed: StreamedBody
        switch length {
        case .none: return nil
        case .length(let count): streamed = .length(count)
        case .chunked: streamed = .chunked
        }
        let origin = ClientOrigin.of(request, trusting: trustedProxies)
        switch Destination(request) {
        case .health, .xmlrpc:
            return nil   // XML-RPC is read whole: its credentials are inside the body
        case .rest(let target):
            return rest.replyBeforeBody(request, target: target, origin: origin, forwarder: forwarder, streamedBody: streamed)
        case .notFound:
            // dualgate's own pages read their (small) form bodies whole.
            return WebUI.serves(request.path) ? nil : forwarder.page(request, origin: origin, streamedBody: streamed)
        }
    }

    private func gatewayReply(_ request: HTTPRequest, _ origin: ClientOrigin, _ forwarder: Forwarder) -> HandlerReply {
        switch Destination(request) {
        case .health:
            return .response(answer(request, origin))
        case .xmlrpc:
            return xmlrpc.reply(request, origin: origin, forwarder: forwarder)
        case .rest(let target):
            return rest.reply(request, target: target, origin: origin, forwarder: forwarder)
        case .notFound:
            // dualgate's pages (issue 16), `/wp-login.php` among them: WordPress's interactive login
            // (its account passwords) is never forwarded; people sign in to dualgate's own.
            if let page = web.answer(request, origin: origin) { return .response(page) }
            return forwarder.page(request, origin: origin)
        }
    }

    func handle(_ request: HTTPRequest) -> HTTPResponse {
        let origin = ClientOrigin.of(request, trusting: trustedProxies)
        guard origin.isHTTPS else { return answer(request, origin) }
        return withHSTS(answer(request, origin))
    }

    /// An answer to an HTTPS request (native TLS, or a trusted proxy's report): tell browsers to stay on
    /// it (`hsts_max_age`, 0 = off).
    private func withHSTS(_ response: HTTPResponse) -> HTTPResponse {
        let maxAge = store.lastReadSettings.hstsMaxAge
        guard maxAge > 0 else { return response }
        var response = response
        response.headers.append(("Strict-Transport-Security", "max-age=\(maxAge)"))
        return response
    }

    private func answer(_ request: HTTPRequest, _ origin: ClientOrigin) -> HTTPResponse {
        switch Destination(request) {
        case .health:
            guard request.method == "GET" || request.method == "HEAD" else {
                return .plainText(405, "Method Not Allowed: /healthz answers GET and HEAD.\n", headers: [("Allow", "GET, HEAD")])
            }
            return HTTPResponse(status: 200, contentType: "application/json", body: Array(#"{"status":"ok"}"#.utf8))
        case .xmlrpc:
            return xmlrpc.handle(request, origin: origin)
        case .rest(let target):
            return rest.handle(request, target: target, origin: origin)
        case .notFound:
            if let page = web.answer(request, origin: origin) { return page }
            return .plainText(404, "Not Found. dualgate serves /xmlrpc.php, /wp-json/, /wp-login.php, /wp-admin/ and /healthz.\n")
        }
    }
}

@available(*, unavailable) extension Dispatcher: Sendable {}

/// Where a request target leads (contract: HTTP).
enum Destination {
    case health
    case xmlrpc
    case rest(RESTTarget)
    case notFound

    init(_ request: HTTPRequest) {
        // Most requests are REST on the pretty form: no need to compare them with the fixed paths.
        var target = request.target
        if target.withUTF8({ $0.count >= 8 && memcmp($0.baseAddress!, "/wp-json", 8) == 0 }) {
            self = RESTTarget(target: request.target).map(Destination.rest) ?? .notFound
            return
        }
        switch request.path {
        case "/healthz": self = .health
        case "/xmlrpc.php", "/xmlrpc", "/RPC2": self = .xmlrpc
        default: self = RESTTarget(target: request.target).map(Destination.rest) ?? .notFound
        }
    }
}

extension HTTPResponse {
    static func plainText(_ status: Int, _ text: String, headers: [(name: String, value: String)] = []) -> HTTPResponse {
        HTTPResponse(status: status, contentType: "text/plain; charset=UTF-8", headers: headers, body: Array(text.utf8))
    }
}
