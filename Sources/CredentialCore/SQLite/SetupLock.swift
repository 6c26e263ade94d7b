#if canImport(Glibc)
import Glibc
#endif

/// Serialises opening, configuring and migrating a store across threads and processes.
///
/// Two connections opening a fresh file at once can deadlock inside SQLite: one has switched the
/// file to WAL and migrates, the other still sees a rollback journal and wants an exclusive lock
/// to switch it; one of them gives up after `busy_timeout` with "database is locked". Holding an
/// `flock` on the file's directory while opening makes every opener find the file fully set up.
/// The directory, not the database file: closing any descriptor of the database file would drop
/// the POSIX locks SQLite holds on it for this process's other connections.
struct SetupLock {
    private let descriptor: Int32

    init(forDatabaseAt path: String) {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        // Without a lock (an unreadable directory) opening still works, only without the guarantee.
        if descriptor >= 0 {
            while flock(descriptor, LOCK_EX) != 0 && errno == EINTR {}
        }
    }

    /// Call exactly once, when setup is done (closing releases the flock).
    func release() {
        if descriptor >= 0 { close(descriptor) }
    }
}
