import CredentialCore

/// The controller's callbacks. Each runs after argument validation and its permission check, and
/// resolves the target user again (WordPress does the same in every callback).
enum ApplicationPasswordHandlers {
    static func list(_ context: RESTRouteContext) throws(RESTError) -> RESTReply {
        let target = try UserTarget.resolve(context)
        let records = try context.store { store throws(StoreError) in try store.passwords(of: target.id) }
        let allowed = allowedItemMethods(target, context)
        return RESTReply(.array(records.map { ApplicationPasswordItem.json($0, context: context.context, links: context.links, allowed: allowed) }))
    }

    static func create(_ context: RESTRouteContext) throws(RESTError) -> RESTReply {
        let target = try UserTarget.resolve(context)
        guard let caller = context.caller else { throw .refused(.create, loggedIn: false) }
        let own = caller.password
        let request = PasswordRequest(
            name: context.parameters.string("name") ?? "",
            appID: context.parameters.string("app_id") ?? "",
            // contract.md: absent flags are the caller's own.
            enabledFor: apiTypes(context) ?? own.enabledFor,
            restAPIPermission: permission("rest_api_permissions", context) ?? own.restAPIPermission,
            xmlRPCPermission: permission("xml_rpc_permissions", context) ?? own.xmlRPCPermission,
            // Issue 11 item 7: absent limits are the caller's own too (a minted password inherits them).
            expires: expires(context) ?? own.expires, allowedNetworks: networks(context) ?? own.allowedNetworks)
        guard limits(of: caller, context).excess(of: request) == nil else { throw .refused(.create, loggedIn: true) }
        // `unique_names` is checked by the store inside its write transaction, so concurrent
        // creates on different loops (or the CLI) cannot both pass it.
        let created = try context.store { store throws(StoreError) in try store.createPassword(request, for: target.id) }
        let link = ApplicationPasswordItem.selfLink(created.record, links: context.links)
        return RESTReply(status: 201, headers: [("Location", link)],
                     ApplicationPasswordItem.json(created.record, plain: created.plain, context: "edit", links: context.links,
                                                  allowed: allowedItemMethods(target, context)))
    }

    static func deleteAll(_ context: RESTRouteContext) throws(RESTError) -> RESTReply {
        let target = try UserTarget.resolve(context)
        let count = try context.store { store throws(StoreError) in try store.revokeAllPasswords(of: target.id) }
        return RESTReply(.object([("deleted", true), ("count", .int(Int64(count)))]))
    }

    static func read(_ context: RESTRouteContext) throws(RESTError) -> RESTReply {
        let target = try UserTarget.resolve(context)
        let record = try find(target, context)
        return RESTReply(ApplicationPasswordItem.json(record, context: context.context, links: context.links, allowed: allowedItemMethods(target, context)))
    }

    /// Changes `name` and the three extension fields; `app_id` is ignored (WordPress).
    static func update(_ context: RESTRouteContext) throws(RESTError) -> RESTReply {
        let target = try UserTarget.resolve(context)
        let uuid = try find(target, context).uuid
        let changes = PasswordChanges(name: context.parameters.string("name"), enabledFor: apiTypes(context),
                                      restAPIPermission: permission("rest_api_permissions", context),
                                      xmlRPCPermission: permission("xml_rpc_permissions", context),
                                      expires: expires(context), status: context.parameters.string("status").flatMap(PasswordStatus.init(rawValue:)),
                                      allowedNetworks: networks(context))
        // Approval (`require_approval`) and re-enabling are an administrator's decision, not the password owner's.
        if changes.status == .active, !(context.caller?.user.role.canEditOtherUsers ?? false),
           try find(target, context).status != .active {
            throw .refused(.edit, loggedIn: context.isLoggedIn)
        }
        // The no-escalation rule applies to widening an existing password as much as to minting one.
        if let caller = context.caller, limits(of: caller, context).excess(of: changes) != nil { throw .refused(.edit, loggedIn: true) }
        let updated = try context.store { store throws(StoreError) in try store.updatePassword(uuid: uuid, of: target.id, changes) }
        guard let updated else { throw .passwordNotFound }
        return RESTReply(ApplicationPasswordItem.json(updated, context: "edit", links: context.links, allowed: allowedItemMethods(target, context)))
    }

