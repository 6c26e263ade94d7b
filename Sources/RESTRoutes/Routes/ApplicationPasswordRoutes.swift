import CredentialCore

/// `wp/v2/users/<user>/application-passwords`, registered in WordPress's order (§8.1):
/// the collection, `introspect`, then the item (so `…/introspect` with another method falls
/// through to the item route and finds no password of that uuid).
enum ApplicationPasswordRoutes {
    static let base = "/wp/v2/users/(?P<user_id>(?:[\\d]+|me))/application-passwords"

    /// The writable schema fields, in schema order; `name` is required on create only.
    static func itemArguments(creating: Bool) -> [Argument] {
        [Argument("app_id", .appID), Argument("name", .name, required: creating), Argument("enabled_for", .apiTypes),
         Argument("rest_api_permissions", .permission), Argument("xml_rpc_permissions", .permission),
         Argument("expires", .expires), Argument("allowed_networks", .networks)] + (creating ? [] : [Argument("status", .status)])
    }

    static var routes: [Route] { [
        Route(base, namespace: "wp/v2", schema: ApplicationPasswordSchema.schema, [
            Endpoint(Endpoint.readable, arguments: [.context], permission: UserTarget.permission(.list), handler: ApplicationPasswordHandlers.list),
            Endpoint(Endpoint.creatable, arguments: itemArguments(creating: true), permission: UserTarget.permission(.create),
                     handler: ApplicationPasswordHandlers.create),
            Endpoint(Endpoint.deletable, permission: UserTarget.permission(.deleteAll), handler: ApplicationPasswordHandlers.deleteAll),
        ]),
        Route(base + "/introspect", namespace: "wp/v2", schema: ApplicationPasswordSchema.schema, [
            Endpoint(Endpoint.readable, arguments: [.context], permission: ApplicationPasswordHandlers.introspectPermission,
                     handler: ApplicationPasswordHandlers.introspect),
        ]),
        Route(base + "/(?P<uuid>[\\w\\-]+)", namespace: "wp/v2", schema: ApplicationPasswordSchema.schema, [
            Endpoint(Endpoint.readable, arguments: [.context], permission: UserTarget.permission(.read), handler: ApplicationPasswordHandlers.read),
            Endpoint(Endpoint.editable, arguments: itemArguments(creating: false), permission: UserTarget.permission(.edit),
                     handler: ApplicationPasswordHandlers.update),
            Endpoint(Endpoint.deletable, permission: UserTarget.permission(.delete), handler: ApplicationPasswordHandlers.delete),
        ]),
    ] }
}
