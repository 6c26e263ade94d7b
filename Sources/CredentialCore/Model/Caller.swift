/// Who a request is authenticated as, and with which password.
///
/// A class: the verified-credential cache hands out the same one on every hit, and a request
/// passes one reference through its layers instead of copying two records of a dozen strings
/// each (those copies were a tenth of a cached request). Immutable, so sharing it is safe.
public final class Caller: Sendable, Equatable {
    public let user: User
    public let password: ApplicationPassword

    public init(user: User, password: ApplicationPassword) {
        self.user = user
        self.password = password
    }

    public static func == (lhs: Caller, rhs: Caller) -> Bool {
        lhs === rhs || (lhs.user == rhs.user && lhs.password == rhs.password)
    }

    public func isReadOnly(on api: APIType) -> Bool { password.permission(for: api) == .read }
}