    /// `{"deleted": true, "previous": <item in edit context, without _links>}`.
    static func delete(_ context: RESTRouteContext) throws(RESTError) -> RESTReply {
        let target = try UserTarget.resolve(context)
        let uuid = context.parameters.url["uuid"] ?? ""
        guard let previous = try context.store({ store throws(StoreError) in try store.revokePassword(uuid: uuid, of: target.id) }) else {
            throw .passwordNotFound
        }
        return RESTReply(.object([("deleted", true), ("previous", ApplicationPasswordItem.json(previous, context: "edit", links: context.links, allowed: nil))]))
    }

    /// Only the current user's own passwords can be introspected.
    static func introspectPermission(_ context: RESTRouteContext) throws(RESTError) {
        let target = try UserTarget.resolve(context)
        guard context.caller?.user.id == target.id else { throw .refused(.introspect, loggedIn: context.isLoggedIn) }
    }

    /// The password that authenticated this very request; gone meanwhile → 500 (WordPress).
    static func introspect(_ context: RESTRouteContext) throws(RESTError) -> RESTReply {
        let target = try UserTarget.resolve(context)
        guard let uuid = context.caller?.password.uuid else { throw .noAuthenticatedPassword }
        guard let record = try context.store({ store throws(StoreError) in try store.password(uuid: uuid, of: target.id) }) else {
            throw .introspectedPasswordGone
        }
        return RESTReply(ApplicationPasswordItem.json(record, context: context.context, links: context.links, allowed: allowedItemMethods(target, context)))
    }

    // MARK: helpers

    /// contract.md "No escalation", judged against the password that authenticated the request.
    private static func limits(of caller: Caller, _ context: RESTRouteContext) -> IssuingLimits {
        IssuingLimits(maker: caller.password, crossProtocolIssuing: context.policy.allowsCrossProtocolIssuing())
    }

    private static func find(_ target: User, _ context: RESTRouteContext) throws(RESTError) -> ApplicationPassword {
        let uuid = context.parameters.url["uuid"] ?? ""
        guard let record = try context.store({ store throws(StoreError) in try store.password(uuid: uuid, of: target.id) }) else {
            throw .passwordNotFound
        }
        return record
    }

    /// `targetHints.allow`: every item method passes the same `edit_user` check.
    private static func allowedItemMethods(_ target: User, _ context: RESTRouteContext) -> [String] {
        UserTarget.canEdit(target, caller: context.caller) ? ApplicationPasswordItem.itemMethods : []
    }

    /// A validated `enabled_for`, or nil when absent.
    private static func apiTypes(_ context: RESTRouteContext) -> Set<APIType>? {
        guard let value = context.parameters.value("enabled_for"), !value.isNull, let items = RESTArgument.list(value) else { return nil }
        return Set(items.compactMap { $0.stringValue.flatMap(APIType.init(rawValue:)) })
    }

    /// A validated `expires`: nil when absent, `.some(nil)` for `""` (never expires).
    private static func expires(_ context: RESTRouteContext) -> Int64?? {
        guard let text = context.parameters.string("expires") else { return nil }
        return text.isEmpty ? .some(nil) : .some(GMTTimeParser.parse(text))
    }

    /// A validated `allowed_networks`, or nil when absent.
    private static func networks(_ context: RESTRouteContext) -> [NetworkRange]? {
        guard let value = context.parameters.value("allowed_networks"), !value.isNull, let items = RESTArgument.list(value) else { return nil }
        var ranges: [NetworkRange] = []
        for range in items.compactMap({ $0.stringValue.flatMap(NetworkRange.init) }) where !ranges.contains(range) { ranges.append(range) }
        return ranges
    }

    private static func permission(_ name: String, _ context: RESTRouteContext) -> Permission? {
        context.parameters.string(name).flatMap(Permission.init(rawValue:))
    }
}
