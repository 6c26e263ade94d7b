/// What a caller asks for when creating an application password.
public struct PasswordRequest: Sendable, Equatable {
    public var name: String
    public var appID: String
    public var enabledFor: Set<APIType>
    public var restAPIPermission: Permission
    public var xmlRPCPermission: Permission

    public init(name: String, appID: String = "", enabledFor: Set<APIType> = Set(APIType.allCases),
                restAPIPermission: Permission = .write, xmlRPCPermission: Permission = .write) {
        self.name = name
        self.appID = appID
        self.enabledFor = enabledFor
        self.restAPIPermission = restAPIPermission
        self.xmlRPCPermission = xmlRPCPermission
    }
}

/// What an update may change (WordPress: only the name; the extension adds the three flags).
/// A nil member is left as it is.
public struct PasswordChanges: Sendable, Equatable {
    public var name: String?
    public var enabledFor: Set<APIType>?
    public var restAPIPermission: Permission?
    public var xmlRPCPermission: Permission?

    public init(name: String? = nil, enabledFor: Set<APIType>? = nil, restAPIPermission: Permission? = nil, xmlRPCPermission: Permission? = nil) {
        self.name = name
        self.enabledFor = enabledFor
        self.restAPIPermission = restAPIPermission
        self.xmlRPCPermission = xmlRPCPermission
    }
}
