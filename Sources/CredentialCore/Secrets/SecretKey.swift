#if canImport(Glibc)
import Glibc
#endif

/// The 32-byte key that seals upstream credentials (issue 13 item 2). It lives in a key file of
/// its own, mode 0600, beside the database by default: a copy of the database alone does not
/// reveal the credentials, and without the key file they cannot be read at all.
public struct SecretKey: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    package static let size = ChaCha20Poly1305.keySize

    package let bytes: [UInt8]

    package init?(bytes: [UInt8]) {
        guard bytes.count == Self.size else { return nil }
        self.bytes = bytes
    }

    /// A fresh key from the system's generator (`getrandom(2)` on Linux).
    package static func random() -> SecretKey {
        SecretKey(bytes: SecureRandom.bytes(size))!
    }

    public var description: String { "SecretKey(<redacted>)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }

    /// Constant time: comparing keys must not tell how many leading bytes agree.
    public static func == (a: SecretKey, b: SecretKey) -> Bool { ConstantTime.equals(a.bytes, b.bytes) }

    /// `<database>.key`, e.g. `dualgate.sqlite.key`.
    public static func defaultPath(forDatabase database: String) -> String {
        // PostgreSQL: every instance needs the same key (copied by the operator), in its working directory.
        StoreLocation.isPostgresURL(database) ? "./dualgate.key" : database + ".key"
    }

    /// Reads the key file at `path`, refusing one that group or others may access or that does
    /// not hold exactly 32 bytes.
    public static func load(path: String) throws(SecretKeyError) -> SecretKey {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT { throw .missing(path: path) }
            throw .unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
        guard status.st_mode & S_IFMT == S_IFREG else { throw .notARegularFile(path: path) }
        let mode = status.st_mode & 0o777
        guard mode & 0o077 == 0 else { throw .accessibleByOthers(path: path, mode: UInt32(mode)) }
        // One byte more than a key, to tell "too long" from "exactly 32".
        var buffer = [UInt8](repeating: 0, count: size + 1)
        var count = 0
        while count < buffer.count {
            let got = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + count, $0.count - count) }
            if got < 0, errno == EINTR { continue }
            guard got >= 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
            if got == 0 { break }
            count += got
        }
        guard count == size, let key = SecretKey(bytes: Array(buffer.prefix(size))) else {
            throw .wrongLength(path: path, length: count > size ? nil : count)
        }
        return key
    }

    /// Loads the key file, or creates it (32 random bytes, mode 0600 whatever the umask) when
    /// there is none. `created` tells the caller to say so: the new file needs a backup.
    public static func loadOrCreate(path: String) throws(SecretKeyError) -> (key: SecretKey, created: Bool) {
        do throws(SecretKeyError) {
            return (try load(path: path), false)
        } catch .missing {
            let key = random()
            do throws(SecretKeyError) {
                try KeyFileWriter.createExclusively(path, bytes: key.bytes)
                return (key, true)
            } catch .alreadyExists(path: _) {
                return (try load(path: path), false)     // another process created it first: use theirs
            }
        }
    }
}

/// Why a key file cannot be used; each text says what to do.
public enum SecretKeyError: Error, Equatable, Sendable, CustomStringConvertible {
    case missing(path: String)
    case unreadable(path: String, reason: String)
    case notARegularFile(path: String)
    /// Group or others have some access; `mode` is the file's permission bits.
    case accessibleByOthers(path: String, mode: UInt32)
    /// nil: longer than a key.
    case wrongLength(path: String, length: Int?)
    case alreadyExists(path: String)
    case cannotCreate(path: String, reason: String)

    public var description: String {
        switch self {
        case .missing(let path):
            "The secret key file \(path) does not exist. Restore it from its backup, or pass the right one with --secret-key-file."
        case .unreadable(let path, let reason): "Cannot read the secret key file \(path): \(reason)."
        case .notARegularFile(let path): "The secret key file \(path) is not a regular file."
        case .accessibleByOthers(let path, let mode):
            "The secret key file \(path) may be read by group or others (mode \(String(mode, radix: 8))); run: chmod 600 \(path)"
        case .wrongLength(let path, let length):
            "The secret key file \(path) holds \(length.map { "\($0) bytes" } ?? "more than 32 bytes"); a key file holds exactly 32. Restore the right key file from its backup."
        case .alreadyExists(let path): "The secret key file \(path) already exists."
        case .cannotCreate(let path, let reason): "Cannot create the secret key file \(path): \(reason)."
        }
    }
}
