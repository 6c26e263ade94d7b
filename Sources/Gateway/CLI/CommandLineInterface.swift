import Foundation

/// `dualgate` subcommands. Returns the process exit code (0 ok, 1 refused, 2 bad usage).
public enum CommandLineInterface {
    public static func run(arguments: [String], environment: [String: String]) -> Int32 { fatalError("not implemented") }
}
