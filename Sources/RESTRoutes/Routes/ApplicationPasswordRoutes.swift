import CredentialCore

/// `wp/v2/users/<user>/application-passwords`, registered in WordPress's order (§8.1):
/// the collection, `introspect`, then the item (so `…/introspect` with another method falls
/// through to the item route and finds no password of that uuid).
enum ApplicationPasswordRoutes {
    static let base = "/wp/v2/users/(?P<user_id>(?:[\\d]+|me))/application-passwords"

    /// The writable schema fields, in schema order; `name` is required on create only.
    static func itemArguments(creating: Bool) -> [RESTArgument] {
        [RESTArgument("app_id", .appID), RESTArgument("name", .name, required: creating), RESTArgument("enabled_for", .apiTypes),
         RESTArgument("rest_api_permissions", .permission), RESTArgument("xml_rpc_permissions", .permission),
         RESTArgument("expires", .expires), RESTArgument("allowed_networks", .networks)] + (creating ? [] : [RESTArgument("status", .status)])
    }

    static var routes: [RESTRoute] { [
        RESTRoute(base, namespace: "wp/v2", schema: ApplicationPasswordSchema.schema, builtIn: [
            RESTEndpoint(RESTEndpoint.readable, arguments: [.context], permission: UserTarget.permission(.list), handler: ApplicationPasswordHandlers.list),
            RESTEndpoint(RESTEndpoint.creatable, arguments: itemArguments(creating: true), permission: UserTarget.permission(.create),
                     handler: ApplicationPasswordHandlers.create),
            RESTEndpoint(RESTEndpoint.deletable, permission: UserTarget.permission(.deleteAll), handler: ApplicationPasswordHandlers.deleteAll),
        ]),
        RESTRoute(base + "/introspect", namespace: "wp/v2", schema: ApplicationPasswordSchema.schema, builtIn: [
            RESTEndpoint(RESTEndpoint.readable, arguments: [.context], permission: ApplicationPasswordHandlers.introspectPermission,
                     handler: ApplicationPasswordHandlers.introspect),
        ]),
        RESTRoute(base + "/(?P<uuid>[\\w\\-]+)", namespace: "wp/v2", schema: ApplicationPasswordSchema.schema, builtIn: [
            RESTEndpoint(RESTEndpoint.readable, arguments: [.context], permission: UserTarget.permission(.read), handler: ApplicationPasswordHandlers.read),
            RESTEndpoint(RESTEndpoint.editable, arguments: itemArguments(creating: false), permission: UserTarget.permission(.edit),
                     handler: ApplicationPasswordHandlers.update),
            RESTEndpoint(RESTEndpoint.deletable, permission: UserTarget.permission(.delete), handler: ApplicationPasswordHandlers.delete),
        ]),
    ] }
}
