/// What every store of one process shares: the brute-force counters (one set for all loop
/// threads), the audit trail and the usage writer. `serve` makes one and hands it to each loop's store; a store
/// opened without one gets its own (the CLI, tests).
public final class StoreServices: Sendable {
    package let throttle: LoginThrottle
    /// nil: no audit trail is written.
    public let audit: AuditLog?
    /// nil: usage is written inline by the store that verified (the CLI, tests).
    public let usage: UsageRecorder?

    /// `audit`: where the trail goes (nil: none); `usage`: the background writer of `last_used`
    /// (nil: each store writes it inline). Each set of services has its own lockout counters.
    public convenience init(audit: AuditLog? = nil, usage: UsageRecorder? = nil) {
        self.init(throttle: LoginThrottle(), audit: audit, usage: usage)
    }

    package init(throttle: LoginThrottle, audit: AuditLog? = nil, usage: UsageRecorder? = nil) {
        self.throttle = throttle
        self.audit = audit
        self.usage = usage
    }

    func record(_ event: AuditEvent) { audit?.record(event) }
}
