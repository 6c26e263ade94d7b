extension ApplicationPassword {
    /// This record after an update: `name` (already sanitised, nil to keep) and the extension's
    /// fields from `changes`. `uuid`, `app_id`, timestamps and usage never change on update.
    func updated(name: String?, _ changes: PasswordChanges) -> ApplicationPassword {
        copy(name: name ?? self.name, enabledFor: changes.enabledFor ?? enabledFor,
             restAPIPermission: changes.restAPIPermission ?? restAPIPermission,
             xmlRPCPermission: changes.xmlRPCPermission ?? xmlRPCPermission,
             expires: changes.expires ?? expires, status: changes.status ?? status,
             allowedNetworks: changes.allowedNetworks ?? allowedNetworks)
    }

    /// This record after a recorded use.
    func used(at time: Int64, from address: String) -> ApplicationPassword {
        copy(lastUsed: time, lastIP: address)
    }

    /// This record with its status changed.
    func with(status: PasswordStatus) -> ApplicationPassword { copy(status: status) }

    private func copy(name: String? = nil, lastUsed: Int64?? = nil, lastIP: String?? = nil, enabledFor: Set<APIType>? = nil,
                      restAPIPermission: Permission? = nil, xmlRPCPermission: Permission? = nil, expires: Int64?? = nil,
                      status: PasswordStatus? = nil, allowedNetworks: [NetworkRange]? = nil) -> ApplicationPassword {
        ApplicationPassword(uuid: uuid, userID: userID, appID: appID, name: name ?? self.name, created: created,
                            lastUsed: lastUsed ?? self.lastUsed, lastIP: lastIP ?? self.lastIP, enabledFor: enabledFor ?? self.enabledFor,
                            restAPIPermission: restAPIPermission ?? self.restAPIPermission,
                            xmlRPCPermission: xmlRPCPermission ?? self.xmlRPCPermission, expires: expires ?? self.expires,
                            status: status ?? self.status, allowedNetworks: allowedNetworks ?? self.allowedNetworks)
    }
}
