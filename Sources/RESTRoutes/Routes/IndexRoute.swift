/// `GET /wp-json/`: the site description WordPress clients read first (§10). The
/// `authentication` member tells them where applications are authorised.
enum IndexRoute {
    static var route: RESTRoute { RESTRoute("/", namespace: "", builtIn: [
        RESTEndpoint(RESTEndpoint.readable, arguments: [.context]) { context throws(RESTError) in
            RESTReply(body(context))
        },
    ]) }

    static func body(_ context: RESTRouteContext) -> JSON {
        let site = context.request.siteURL
        let links = context.links
        return .object([
            ("name", "dualgate"),
            ("description", ""),
            ("url", .string(site)),
            ("home", .string(site)),
            ("gmt_offset", 0),
            ("timezone_string", ""),
            ("page_for_posts", 0),
            ("page_on_front", 0),
            ("show_on_front", "posts"),
            ("namespaces", ["wp/v2"]),
            ("authentication", authentication(site: site, available: context.isAvailable)),
            ("routes", .object(context.routes.map { ($0.pattern.text, RouteDescription.describe($0, links: links, withSchema: false)) })),
            ("_links", .object([("help", links.link("https://developer.wordpress.org/rest-api/"))])),
        ])
    }

    /// Where applications are authorised; an empty PHP array (`[]`) when application passwords are unavailable (§10).
    static func authentication(site: String, available: Bool) -> JSON {
        available ? .object([("application-passwords", .object([
            ("endpoints", .object([("authorization", .string(site + "/wp-admin/authorize-application.php"))])),
        ]))]) : .array([])
    }
}
