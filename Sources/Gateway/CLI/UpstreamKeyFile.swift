import CredentialCore
import Foundation

extension CommandEnvironment {
    /// `--secret-key-file`, else `$DUALGATE_SECRET_KEY_FILE`, else `<database>.key`.
    func secretKeyPath(_ arguments: ArgumentScanner) -> String {
        arguments.value("secret-key-file") ?? variables["DUALGATE_SECRET_KEY_FILE"] ?? SecretKey.defaultPath(forDatabase: databasePath(arguments))
    }

    /// The key for sealing: created when missing (only `upstream set` and `enroll` do), and the
    /// creation said on stderr, since the new file wants a backup of its own.
    func secretKeyCreatingIfNeeded(_ arguments: ArgumentScanner) throws(RefusalError) -> SecretKey {
        let path = secretKeyPath(arguments)
        do {
            let (key, created) = try SecretKey.loadOrCreate(path: path)
            if created {
                errors.line("Created the secret key file \(path) (mode 0600). Back it up apart from the database: without it the stored upstream credentials cannot be read.")
            }
            return key
        } catch { throw RefusalError("\(error)") }
    }
}

/// A secret given on standard input (`--password-stdin`): never an argument, which `ps` and
/// shell histories would show.
enum SecretInput {
    /// Reads stdin to its end (at most 4 KiB), without the line end a shell or `echo` adds.
    static func read(what: String) throws(UsageError) -> String {
        let data = FileHandle.standardInput.readData(ofLength: 4097)
        guard data.count <= 4096 else { throw UsageError("\(what) on stdin is longer than 4096 bytes") }
        guard var text = String(data: data, encoding: .utf8) else { throw UsageError("\(what) on stdin is not UTF-8") }
        if text.hasSuffix("\n") { text.removeLast() }            // "\r\n" is one Character: both go at once
        guard !text.isEmpty else { throw UsageError("\(what) on stdin is empty") }
        guard !text.contains(where: \.isNewline) else { throw UsageError("\(what) on stdin must be one line") }
        return text
    }
}
