import CredentialCore
import Glibc
import Synchronization

/// A new application password between the POST that made it and the one page that shows it
/// (Post/Redirect/Get): a reload of that page, or of the POST, then makes and shows nothing more.
/// The URL carries only the new password's uuid; the password waits here, in memory, keyed by the
/// session's form token (so only that browser session sees it), for at most `lifetime` seconds, and
/// is gone once shown. Process-wide: the redirect may be served by another loop.
final class NewPasswordFlash: Sendable {
    static let shared = NewPasswordFlash()
    static let lifetime: Int64 = 120
    private static let capacity = 1024

    private struct Entry {
        let created: NewPassword
        let expires: Int64
    }

    private let entries = Mutex<[String: Entry]>([:])

    func put(_ created: NewPassword, session: WebSession) {
        let now = Int64(time(nil))
        entries.withLock { entries in
            entries = entries.filter { $0.value.expires > now }
            if entries.count >= Self.capacity { entries.removeAll() }    // a flood forgets; nobody is locked out
            entries[session.csrfToken + "/" + created.record.uuid] = Entry(created: created, expires: now + Self.lifetime)
        }
    }

    /// The password made in `session` with this uuid, once.
    func take(uuid: String, session: WebSession) -> NewPassword? {
        let now = Int64(time(nil))
        return entries.withLock { entries in
            guard let entry = entries.removeValue(forKey: session.csrfToken + "/" + uuid), entry.expires > now else { return nil }
            return entry.created
        }
    }
}
