import CredentialCore

/// WordPress's CORS answer (`rest_send_cors_headers`, and the two lists `WP_REST_Server::serve_request`
/// sends), on every REST answer, errors and OPTIONS preflights included, filtered by the site
/// setting `cors_allowed_origins` (issue 11). XML-RPC gets none, as in WordPress.
///
/// One difference, on purpose: WordPress sends `Access-Control-Expose-Headers` and
/// `Access-Control-Allow-Headers` on every REST answer; browsers read them only on a cross-origin
/// answer, so they go only with an allowed `Origin`, and a request without one (the hot path:
/// an API client) pays one header look-up and nothing else.
enum CORSHeaders {
    static let exposeHeaders = (name: "Access-Control-Expose-Headers", value: "X-WP-Total, X-WP-TotalPages, Link")
    static let allowHeaders = (name: "Access-Control-Allow-Headers",
                               value: "Authorization, X-WP-Nonce, Content-Disposition, Content-MD5, Content-Type")
    static let allowMethods = (name: "Access-Control-Allow-Methods", value: "OPTIONS, GET, POST, PUT, PATCH, DELETE")
    static let allowCredentials = (name: "Access-Control-Allow-Credentials", value: "true")
    static let varyOrigin = (name: "Vary", value: "Origin")

    /// `method` is the request line's (PHP's `REQUEST_METHOD`), not the effective one.
    static func add(to headers: inout [(name: String, value: String)], origin: String?, method: String,
                    isLoggedIn: Bool, allowed: () -> AllowedOrigins) {
        guard let origin, !origin.isEmpty else {
            // WordPress marks an anonymous GET without Origin `Vary: Origin` too: a shared cache
            // must not hand this answer, without Access-Control-Allow-Origin, to a cross-origin one.
            if method == "GET", !isLoggedIn {
                if case .none = allowed() { return }
                headers.append(varyOrigin)
            }
            return
        }
        let reflected: Bool
        switch allowed() {
        case .none: return
        case .any: reflected = isReflectable(origin)
        case .only(let origins): reflected = origins.contains(origin)
        }
        guard reflected else {
            headers.append(varyOrigin)                       // the answer still depends on Origin
            return
        }
        headers.append(contentsOf: [exposeHeaders, allowHeaders, ("Access-Control-Allow-Origin", origin),
                                    allowMethods, allowCredentials, varyOrigin])
    }

    /// What a browser sends as an origin (`scheme://host[:port]`, or `null` from file: and data:
    /// pages, which WordPress reflects too). Anything else is not echoed: WordPress would send its
    /// `sanitize_url` rewrite of it, which no browser would match either.
    static func isReflectable(_ origin: String) -> Bool {
        origin == "null" || (origin.utf8.count <= 256 && origin.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
            case UInt8(ascii: ":"), UInt8(ascii: "/"), UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "_"),
                 UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "+"), UInt8(ascii: "%"), UInt8(ascii: "~"): true
            default: false
            }
        } && origin.utf8.contains(UInt8(ascii: ":")))
    }
}
