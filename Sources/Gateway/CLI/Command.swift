import CredentialCore

/// One `dualgate` subcommand.
struct Command: Sendable {
    /// e.g. `["app-password", "create"]`.
    let path: [String]
    let usage: String
    let summary: String
    let details: String
    let spec: ArgumentScanner.Spec
    let run: @Sendable (ArgumentScanner, CommandEnvironment) throws -> Int32
}


/// What a command may touch: the environment and where to print.
struct CommandEnvironment {
    let variables: [String: String]
    let output: TextSink
    let errors: TextSink

    /// `--db`, else `DUALGATE_DB`, else `./dualgate.sqlite` (contract).
    func databasePath(_ arguments: ArgumentScanner) -> String {
        arguments.value("db") ?? variables["DUALGATE_DB"] ?? "./dualgate.sqlite"
    }

    func openStore(_ arguments: ArgumentScanner) throws(RefusalError) -> CredentialStore {
        let path = databasePath(arguments)
        do {
            return try CredentialStore(path: path)
        } catch {
            throw RefusalError("cannot open the database at \(StoreLocation(path)): \(error)")
        }
    }
}

/// Where text goes (stdout or stderr), flushed per line so that scripts reading a pipe see
/// `listening on …` at once.
struct TextSink: Sendable {
    let write: @Sendable (String) -> Void

    func line(_ text: String) { write(text + "\n") }
}
