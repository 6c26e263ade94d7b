import CredentialCore

/// `dualgate user add|list|set-password`.
enum UserCommands {
    static let add = Command(
        path: ["user", "add"],
        usage: "dualgate user add LOGIN [--role administrator|editor|author|contributor|subscriber] [--email E] [--display-name N] [--password-stdin] [--json] [--db PATH]",
        summary: "Add a user (default role: subscriber).",
        details: """
            The APIs take application passwords only (see 'dualgate app-password create'). An
            account password, for signing in to the web pages (/wp-login.php), is optional.
              --role R           administrator, editor, author, contributor or subscriber (default subscriber)
              --email E          the user's email address; it can be used instead of the login
              --display-name N   shown as "name" over REST (default: the login)
              --password-stdin   read the user's account password (web sign-in only) from stdin
              --json             print the new user as JSON
            """,
        spec: .init(valued: ["db", "role", "email", "display-name"], switches: ["json", "password-stdin"]),
        run: { arguments, env in
            let login = try arguments.positionals(named: "LOGIN")[0]
            var role = Role.subscriber
            if let name = arguments.value("role") {
                guard let parsed = Role(rawValue: name) else {
                    throw UsageError("--role must be one of \(Role.allCases.map(\.rawValue).joined(separator: ", ")), not '\(Echo.argument(name))'")
                }
                role = parsed
            }
            let password = arguments.has("password-stdin") ? try SecretInput.read(what: "the account password") : nil
            let user = try env.withAuditedStore(arguments) { store throws -> User in
                let user: User
                do {
                    user = try store.addUser(login: login, email: arguments.value("email") ?? "", displayName: arguments.value("display-name"), role: role)
                    if let password { try store.setAccountPassword(password, forUserID: user.id) }
                } catch {
                    throw RefusalError("\(error)")
                }
                return user
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

    static let setPassword = Command(
        path: ["user", "set-password"],
        usage: "dualgate user set-password LOGIN [--password-stdin] [--db PATH]",
        summary: "Set a user's account password (web sign-in only; never valid for the APIs).",
        details: """
            On a terminal the password is typed twice and not shown; with --password-stdin it is
            read from stdin (one line). It is stored as a yescrypt hash (the system's libcrypt),
            and the user's open web sessions end.
              --password-stdin   read the password from stdin instead of the terminal
            LOGIN is the user's login or e-mail.
            """,
        spec: .init(valued: ["db"], switches: ["password-stdin"]),
        run: { arguments, env in
            let login = try arguments.positionals(named: "LOGIN")[0]
            let password = try AccountPasswordInput.read(arguments, env: env)
            let user = try env.withAuditedStore(arguments) { store throws -> User in
                let user = try CLILookup.user(login, in: store)
                do { try store.setAccountPassword(password, forUserID: user.id) } catch { throw RefusalError("\(error)") }
                return user
            }
            env.output.line("Set the account password of \(user.login) (sign-in at /wp-login.php; the APIs still take application passwords only).")
            return 0
        })
}
