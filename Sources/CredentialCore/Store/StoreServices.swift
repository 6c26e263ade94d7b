/// What every store of one process shares: the brute-force counters (one set for all loop
/// threads) and the audit trail. `serve` makes one and hands it to each loop's store; a store
/// opened without one gets its own (the CLI, tests).
public final class StoreServices: Sendable {
    public let throttle: LoginThrottle
    /// nil: no audit trail is written.
    public let audit: AuditLog?

    public init(throttle: LoginThrottle = LoginThrottle(), audit: AuditLog? = nil) {
        self.throttle = throttle
        self.audit = audit
    }

    func record(_ event: AuditEvent) { audit?.record(event) }
}
