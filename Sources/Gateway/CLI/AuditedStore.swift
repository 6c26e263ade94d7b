import CredentialCore

extension CommandEnvironment {
    /// The audit trail's path: `--audit-log` (serve), else `DUALGATE_AUDIT_LOG`, else next to the database.
    func auditLogPath(_ arguments: ArgumentScanner) -> String {
        arguments.value("audit-log") ?? variables["DUALGATE_AUDIT_LOG"] ?? AuditLog.defaultPath(forDatabase: databasePath(arguments))
    }

    /// Runs `body` with a store whose changes go to the audit trail; the trail is flushed to disk
    /// before the command returns, so every change a command reports is already audited.
    func withAuditedStore<T>(_ arguments: ArgumentScanner, _ body: (CredentialStore) throws -> T) throws -> T {
        let path = auditLogPath(arguments)
        let audit: AuditLog
        do { audit = try AuditLog(path: path) } catch { throw RefusalError("cannot open the audit log at \(path): \(error)") }
        defer { audit.close() }
        let store: CredentialStore
        do { store = try CredentialStore(path: databasePath(arguments), services: StoreServices(audit: audit)) } catch {
            throw RefusalError("cannot open the database at \(StoreLocation(databasePath(arguments))): \(error)")
        }
        return try body(store)
    }
}
