import CredentialCore

/// `dualgate user add|list`.
enum UserCommands {
    static let add = Command(
        path: ["user", "add"],
        usage: "dualgate user add LOGIN [--role administrator|editor|author|contributor|subscriber] [--email E] [--display-name N] [--json] [--db PATH]",
        summary: "Add a user (default role: subscriber).",
        details: """
            Users have no login password: they authenticate with application passwords only
            (see 'dualgate app-password create').
              --role R           administrator, editor, author, contributor or subscriber (default subscriber)
              --email E          the user's email address; it can be used instead of the login
              --display-name N   shown as "name" over REST (default: the login)
              --json             print the new user as JSON
            """,
        spec: .init(valued: ["db", "role", "email", "display-name"], switches: ["json"]),
        run: { arguments, env in
            let login = try arguments.positionals(named: "LOGIN")[0]
            var role = Role.subscriber
            if let name = arguments.value("role") {
                guard let parsed = Role(rawValue: name) else {
                    throw UsageError("--role must be one of \(Role.allCases.map(\.rawValue).joined(separator: ", ")), not '\(Echo.argument(name))'")
                }
                role = parsed
            }
            let store = try env.openStore(arguments)
            let user: User
            do {
                user = try store.addUser(login: login, email: arguments.value("email") ?? "", displayName: arguments.value("display-name"), role: role)
            } catch {
                throw RefusalError("\(error)")
            }
            if arguments.has("json") {
                env.output.line(CLIJSON.user(user))
            } else {
                env.output.line("Added user \(user.login) (id \(user.id), \(user.role.rawValue)).")
            }
            return 0
        })

    static let list = Command(
        path: ["user", "list"],
        usage: "dualgate user list [--json] [--db PATH]",
        summary: "List users.",
        details: "  --json   print a JSON array of {id, login, email, display_name, role}",
        spec: .init(valued: ["db"], switches: ["json"]),
        run: { arguments, env in
            try arguments.expectNoPositionals()
            let store = try env.openStore(arguments)
            let users: [User]
            do { users = try store.listUsers() } catch { throw RefusalError("\(error)") }
            if arguments.has("json") {
                env.output.line("[" + users.map(CLIJSON.user).joined(separator: ",") + "]")
            } else if users.isEmpty {
                env.output.line("No users.")
            } else {
                env.output.line(Table.render(header: ["ID", "LOGIN", "EMAIL", "DISPLAY NAME", "ROLE"],
                                             rows: users.map { ["\($0.id)", $0.login, $0.email, $0.displayName, $0.role.rawValue] }))
            }
            return 0
        })
}
