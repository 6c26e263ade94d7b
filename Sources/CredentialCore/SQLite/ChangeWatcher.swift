#if canImport(Glibc)
import Glibc
#endif

/// A system-call-free "did anyone commit?" pre-check for the per-request change detection.
///
/// In WAL mode every commit, by any process, rewrites the WAL-index header at the start of the
/// `-shm` file, which every connection maps shared (https://sqlite.org/walformat.html §2.1: its
/// `iChange` counter is "incremented with each transaction", `mxFrame` and the salts move with
/// every commit and checkpoint reset). Reading those 48 bytes from our own read-only mapping
/// costs a few nanoseconds, where `PRAGMA data_version` costs a read transaction (lock system
/// calls, microseconds here). The header is only a hint: when it moved, the store confirms with
/// `PRAGMA data_version`; when the file cannot be mapped, the store asks the pragma every time.
/// The mapping stays valid while our connection is open: SQLite never truncates `-shm` while
/// another connection holds its shared lock on it.
final class ChangeWatcher {
    private static let headerBytes = 48
    private let mapping: UnsafeMutableRawPointer?
    private var last: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0)

    init(databasePath: String) {
        let descriptor = open(databasePath + "-shm", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { mapping = nil; return }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_size >= off_t(Self.headerBytes) else { mapping = nil; return }
        let pointer = mmap(nil, Self.headerBytes, PROT_READ, MAP_SHARED, descriptor, 0)
        mapping = pointer == MAP_FAILED ? nil : pointer
    }

    deinit { if let mapping { munmap(mapping, Self.headerBytes) } }

    /// False only when the header is certainly unchanged since the last call.
    func mayHaveChanged() -> Bool {
        guard let mapping else { return true }
        let words = mapping.assumingMemoryBound(to: UInt64.self)
        let now = (words[0], words[1], words[2], words[3], words[4], words[5])
        if now == last { return false }
        last = now
        return true
    }
}

@available(*, unavailable) extension ChangeWatcher: Sendable {}
