#if canImport(Glibc)
import Glibc
#endif

/// Failure details for the operator, on stderr. Callers pass only descriptions that hold no
/// secrets (SQLite messages and SQL text with placeholders, never bound values).
enum StoreLog {
    static func error(_ message: String) {
        let line = "dualgate: credential store: \(message)\n"
        var bytes = Array(line.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { buffer in
                write(STDERR_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written <= 0 { return }
            offset += written
        }
    }
}
