import Glibc

/// Where an account password comes from: `--password-stdin` (scripts), else, on a terminal, typed
/// twice with echo off (termios). Never an argument: `ps` and shell histories would show it.
enum AccountPasswordInput {
    static func read(_ arguments: ArgumentScanner, env: CommandEnvironment) throws -> String {
        if arguments.has("password-stdin") { return try SecretInput.read(what: "the account password") }
        guard isatty(STDIN_FILENO) == 1 else {
            throw UsageError("standard input is not a terminal: pass --password-stdin to read the password from it")
        }
        let first = try prompt("New password: ", env: env)
        let second = try prompt("Type it again: ", env: env)
        guard first == second else { throw RefusalError("the two passwords differ; nothing was changed") }
        guard !first.isEmpty else { throw RefusalError("the password is empty; nothing was changed") }
        return first
    }

    /// One line from the terminal with echo off; the terminal's settings are restored whatever happens.
    /// Echo goes off (discarding type-ahead) *before* the prompt is shown: flushed after it, an answer
    /// typed at once would be lost (found by the pty test).
    private static func prompt(_ text: String, env: CommandEnvironment) throws -> String {
        var saved = termios()
        guard tcgetattr(STDIN_FILENO, &saved) == 0 else { throw RefusalError("cannot read the terminal's settings") }
        var silent = saved
        silent.c_lflag &= ~tcflag_t(ECHO)
        silent.c_lflag |= tcflag_t(ECHONL)
        guard tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent) == 0 else { throw RefusalError("cannot turn the terminal's echo off") }
        defer { _ = tcsetattr(STDIN_FILENO, TCSANOW, &saved) }
        env.errors.write(text)
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while Glibc.read(STDIN_FILENO, &byte, 1) == 1, byte != UInt8(ascii: "\n") {
            bytes.append(byte)
            if bytes.count > 4096 { throw UsageError("the password is longer than 4096 bytes") }
        }
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        defer { for index in bytes.indices { bytes[index] = 0 } }
        guard let password = String(validating: bytes, as: UTF8.self) else { throw UsageError("the password is not UTF-8") }
        return password
    }
}
