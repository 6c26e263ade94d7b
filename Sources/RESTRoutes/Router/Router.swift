/// Routes in WordPress's registration order; the first route whose pattern matches and that has
/// an endpoint for the method wins (`WP_REST_Server::match_request_to_handler`), so a PUT on
/// `…/introspect` falls through to the `…/(?P<uuid>…)` route.
struct Router {
    let routes: [RESTRoute]
    /// A match depends only on the path and the method, and clients repeat both: matching every
    /// pattern was a quarter of an unauthenticated `users/me` (callgrind). One per router, and a
    /// router belongs to one loop thread.
    private let known = KnownMatches()

    init(routes: [RESTRoute]) { self.routes = routes }

    /// A route and endpoint that serve a path and method, with the path's URL parameters. A class, so
    /// that a remembered match is handed out as one reference: as a value (a route and an endpoint,
    /// each a dozen references) copying and destroying it cost ~900 instructions a request (callgrind W1).
    final class Match {
        let route: RESTRoute
        let endpoint: RESTEndpoint
        let parameters: [String: String]

        init(route: RESTRoute, endpoint: RESTEndpoint, parameters: [String: String]) {
            self.route = route
            self.endpoint = endpoint
            self.parameters = parameters
        }
    }

    /// nil when no route serves `path` with `method`.
    func match(_ path: String, method: String) -> Match? {
        let key = KnownMatches.Key(path: path, method: method)
        if let known = known.entries[key] { return known }
        let match = matchPatterns(path, method: method)
        if known.entries.count >= KnownMatches.capacity { known.entries.removeAll(keepingCapacity: true) }
        known.entries[key] = .some(match)
        return match
    }

    private func matchPatterns(_ path: String, method: String) -> Match? {
        let parts = RoutePattern.split(path)
        for route in routes {
            guard let parameters = route.pattern.match(parts: parts) else { continue }
            if let endpoint = route.endpoints.first(where: { $0.serves(method) }) {
                return Match(route: route, endpoint: endpoint, parameters: parameters)
            }
        }
        return nil
    }

    /// Whether any route's pattern matches `path`, whatever the method; remembered like `match`. A
    /// gateway asks this of every path it forwards (none of ours match), and splitting the path and
    /// trying every pattern was a twelfth of a forwarded request (callgrind).
    func hasRoute(for path: String) -> Bool {
        if let owned = known.owned[path] { return owned }
        let owned = route(for: path) != nil
        if known.owned.count >= KnownMatches.capacity { known.owned.removeAll(keepingCapacity: true) }
        known.owned[path] = owned
        return owned
    }

    /// The first route whose pattern matches, whatever the method (OPTIONS, `rest_handle_options_request`).
    func route(for path: String) -> (RESTRoute, [String: String])? {
        let parts = RoutePattern.split(path)
        for route in routes {
            if let parameters = route.pattern.match(parts: parts) { return (route, parameters) }
        }
        return nil
    }

    /// WordPress drops a trailing slash before routing (`untrailingslashit`); empty means the index.
    static func normalise(_ route: String) -> String {
        // ASCII (nearly every route): the same steps on bytes, without Character counting.
        var text = route
        let ascii: (end: Int, rooted: Bool)? = text.withUTF8 { bytes in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            var end = bytes.count
            while end > 1, bytes[end - 1] == UInt8(ascii: "/") { end -= 1 }
            return (end, bytes.first == UInt8(ascii: "/"))
        }
        if let (end, rooted) = ascii {
            if end == 0 { return "/" }
            let trimmed = end == route.utf8.count ? route : String(decoding: route.utf8.prefix(end), as: UTF8.self)
            return rooted ? trimmed : "/" + trimmed
        }
        var path = Substring(route)
        while path.count > 1, path.hasSuffix("/") { path = path.dropLast() }
        if path.isEmpty { return "/" }
        return path.hasPrefix("/") ? String(path) : "/" + path
    }
}

/// `Router.match` answers by path and method (and `hasRoute` by path); bounded (a client can send endless distinct
/// paths): when full it starts again empty.
final class KnownMatches {
    struct Key: Hashable {
        let path: String
        let method: String
    }

    static let capacity = 512
    // Unchecked exclusivity: one router per loop thread, and a lookup calls out to nothing of ours.
    @exclusivity(unchecked) var entries: [Key: Router.Match?] = [:]
    /// `Router.hasRoute`'s answers, by path.
    @exclusivity(unchecked) var owned: [String: Bool] = [:]
}

@available(*, unavailable) extension KnownMatches: Sendable {}
