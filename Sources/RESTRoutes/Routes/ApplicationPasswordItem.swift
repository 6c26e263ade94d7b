import CredentialCore

/// One application password as WordPress shows it (`prepare_item_for_response`): core fields,
/// then `password` (create only), then the extension fields, filtered by `context`, then `_links`.
enum ApplicationPasswordItem {
    static let itemMethods = RESTEndpoint.readable + RESTEndpoint.editable + RESTEndpoint.deletable

    /// - Parameters:
    ///   - plain: the new password, only for the create response (shown chunked).
    ///   - allowed: the methods the caller may use on the item URL (`targetHints.allow`);
    ///     nil leaves `_links` out (the `previous` of a delete).
    static func json(_ record: ApplicationPassword, plain: PlainPassword? = nil, context: String, links: Links, allowed: [String]?) -> JSON {
        var members: [(key: String, value: JSON)] = [
            ("uuid", .string(record.uuid)),
            ("app_id", .string(record.appID)),
            ("name", .string(record.name)),
            ("created", .string(GMTDate.wordpress(record.created))),
            ("last_used", record.lastUsed.map { .string(GMTDate.wordpress($0)) } ?? .null),
            ("last_ip", .string(orNull: record.lastIP.flatMap { $0.isEmpty ? nil : $0 })),
        ]
        if let plain { members.append(("password", .string(plain.chunked))) }
        members += [
            ("enabled_for", .array(record.enabledForWireNames.map(JSON.string))),
            ("rest_api_permissions", .string(record.restAPIPermission.rawValue)),
            ("xml_rpc_permissions", .string(record.xmlRPCPermission.rawValue)),
            ("expires", record.expires.map { .string(GMTDate.wordpress($0)) } ?? .null),
            ("status", .string(record.status.rawValue)),
            ("allowed_networks", .array(record.allowedNetworks.map { .string($0.description) })),
        ]
        members = members.filter { ApplicationPasswordSchema.isField($0.key, shownIn: context) }
        if let allowed {
            members.append(("_links", .object([("self", .array([.object([
                ("href", .string(selfLink(record, links: links))),
                ("targetHints", .object([("allow", .array(allowed.map(JSON.string)))])),
            ])]))])))
        }
        return .object(members)
    }

    /// Always the numeric user id, even when the request said `me`.
    static func selfLink(_ record: ApplicationPassword, links: Links) -> String {
        links.rest("/wp/v2/users/\(record.userID)/application-passwords/\(record.uuid)")
    }
}

/// For the CLI's `app-password create --json`: the same object the REST create returns.
public enum ApplicationPasswordJSON {
    public static func created(_ new: NewPassword, siteURL: String) -> [UInt8] {
        JSONWriter.bytes(ApplicationPasswordItem.json(new.record, plain: new.plain, context: "edit", links: Links(siteURL: siteURL),
                                                      allowed: ApplicationPasswordItem.itemMethods))
    }

    /// One listed item (view context), e.g. for `app-password list --json`.
    public static func item(_ record: ApplicationPassword, siteURL: String) -> [UInt8] {
        JSONWriter.bytes(ApplicationPasswordItem.json(record, context: "view", links: Links(siteURL: siteURL), allowed: ApplicationPasswordItem.itemMethods))
    }
}
