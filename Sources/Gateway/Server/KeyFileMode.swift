import Glibc

/// A private key readable by other local users is a leaked key: refused, as OpenSSH refuses its own.
/// One check for every key file `serve` reads (the TLS key, the identity-header signing key).
enum KeyFileMode {
    /// What is wrong with `path` as a private key file, in words that say how to fix it; nil when nothing.
    static func problem(_ path: String, what: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return "cannot read the \(what) \(path): \(String(cString: strerror(errno)))" }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            return "the \(what) \(path) is open to group or others (mode \(String(mode, radix: 8))); "
                + "make it private to dualgate's user: chmod 600 \(path)"
        }
        return nil
    }
}
