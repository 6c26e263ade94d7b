import CredentialCore
import Foundation

/// `dualgate` subcommands. Returns the process exit code: 0 done, 1 refused, 2 bad usage (contract).
public enum CommandLineInterface {
    /// The process entry point (`main.swift`): core dumps go off first (`CoreDumps`).
    public static func run(arguments: [String], environment: [String: String]) -> Int32 {
        CoreDumps.disable(unless: environment)
        let env = CommandEnvironment(variables: environment, output: .standardOutput, errors: .standardError)
        return run(arguments: arguments, in: env)
    }

    static func run(arguments: [String], in env: CommandEnvironment) -> Int32 {
        if arguments.isEmpty || ["--help", "-h", "help"].contains(arguments[0]) && arguments.count == 1 {
            env.output.line(CommandTable.overview)
            return arguments.isEmpty ? 2 : 0
        }
        if arguments == ["--version"] || arguments == ["version"] {
            env.output.line("dualgate \(Version.string)")
            return 0
        }
        if arguments[0] == "help" {
            return run(arguments: Array(arguments.dropFirst()) + ["--help"], in: env)
        }
        guard let (command, rest) = CommandTable.find(arguments) else {
            let group = CommandTable.group(arguments)
            if let group, arguments.count == group.count || arguments.dropFirst(group.count).first == "--help" {
                env.output.line(CommandTable.overview(of: group))
                return arguments.count == group.count ? 2 : 0
            }
            env.errors.line("dualgate: unknown command '\(arguments.prefix(2).map(Echo.argument).joined(separator: " "))'. Run 'dualgate --help' for the list.")
            return 2
        }
        do {
            let scanner = try ArgumentScanner(rest, spec: command.spec)
            if scanner.has("help") {
                env.output.line(CommandTable.help(for: command))
                return 0
            }
            // Only serve lives long enough to listen for other instances' changes (PostgreSQL).
            if command.path != ServeCommand.command.path { PostgresChangeFeed.disableListening() }
            return try command.run(scanner, env)
        } catch let error as UsageError {
            env.errors.line("dualgate \(command.path.joined(separator: " ")): \(error.message)")
            env.errors.line("usage: \(command.usage)")
            env.errors.line("Run 'dualgate \(command.path.joined(separator: " ")) --help' for details.")
            return 2
        } catch let error as RefusalError {
            env.errors.line("dualgate \(command.path.joined(separator: " ")): \(error.message)")
            return 1
        } catch {
            env.errors.line("dualgate \(command.path.joined(separator: " ")): \(error)")
            return 1
        }
    }
}

extension TextSink {
    static let standardOutput = TextSink { text in
        FileHandle.standardOutput.write(Data(text.utf8))
    }
    static let standardError = TextSink { text in
        FileHandle.standardError.write(Data(text.utf8))
    }
}
