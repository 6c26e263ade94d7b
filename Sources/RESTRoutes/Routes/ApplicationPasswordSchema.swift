import CredentialCore

/// The `application-password` item schema (`get_item_schema`, WordPress 6.9) plus the iThemes
/// fields and dualgate's `xml_rpc_permissions`; shown by OPTIONS and used for argument help.
enum ApplicationPasswordSchema {
    static let properties: [(key: String, value: JSON)] = [
        ("uuid", .object([("description", "The unique identifier for the application password."), ("type", "string"),
                          ("format", "uuid"), ("context", ["view", "edit", "embed"]), ("readonly", true)])),
        ("app_id", .object([("description", "A UUID provided by the application to uniquely identify it. It is recommended to use an UUID v5 with the URL or DNS namespace."),
                            ("type", "string"),
                            ("oneOf", [.object([("type", "string"), ("format", "uuid")]), .object([("type", "string"), ("enum", [""])])]),
                            ("context", ["view", "edit", "embed"])])),
        ("name", .object([("description", "The name of the application password."), ("type", "string"), ("required", true),
                          ("context", ["view", "edit", "embed"]), ("minLength", 1), ("pattern", ".*\\S.*")])),
        ("password", .object([("description", "The generated password. Only available after adding an application."), ("type", "string"),
                              ("context", ["edit"]), ("readonly", true)])),
        ("created", .object([("description", "The GMT date the application password was created."), ("type", "string"),
                             ("format", "date-time"), ("context", ["view", "edit"]), ("readonly", true)])),
        ("last_used", .object([("description", "The GMT date the application password was last used."), ("type", ["string", "null"]),
                               ("format", "date-time"), ("context", ["view", "edit"]), ("readonly", true)])),
        ("last_ip", .object([("description", "The IP address the application password was last used by."), ("type", ["string", "null"]),
                             ("format", "ip"), ("context", ["view", "edit"]), ("readonly", true)])),
        ("enabled_for", .object([("description", "The API types the application password may be used with."), ("type", "array"),
                                 ("items", .object([("type", "string"), ("enum", .array(APIType.allCases.map { .string($0.rawValue) }))])),
                                 ("minItems", 1), ("context", ["view", "edit", "embed"])])),
        ("rest_api_permissions", .object([("description", "Whether the application password may change data over the REST API."), ("type", "string"),
                                          ("enum", ["read", "write"]), ("context", ["view", "edit", "embed"])])),
        ("xml_rpc_permissions", .object([("description", "Whether the application password may change data over XML-RPC."), ("type", "string"),
                                         ("enum", ["read", "write"]), ("context", ["view", "edit", "embed"])])),
        ("expires", .object([("description", "The GMT date after which the application password no longer works, or null for never."),
                             ("type", ["string", "null"]), ("format", "date-time"), ("context", ["view", "edit", "embed"])])),
        ("status", .object([("description", "Whether the application password works: active, pending approval, or disabled."),
                            ("type", "string"), ("enum", ["active", "pending", "disabled"]), ("context", ["view", "edit", "embed"])])),
        ("allowed_networks", .object([("description", "The client networks (IPv4 or IPv6 CIDR) the application password may be used from; empty for anywhere."),
                                      ("type", "array"), ("items", .object([("type", "string")])), ("context", ["view", "edit", "embed"])])),
    ]

    static let schema = JSON.object([
        ("$schema", "http://json-schema.org/draft-04/schema#"),
        ("title", "application-password"),
        ("type", "object"),
        ("properties", .object(properties)),
    ])

    static func property(_ name: String) -> JSON? { properties.first { $0.key == name }?.value }

    /// The contexts a field appears in (`filter_response_by_context`); `_links` is always kept.
    static func isField(_ name: String, shownIn context: String) -> Bool {
        guard let contexts = property(name)?["context"]?.arrayValue else { return true }
        return contexts.contains(.string(context))
    }
}
