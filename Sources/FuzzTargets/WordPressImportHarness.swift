import CredentialCore
import Foundation

/// `WordPressExport.parse` on any bytes: a document, or a refusal that names the field at fault and
/// says what is wrong (an operator must be able to find and fix it). Never a crash.
enum WordPressImportHarness {
    static func check(_ bytes: UnsafeRawBufferPointer) throws(PropertyViolation) {
        let export: WordPressExport
        do { export = try WordPressExport.parse(Data(bytes)) } catch {
            guard !error.field.isEmpty, !error.message.isEmpty else {
                throw PropertyViolation(.wordpressImport, "a refusal without a field path or message: \(error.field.debugDescription): \(error.message.debugDescription)")
            }
            return
        }
        for user in export.users where user.login.isEmpty || user.id <= 0 {
            throw PropertyViolation(.wordpressImport, "accepted a user with ID \(user.id) and login \(user.login.debugDescription)")
        }
        let uuids = export.users.flatMap { $0.passwords.map(\.uuid) }
        guard Set(uuids).count == uuids.count else { throw PropertyViolation(.wordpressImport, "accepted a password UUID twice: \(uuids)") }
    }
}
