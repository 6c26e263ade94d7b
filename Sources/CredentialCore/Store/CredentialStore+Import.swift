extension CredentialStore {
    /// Brings the store in line with a parsed WordPress export, in one transaction (issue 11: a
    /// re-import is a sync from WordPress):
    /// - users new here are added with their ids, logins, e-mails, roles and dates; users already
    ///   here (same id and login) take WordPress's e-mail, role, display name and date;
    /// - passwords new here are added with their hashes, uuids, names, app ids and timestamps,
    ///   except one revoked in dualgate since (its uuid is remembered): never re-created;
    /// - imported passwords the export no longer holds are revoked; passwords created in
    ///   dualgate are never touched.
    /// A conflict (an id, login, e-mail or uuid that belongs to someone else) refuses the whole
    /// document and writes nothing. With `dryRun` the same work runs and is rolled back: the
    /// report is what a real run would do, and nothing is written or audited. Site settings
    /// such as `max_per_user` do not apply: the passwords already exist.
    package func importWordPress(_ export: WordPressExport, dryRun: Bool = false) throws(StoreError) -> ImportReport {
        // Our own commit does not move our `data_version`: drop the cache and re-read settings
        // whatever happened (other processes notice the commit on their next request).
        defer {
            changeFeed?.announceLocalChange()
            reloadAfterChange()
        }
        var report: ImportReport
        do throws(ImportOutcome) {
            report = try connection.immediateTransaction(wrap: { (error: SQLiteError) -> ImportOutcome in
                StoreLog.error("import failed: \(error)")
                return .refused(StoreError(error))
            }) { () throws(ImportOutcome) -> ImportReport in
                let report: ImportReport
                do throws(StoreError) { report = try syncWordPress(export) } catch { throw .refused(error) }
                if dryRun { throw .rolledBack(report) }             // the transaction rolls back on a throw
                return report
            }
        } catch {
            switch error {
            case .refused(let refusal): throw refusal
            case .rolledBack(let planned):
                report = planned
                report.isDryRun = true
                return report
            }
        }
        auditSync(report)
        return report
    }

    /// How the import transaction ended when it did not commit.
    private enum ImportOutcome: Error {
        case refused(StoreError)
        case rolledBack(ImportReport)
    }

    /// One event per change, after the commit, as every other store change is audited.
    private func auditSync(_ report: ImportReport) {
        let time = now()
        for change in report.changes {
            switch change {
            case .userAdded(let id, let login, let role):
                audit(AuditEvent(.importUser, time: time, userID: id, login: login, detail: role.rawValue))
            case .userUpdated(let id, let login, let field, let old, let new):
                audit(AuditEvent(.importUserUpdate, time: time, userID: id, login: login, reason: field, detail: "\(old) → \(new)"))
            case .passwordAdded(let userID, let login, let uuid, let name, let format):
                audit(AuditEvent(.importPassword, time: time, userID: userID, login: login, uuid: uuid, name: name, detail: format))
            case .passwordRevoked(let userID, let login, let uuid, let name):
                audit(AuditEvent(.delete, time: time, userID: userID, login: login, uuid: uuid, name: name, reason: "absent_from_wordpress_export"))
            case .passwordSkipped:
                break                                                // nothing changed here
            case .accountPasswordImported(let userID, let login, let format):
                audit(AuditEvent(.accountPassword, time: time, userID: userID, login: login, reason: "import", detail: format))
            }
        }
    }
}
