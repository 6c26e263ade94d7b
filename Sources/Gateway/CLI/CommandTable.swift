/// Every subcommand, and the help texts built from them.
enum CommandTable {
    static let commands: [Command] = [
        ServeCommand.command,
        UserCommands.add,
        UserCommands.list,
        UserCommands.setPassword,
        AppPasswordCommands.create,
        AppPasswordCommands.list,
        AppPasswordCommands.revoke,
        AppPasswordCommands.revokeAll,
        PasswordStatusCommands.approve,
        PasswordStatusCommands.disable,
        PasswordStatusCommands.enable,
        SettingsCommands.list,
        SettingsCommands.get,
        SettingsCommands.set,
        AuditCommands.tail,
        ImportCommand.wordpress,
        UpstreamCommands.set,
        UpstreamCommands.list,
        UpstreamCommands.unset,
        UpstreamEnrollCommand.enroll,
        MigrateCommand.command,
    ]

    /// The command named by the leading words of `arguments`, and the words after them.
    static func find(_ arguments: [String]) -> (Command, [String])? {
        for command in commands where arguments.count >= command.path.count && Array(arguments.prefix(command.path.count)) == command.path {
            return (command, Array(arguments.dropFirst(command.path.count)))
        }
        return nil
    }

    /// A command group (`user`, `app-password`) named by the first word, if any.
    static func group(_ arguments: [String]) -> [String]? {
        guard let first = arguments.first, commands.contains(where: { $0.path.count > 1 && $0.path[0] == first }) else { return nil }
        return [first]
    }

    static var overview: String {
        var lines = ["dualgate: one listener for XML-RPC and WordPress REST, one credential core.", "", "Commands:"]
        let width = commands.map { $0.path.joined(separator: " ").count }.max() ?? 0
        for command in commands {
            let name = command.path.joined(separator: " ")
            lines.append("  \(name)\(String(repeating: " ", count: width - name.count + 2))\(command.summary)")
        }
        lines += ["", "Every command takes --db PATH_OR_URL (a SQLite file or postgres://USER@HOST:PORT/DB; else $DUALGATE_DB, else ./dualgate.sqlite) and --help.",
                  "Exit codes: 0 done, 1 refused, 2 bad usage."]
        return lines.joined(separator: "\n")
    }

    static func overview(of group: [String]) -> String {
        let members = commands.filter { $0.path.starts(with: group) }
        return (["Commands of 'dualgate \(group.joined(separator: " "))':"] + members.map { "  \($0.usage)\n      \($0.summary)" })
            .joined(separator: "\n")
    }

    static func help(for command: Command) -> String {
        "usage: \(command.usage)\n\n\(command.summary)\n\n\(command.details)"
    }
}
