/// One application password record, as stored (never the plain password).
public struct ApplicationPassword: Sendable, Equatable, Hashable {
    public let uuid: String
    public let userID: Int64
    /// A client-supplied UUID or `""`.
    public let appID: String
    public let name: String
    /// Unix seconds, UTC.
    public let created: Int64
    public let lastUsed: Int64?
    public let lastIP: String?
    public let enabledFor: Set<APIType>
    public let restAPIPermission: Permission
    public let xmlRPCPermission: Permission
    /// dualgate's per-password controls (contract.md): Unix seconds after which the password no
    /// longer authenticates, or nil for never.
    public let expires: Int64?
    public let status: PasswordStatus
    /// Client networks the password may be used from; empty = anywhere.
    public let allowedNetworks: [NetworkRange]

    public init(uuid: String, userID: Int64, appID: String, name: String, created: Int64, lastUsed: Int64?, lastIP: String?,
                enabledFor: Set<APIType>, restAPIPermission: Permission, xmlRPCPermission: Permission,
                expires: Int64? = nil, status: PasswordStatus = .active, allowedNetworks: [NetworkRange] = []) {
        self.uuid = uuid
        self.userID = userID
        self.appID = appID
        self.name = name
        self.created = created
        self.lastUsed = lastUsed
        self.lastIP = lastIP
        self.enabledFor = enabledFor
        self.restAPIPermission = restAPIPermission
        self.xmlRPCPermission = xmlRPCPermission
        self.expires = expires
        self.status = status
        self.allowedNetworks = allowedNetworks
    }

    /// True once `now` has reached `expires`.
    public func isExpired(at now: Int64) -> Bool { expires.map { now >= $0 } ?? false }

    /// Whether a client at `address` may use this password (`allowed_networks`; empty = anywhere).
    public func allowsClient(_ address: String) -> Bool {
        allowedNetworks.isEmpty || allowedNetworks.contains { $0.contains(address) }
    }

    public func isEnabled(for api: APIType) -> Bool { enabledFor.contains(api) }

    public func permission(for api: APIType) -> Permission {
        switch api {
        case .rest: restAPIPermission
        case .xmlrpc: xmlRPCPermission
        }
    }

    /// `enabled_for` in wire order: `["rest-api", "xml-rpc"]`.
    public var enabledForWireNames: [String] { enabledFor.sorted().map(\.rawValue) }
}
