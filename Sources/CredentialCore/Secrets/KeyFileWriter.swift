#if canImport(Glibc)
import Glibc
#endif

/// Creates a key file so that no one ever sees it half-written or readable by others: the bytes
/// go to a temporary file made with `O_EXCL` and mode 0600 (then `fchmod`, which the umask
/// cannot narrow or widen), are synced, and the file is `link`ed into place, which fails if the
/// name exists: two processes creating the key at once end with one key, never a mix.
enum KeyFileWriter {
    static func createExclusively(_ path: String, bytes: [UInt8]) throws(SecretKeyError) {
        let temporary = path + ".tmp-\(getpid())-\(SecureRandom.bytes(4).map { String($0, radix: 16) }.joined())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .cannotCreate(path: path, reason: String(cString: strerror(errno))) }
        defer { unlink(temporary) }
        var failure: String?
        if fchmod(descriptor, 0o600) != 0 { failure = String(cString: strerror(errno)) }
        var written = 0
        while failure == nil, written < bytes.count {
            let count = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, $0.count - written) }
            if count < 0, errno == EINTR { continue }
            if count <= 0 { failure = String(cString: strerror(errno)) } else { written += count }
        }
        if failure == nil, fsync(descriptor) != 0 { failure = String(cString: strerror(errno)) }
        close(descriptor)
        if let failure { throw .cannotCreate(path: path, reason: failure) }
        guard link(temporary, path) == 0 else {
            if errno == EEXIST { throw .alreadyExists(path: path) }
            throw .cannotCreate(path: path, reason: String(cString: strerror(errno)))
        }
    }
}
