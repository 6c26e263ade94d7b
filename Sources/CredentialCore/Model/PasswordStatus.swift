/// dualgate's per-password state (contract.md): only `active` passwords authenticate.
public enum PasswordStatus: String, Sendable, Hashable, CaseIterable {
    case active
    /// Created while `require_approval` was on; waits for `dualgate app-password approve`.
    case pending
    /// Switched off without being deleted (`dualgate app-password disable`).
    case disabled
}
