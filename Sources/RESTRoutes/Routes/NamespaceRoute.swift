/// `GET /wp-json/wp/v2`: the namespace index (`WP_REST_Server::get_namespace_index`): the
/// namespace's routes and an `up` link to the site index.
enum NamespaceRoute {
    static let namespace = "wp/v2"

    static var route: RESTRoute { RESTRoute("/wp/v2", namespace: namespace, builtIn: [
        RESTEndpoint(RESTEndpoint.readable, arguments: [.context]) { context throws(RESTError) in
            let routes = context.routes.filter { $0.namespace == namespace }
            return RESTReply(.object([
                ("namespace", .string(namespace)),
                ("routes", .object(routes.map { ($0.pattern.text, RouteDescription.describe($0, links: context.links, withSchema: false)) })),
                ("_links", .object([("up", context.links.link(context.links.rest("/")))])),
            ]))
        },
    ]) }
}
