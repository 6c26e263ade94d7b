import Glibc
import CredentialCore
import RESTRoutes
import WireFormat
import XMLRPC

/// Gateway mode, step ③½: builds the request the upstream gets once the protocol side decided to forward:
/// the client's fields minus what must not cross, the caller's upstream credential (or signed identity)
/// instead of the client's, and the client's answer for each way the upstream can fail.
struct Forwarder {
    let options: GatewayOptions
    /// The caller's credential at the upstream (`dualgate upstream set`); nil when the user has none.
    let upstreamCredential: (Caller) -> (login: String, password: String)?
    /// The id of the request being forwarded (`X-Request-Id`), when the loop makes ids.
    var requestID: () -> String? = { nil }
    /// The last `Authorization` value made, for the next request of the same user (one dispatcher, one loop).
    private let lastBasic = BasicHeaderMemo()

    /// What the upstream needs to know about the caller, or nil when it cannot be told (no upstream credential).
    func authorization(for caller: Caller?, method: String, target: String, api: APIType) -> [(name: String, value: String)]? {
        switch options.authentication {
        case .identityHeaders(let signer):
            return signer.headers(method: method, target: target, caller: caller, api: api, now: Int(time(nil)))
        case .credentials:
            guard let caller else { return [] }
            guard let credential = upstreamCredential(caller) else { return nil }
            return [("Authorization", lastBasic.header(login: credential.login, password: credential.password))]
        }
    }

    static func basic(login: String, password: String) -> String {
        var encoded: [UInt8] = []
        Base64.encode(Array("\(login):\(password)".utf8), into: &encoded)
        return "Basic " + String(decoding: encoded, as: UTF8.self)
    }

    /// Remembers the last upstream `Authorization` value: clients repeat their user, and encoding it again
    /// was a twentieth of a forwarded request (callgrind). It holds what the store's upstream credential
    /// cache already holds, no more.
    final class BasicHeaderMemo {
        @exclusivity(unchecked) private var last: (login: String, password: String, header: String)?

        func header(login: String, password: String) -> String {
            if let last, last.login == login, last.password == password { return last.header }
            let header = Forwarder.basic(login: login, password: password)
            last = (login, password, header)
            return header
        }
    }

    /// The upstream target for a client's target.
    func target(_ clientTarget: String) -> String { options.origin.basePath + clientTarget }

    func fields(of request: HTTPRequest, origin: ClientOrigin, dropping extra: Set<String> = []) -> [(name: String, value: String)] {
        var fields = ForwardHeaders.request(from: request.headers, authority: options.origin.authority, clientAddress: origin.address,
                                            https: origin.isHTTPS, passCookies: options.passCookies, dropping: extra)
        if let id = requestID() { fields.append(("X-Request-Id", id)) }
        return fields
    }

    // MARK: REST

    func rest(_ request: HTTPRequest, _ restRequest: RESTRequest, caller: Caller?, application: RESTApplication,
              isIndex: Bool, origin: ClientOrigin, streamedBody: StreamedBody? = nil) -> HandlerReply {
        let target = target(request.target)
        guard let identity = authorization(for: caller, method: request.method, target: target, api: .rest) else {
            return .response(HTTPResponse(application.answer(.noUpstreamCredential, to: restRequest, isLoggedIn: true)))
        }
        // The index is rewritten (dualgate's `authentication`), so it must come uncompressed.
        var headers = fields(of: request, origin: origin, dropping: isIndex ? ["accept-encoding"] : [])
        headers += identity
        let failure: (UpstreamFailure) -> HTTPResponse = { failure in
            HTTPResponse(application.answer(failure == .timeout ? .upstreamTimeout : .upstreamUnavailable, to: restRequest, isLoggedIn: caller != nil))
        }
        var answer = ForwardRequest.AnswerHandling.stream(passCookies: options.passCookies)
        if isIndex {
            let passCookies = options.passCookies
            let siteURL = restRequest.siteURL
            let available = application.passwordsAvailable
            answer = .rewrite(limit: 16 * 1024 * 1024) { upstream in
                var fields = ForwardHeaders.answer(from: upstream.headers, passCookies: passCookies)
                let contentType = upstream.header("content-type") ?? "application/json; charset=UTF-8"
                fields.removeAll { ASCIICase.isLowercase($0.name, "content-type") }
                let body = upstream.status == 200 ? GatewayIndex.rewrite(upstream.body, siteURL: siteURL, passwordsAvailable: available) : nil
                return HTTPResponse(status: upstream.status, contentType: contentType, headers: fields, body: body ?? upstream.body)
            }
        }
        return .forward(ForwardRequestBox(ForwardRequest(method: request.method, target: target, headers: headers, body: request.body,
                                                         streamedBody: streamedBody, answer: answer, failure: failure)))
    }

