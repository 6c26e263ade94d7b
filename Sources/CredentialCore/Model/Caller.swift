/// Who a request is authenticated as, and with which password.
public struct Caller: Sendable, Equatable {
    public let user: User
    public let password: ApplicationPassword

    public init(user: User, password: ApplicationPassword) {
        self.user = user
        self.password = password
    }

    public func isReadOnly(on api: APIType) -> Bool { password.permission(for: api) == .read }
}
