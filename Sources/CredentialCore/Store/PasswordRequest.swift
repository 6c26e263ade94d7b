/// What a caller asks for when creating an application password.
public struct PasswordRequest: Sendable, Equatable {
    public var name: String
    public var appID: String
    public var enabledFor: Set<APIType>
    public var restAPIPermission: Permission
    public var xmlRPCPermission: Permission
    /// Unix seconds; nil = the site's `default_lifetime_seconds` (0 there = never expires).
    public var expires: Int64?
    public var allowedNetworks: [NetworkRange]

    public init(name: String, appID: String = "", enabledFor: Set<APIType> = Set(APIType.allCases),
                restAPIPermission: Permission = .write, xmlRPCPermission: Permission = .write,
                expires: Int64? = nil, allowedNetworks: [NetworkRange] = []) {
        self.name = name
        self.appID = appID
        self.enabledFor = enabledFor
        self.restAPIPermission = restAPIPermission
        self.xmlRPCPermission = xmlRPCPermission
        self.expires = expires
        self.allowedNetworks = allowedNetworks
    }
}

/// What an update may change (WordPress: only the name; the extension adds the three flags).
/// A nil member is left as it is.
public struct PasswordChanges: Sendable, Equatable {
    public var name: String?
    public var enabledFor: Set<APIType>?
    public var restAPIPermission: Permission?
    public var xmlRPCPermission: Permission?
    /// `.some(nil)` removes the expiry; nil leaves it.
    public var expires: Int64??
    public var status: PasswordStatus?
    public var allowedNetworks: [NetworkRange]?

    public init(name: String? = nil, enabledFor: Set<APIType>? = nil, restAPIPermission: Permission? = nil, xmlRPCPermission: Permission? = nil,
                expires: Int64?? = nil, status: PasswordStatus? = nil, allowedNetworks: [NetworkRange]? = nil) {
        self.name = name
        self.enabledFor = enabledFor
        self.restAPIPermission = restAPIPermission
        self.xmlRPCPermission = xmlRPCPermission
        self.expires = expires
        self.status = status
        self.allowedNetworks = allowedNetworks
    }
}