    // MARK: Everything else (pages, feeds, files)

    /// Paths that are neither API: forwarded anonymously (no credential of any kind crosses).
    func page(_ request: HTTPRequest, origin: ClientOrigin, streamedBody: StreamedBody? = nil) -> HandlerReply {
        let failure: (UpstreamFailure) -> HTTPResponse = { failure in
            failure == .timeout
                ? .plainText(504, "Gateway Timeout: the site behind dualgate did not answer in time.\n")
                : .plainText(502, "Bad Gateway: the site behind dualgate did not answer.\n")
        }
        var headers = fields(of: request, origin: origin)
        if case .identityHeaders(let signer) = options.authentication {
            headers += signer.headers(method: request.method, target: target(request.target), caller: nil, api: .rest, now: Int(time(nil)))
        }
        return .forward(ForwardRequestBox(ForwardRequest(method: request.method, target: target(request.target), headers: headers,
                                                         body: request.body, streamedBody: streamedBody,
                                                         answer: .stream(passCookies: options.passCookies), failure: failure)))
    }
}

extension HTTPResponse {
    init(_ answer: RESTResponse) {
        self.init(status: answer.status, contentType: answer.contentType, headers: answer.headers, body: answer.body)
    }
}

extension Forwarder {
    /// An XML-RPC call checked and rewritten by `XMLRPCEndpoint.route`: its body goes upstream; the answer
    /// streams back, or is rewritten (a multicall's merge, a method list) when the call needs it.
    func xmlrpc(_ request: HTTPRequest, _ call: UpstreamCall, origin: ClientOrigin) -> HandlerReply {
        let target = target(request.target)
        let identity: [(name: String, value: String)]
        if case .identityHeaders(let signer) = options.authentication {
            identity = signer.headers(method: "POST", target: target, caller: call.caller, api: .xmlrpc, now: Int(time(nil)))
        } else {
            identity = []
        }
        // The body is ours now (decoded, re-encoded): its coding and length are not the client's.
        var dropped: Set<String> = ["content-encoding", "content-type"]
        if call.needsAnswerRewrite { dropped.insert("accept-encoding") }
        var headers = fields(of: request, origin: origin, dropping: dropped)
        headers.append(("Content-Type", "text/xml; charset=UTF-8"))
        headers += identity
        let failure: (UpstreamFailure) -> HTTPResponse = { failure in
            let detail = failure == .timeout ? "the site behind dualgate did not answer in time" : "the site behind dualgate did not answer"
            return HTTPResponse(status: 200, contentType: "text/xml; charset=UTF-8", body: ValueEncoder.fault(.transportError(detail)))
        }
        var answer = ForwardRequest.AnswerHandling.stream(passCookies: options.passCookies)
        if call.needsAnswerRewrite {
            answer = .rewrite(limit: 16 * 1024 * 1024) { upstream in
                // Not a methodResponse: every forwarded entry gets the transport fault.
                let body = upstream.status == 200 ? call.clientAnswer(fromUpstream: upstream.body)
                    : ValueEncoder.fault(.transportError("the site behind dualgate answered HTTP \(upstream.status)"))
                return HTTPResponse(status: 200, contentType: "text/xml; charset=UTF-8", body: body)
            }
        }
        return .forward(ForwardRequestBox(ForwardRequest(method: "POST", target: target, headers: headers, body: call.body,
                                                         streamedBody: nil, answer: answer, failure: failure)))
    }
}
