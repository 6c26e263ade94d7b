/// The methods an endpoint serves. Built once at start-up, then shared read-only by every loop.
public final class MethodRegistry: Sendable {
    /// The built-in methods of the contract; `validator1.*` only when `enableValidator`.
    public static func standard(enableValidator: Bool) -> MethodRegistry { fatalError("not implemented") }
}
