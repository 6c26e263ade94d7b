extension ApplicationPassword {
    /// This record after an update: `name` (already sanitised, nil to keep) and the extension's
    /// flags from `changes`. `uuid`, `app_id`, timestamps and usage never change on update.
    func updated(name: String?, _ changes: PasswordChanges) -> ApplicationPassword {
        ApplicationPassword(uuid: uuid, userID: userID, appID: appID, name: name ?? self.name, created: created,
                            lastUsed: lastUsed, lastIP: lastIP, enabledFor: changes.enabledFor ?? enabledFor,
                            restAPIPermission: changes.restAPIPermission ?? restAPIPermission,
                            xmlRPCPermission: changes.xmlRPCPermission ?? xmlRPCPermission)
    }

    /// This record after a recorded use.
    func used(at time: Int64, from address: String) -> ApplicationPassword {
        ApplicationPassword(uuid: uuid, userID: userID, appID: appID, name: name, created: created, lastUsed: time, lastIP: address,
                            enabledFor: enabledFor, restAPIPermission: restAPIPermission, xmlRPCPermission: xmlRPCPermission)
    }
}
