import CredentialCore

/// `dualgate.*`: a password's owner manages their application passwords over XML-RPC
/// (contract.md "XML-RPC methods"). Items use the REST field names; null members are omitted,
/// as WordPress's XML-RPC library does.
enum SelfServiceMethods {
    static let all: [MethodRegistry.Method] = [list, create, revoke]

    static let list = MethodRegistry.Method(
        "dualgate.listApplicationPasswords",
        help: "Returns the authenticated user's application passwords as an array of structs {uuid, app_id, name, created, last_used, last_ip, enabled_for, rest_api_permissions, xml_rpc_permissions, expires, status, allowed_networks} (members without a value are omitted).",
        signatures: [["array", "string", "string"]],
        minimumArguments: 2
    ) { (call: inout Invocation) throws(Fault) -> Value in
        let caller = try call.authenticate(usernameAt: 0, passwordAt: 1)
        let passwords: [ApplicationPassword]
        do throws(StoreError) {
            passwords = try call.context.store.passwords(of: caller.user.id)
        } catch {
            throw Fault(error)
        }
        return .array(passwords.map { .struct(item($0)) })
    }

    static let create = MethodRegistry.Method(
        "dualgate.createApplicationPassword",
        help: "Creates an application password for the authenticated user from a struct {name, app_id?, enabled_for?, rest_api_permissions?, xml_rpc_permissions?} and returns its item struct with the password (shown once). Omitted members default to the calling password's own; a password cannot create one with an API type it lacks or a wider permission than its own, unless the site setting cross_protocol_issuing is on.",
        signatures: [["struct", "string", "string", "struct"]],
        isWriting: true,
        minimumArguments: 3
    ) { (call: inout Invocation) throws(Fault) -> Value in
        let caller = try call.authenticate(usernameAt: 0, passwordAt: 1)
        let request = try passwordRequest(from: try call.struct(at: 2), caller: caller)
        // No escalation (contract.md): the new password's rights and limits are within the caller's;
        // only `cross_protocol_issuing` (how a client migrates to a REST password) widens API types and permissions.
        let limits = IssuingLimits(maker: caller.password, crossProtocolIssuing: call.context.store.settings.crossProtocolIssuing)
        if let excess = limits.excess(of: request) {
            throw Fault(code: Fault.Code.notAllowed, "Sorry, you are not allowed to create an application password with more rights than your own (\(excess)).")
        }
        let created: NewPassword
        do throws(StoreError) {
            created = try call.context.store.createPassword(request, for: caller.user.id)
        } catch {
            throw Fault(error)
        }
        var result = item(created.record)
        result["password"] = .string(created.plain.chunked)
        return .struct(result)
    }

    static let revoke = MethodRegistry.Method(
        "dualgate.revokeApplicationPassword",
        help: "Revokes one of the authenticated user's application passwords by uuid; returns true.",
        signatures: [["boolean", "string", "string", "string"]],
        isWriting: true,
        minimumArguments: 3
    ) { (call: inout Invocation) throws(Fault) -> Value in
        let caller = try call.authenticate(usernameAt: 0, passwordAt: 1)
        let uuid = try call.string(at: 2)
        let revoked: ApplicationPassword?
        do throws(StoreError) {
            revoked = try call.context.store.revokePassword(uuid: uuid, of: caller.user.id)
        } catch {
            throw Fault(error)
        }
        guard revoked != nil else { throw Fault(code: Fault.Code.notFound, "Invalid application password UUID.") }
        return .boolean(true)
    }

    // MARK: shapes

    static func item(_ password: ApplicationPassword) -> Value.Struct {
        var item: Value.Struct = [
            "uuid": .string(password.uuid),
            "app_id": .string(password.appID),
            "name": .string(password.name),
        ]
        item["created"] = DateTime(unixSeconds: password.created).map(Value.dateTime)
        item["last_used"] = password.lastUsed.flatMap(DateTime.init(unixSeconds:)).map(Value.dateTime)
        item["last_ip"] = password.lastIP.map(Value.string)
        item["enabled_for"] = .array(password.enabledForWireNames.map(Value.string))
        item["rest_api_permissions"] = .string(password.restAPIPermission.rawValue)
        item["xml_rpc_permissions"] = .string(password.xmlRPCPermission.rawValue)
        // The per-password controls, as in REST items (contract: `expires` omitted when null), so
        // that an expired, disabled or pending password shows its state in this listing too.
        item["expires"] = password.expires.flatMap(DateTime.init(unixSeconds:)).map(Value.dateTime)
        item["status"] = .string(password.status.rawValue)
        item["allowed_networks"] = .array(password.allowedNetworks.map { .string($0.description) })
        return item
    }

    private static func passwordRequest(from members: Value.Struct, caller: Caller) throws(Fault) -> PasswordRequest {
        guard case .string(let name) = members["name"] else { throw invalid("name must be a string.") }
        // Omitted members, limits included, are the calling password's own.
        var request = PasswordRequest(name: name, enabledFor: caller.password.enabledFor,
                                      restAPIPermission: caller.password.restAPIPermission,
                                      xmlRPCPermission: caller.password.xmlRPCPermission,
                                      expires: caller.password.expires, allowedNetworks: caller.password.allowedNetworks)
        switch members["app_id"] {
        case nil: break
        case .string(let appID): request.appID = appID
        case .some: throw invalid("app_id must be a string.")
        }
        if let value = members["enabled_for"] {
            guard case .array(let names) = value else { throw invalid("enabled_for must be an array.") }
            var types: Set<APIType> = []
            for name in names {
                guard case .string(let text) = name, let type = APIType(rawValue: text) else {
                    throw invalid("enabled_for holds only \"rest-api\" and \"xml-rpc\".")
                }
                types.insert(type)
            }
            guard !types.isEmpty else { throw invalid("enabled_for must not be empty.") }
            request.enabledFor = types
        }
        if let permission = try permission(members, "rest_api_permissions") { request.restAPIPermission = permission }
        if let permission = try permission(members, "xml_rpc_permissions") { request.xmlRPCPermission = permission }
        return request
    }

    private static func permission(_ members: Value.Struct, _ key: String) throws(Fault) -> Permission? {
        guard let value = members[key] else { return nil }
        guard case .string(let text) = value, let permission = Permission(rawValue: text) else {
            throw invalid("\(key) must be \"read\" or \"write\".")
        }
        return permission
    }

    private static func invalid(_ detail: String) -> Fault { Fault(code: Fault.Code.insufficientArguments, "Invalid parameter: \(detail)") }
}
