/// A route as the index and OPTIONS describe it (`WP_REST_Server::get_data_for_route`):
/// `namespace`, `methods`, `endpoints` (each with `methods` and `args`), the item `schema` in the
/// `help` context (OPTIONS), and a `self` link for routes without parameters.
enum RouteDescription {
    static func describe(_ route: RESTRoute, links: Links, withSchema: Bool) -> JSON {
        var data = JSON.object([("namespace", .string(route.namespace))])
        var methods: [JSON] = []
        var endpoints: [JSON] = []
        for endpoint in route.endpoints {
            methods += endpoint.methods.map(JSON.string)
            var endpointData = JSON.object([("methods", .array(endpoint.methods.map(JSON.string)))])
            // `register_rest_route` defaults `args` to an empty PHP array, which encodes as `[]`.
            endpointData.set("args", endpoint.arguments.isEmpty ? .array([]) : .object(endpoint.arguments.map { ($0.name, describe($0)) }))
            endpoints.append(endpointData)
        }
        data.set("methods", .array(methods))
        data.set("endpoints", .array(endpoints))
        if withSchema, let schema = route.schema { data.set("schema", schema) }
        if !route.pattern.hasParameters {
            data.set("_links", .object([("self", links.link(links.rest(route.pattern.text)))]))
        }
        return data
    }

    /// An argument's public schema keywords, then `required` (`array_intersect_key` keeps their order).
    static func describe(_ argument: RESTArgument) -> JSON {
        var members: [(key: String, value: JSON)]
        switch argument.kind {
        case .context:
            members = [("description", "Scope under which the request is made; determines fields present in response."),
                       ("type", "string"), ("default", "view"), ("enum", .array(RESTArgument.contexts.map(JSON.string)))]
        case .name, .appID, .apiTypes, .permission, .expires, .status, .networks:
            members = ApplicationPasswordSchema.property(argument.name).map { property in
                guard case .object(let keywords) = property else { return [] }
                return keywords.filter { $0.key != "context" && $0.key != "readonly" && $0.key != "required" }
            } ?? []
        case .declared(let declared):
            members = []
            if let description = declared.description { members.append(("description", .string(description))) }
            members.append(("type", .string(declared.type.rawValue)))
            if let value = declared.defaultValue { members.append(("default", value)) }
            if let values = declared.values { members.append(("enum", .array(values.map(JSON.string)))) }
        }
        members.append(("required", .bool(argument.isRequired)))
        return .object(members)
    }
}
