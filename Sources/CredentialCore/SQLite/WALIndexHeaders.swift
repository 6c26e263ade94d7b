#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Read-only mappings of the WAL-index header at the start of each database's `-shm` file, so
/// that "did anyone commit since the last request?" costs a 48-byte compare instead of
/// `PRAGMA data_version`'s read transaction (file-lock system calls, about 2 µs).
///
/// In WAL mode every commit, by any process, rewrites that header (walformat.html §2.1: `iChange`
/// counts transactions; `mxFrame` and the salts move too). It is only a hint: when it moved, the
/// store confirms with the pragma.
///
/// The trap this type exists to avoid: `close()` of *any* descriptor of the `-shm` file drops
/// every POSIX lock SQLite holds on it for the whole process; another process then believes it
/// is the first user, truncates the file, and SQLite's own mapping dies of SIGBUS (seen). So a
/// mapping's descriptor is closed only when this process has no SQLite connection to the
/// database left — counted per file (device and inode, not path spelling) by `Connection`. While
/// one is open, SQLite's shared lock also keeps other processes from truncating or deleting the
/// file, so the mapping stays valid and current.
enum WALIndexHeaders {
    static let byteCount = 48

    private struct Entry: Sendable {
        var connections = 0
        var descriptor: Int32 = -1
        var mapping: UInt = 0              // address bits; 0 = not mapped yet
    }

    private static let entries = Mutex<[FileID: Entry]>([:])

    struct FileID: Hashable, Sendable {
        let device: UInt64
        let inode: UInt64

        init?(path: String) {
            var info = stat()
            guard !path.isEmpty, path != ":memory:", stat(path, &info) == 0 else { return nil }
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
        }
    }

    /// A connection to `file` was opened.
    static func connectionOpened(_ file: FileID) {
        entries.withLock { $0[file, default: Entry()].connections += 1 }
    }

    /// A connection to `file` was closed (after `sqlite3_close_v2`); the last one unmaps.
    static func connectionClosed(_ file: FileID) {
        entries.withLock { entries in
            guard var entry = entries[file] else { return }
            entry.connections -= 1
            if entry.connections > 0 { entries[file] = entry; return }
            if entry.mapping != 0 { munmap(UnsafeMutableRawPointer(bitPattern: entry.mapping), byteCount) }
            if entry.descriptor >= 0 { close(entry.descriptor) }     // no SQLite lock of ours is left to lose
            entries[file] = nil
        }
    }

    /// The header of `file`'s `-shm`, mapped on first use; valid while the caller's connection
    /// to `file` stays open. nil while the file is missing or too short (then ask the pragma).
    static func header(of file: FileID, shmPath: String) -> UnsafeRawPointer? {
        entries.withLock { entries in
            guard var entry = entries[file], entry.connections > 0 else { return nil }
            if entry.mapping != 0 { return UnsafeRawPointer(bitPattern: entry.mapping) }
            if entry.descriptor < 0 {
                entry.descriptor = open(shmPath, O_RDONLY | O_CLOEXEC)
                guard entry.descriptor >= 0 else { return nil }
            }
            var info = stat()
            guard fstat(entry.descriptor, &info) == 0, info.st_size >= off_t(byteCount) else { entries[file] = entry; return nil }
            let pointer = mmap(nil, byteCount, PROT_READ, MAP_SHARED, entry.descriptor, 0)
            guard let pointer, pointer != MAP_FAILED else { entries[file] = entry; return nil }
            entry.mapping = UInt(bitPattern: pointer)
            entries[file] = entry
            return UnsafeRawPointer(pointer)
        }
    }
}

/// One store's view of its database's WAL-index header: remembers what it saw last.
struct WALIndexWatch {
    private let file: WALIndexHeaders.FileID?
    private let shmPath: String
    private var header: UnsafeRawPointer?
    private var last: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0)

    init(databasePath: String, file: WALIndexHeaders.FileID?) {
        self.file = file
        shmPath = databasePath + "-shm"
    }

    /// False only when the header is certainly unchanged since the last call.
    mutating func mayHaveChanged() -> Bool {
        if header == nil, let file { header = WALIndexHeaders.header(of: file, shmPath: shmPath) }
        guard let header else { return true }
        let words = header.assumingMemoryBound(to: UInt64.self)
        let now = (words[0], words[1], words[2], words[3], words[4], words[5])
        if now == last { return false }
        last = now
        return true
    }
}
