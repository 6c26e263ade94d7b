import CredentialCore
import RESTRoutes

/// `dualgate upstream set|list|unset` (issue 13 item 2); `enroll` is in `UpstreamEnrollCommand`.
enum UpstreamCommands {
    static let keyFileHelp = """
          --secret-key-file PATH  the key that seals upstream credentials (else $DUALGATE_SECRET_KEY_FILE,
                                  else the database path + .key); created with mode 0600 when missing.
                                  Without it the stored upstream credentials cannot be read: back it up
                                  apart from the database; losing it means enrolling again.
        """

    static let set = Command(
        path: ["upstream", "set"],
        usage: "dualgate upstream set LOGIN --upstream-login L --password-stdin [--secret-key-file PATH] [--db PATH]",
        summary: "Store a user's upstream credential (an application password of the upstream WordPress).",
        details: """
              --upstream-login L      the user's login on the upstream WordPress
              --password-stdin        read the upstream application password from stdin (required)
            \(keyFileHelp)
            LOGIN is the dualgate user (login or e-mail). The password is stored encrypted
            (ChaCha20-Poly1305) and never printed; a running 'dualgate serve' uses it from the next request.
            """,
        spec: .init(valued: ["db", "upstream-login", "secret-key-file"], switches: ["password-stdin"]),
        run: { arguments, env in
            let login = try arguments.positionals(named: "LOGIN")[0]
            guard let upstreamLogin = arguments.value("upstream-login"), !upstreamLogin.isEmpty else { throw UsageError("--upstream-login is required") }
            guard arguments.has("password-stdin") else { throw UsageError("--password-stdin is required: the password is read from stdin, never taken as an argument") }
            let password = try SecretInput.read(what: "the upstream password")
            let user = try env.withAuditedStore(arguments) { store throws -> User in
                let user = try CLILookup.user(login, in: store)
                let key = try env.secretKeyCreatingIfNeeded(arguments)     // only once the request is known good
                do { try store.setUpstreamCredential(userID: user.id, UpstreamCredential(login: upstreamLogin, password: password), key: key) } catch {
                    throw RefusalError("\(error)")
                }
                return user
            }
            env.output.line("Stored the upstream credential of \(user.login) (upstream login \(Echo.argument(upstreamLogin))).")
            return 0
        })

    static let list = Command(
        path: ["upstream", "list"],
        usage: "dualgate upstream list [--json] [--db PATH]",
        summary: "List the stored upstream credentials (never the passwords).",
        details: "  --json   print an array of {user_id, login, upstream_login, created, updated} (dates GMT)",
        spec: .init(valued: ["db"], switches: ["json"]),
        run: { arguments, env in
            try arguments.expectNoPositionals()
            let listings: [UpstreamCredentialListing]
            do { listings = try env.openStore(arguments).upstreamCredentialListings() } catch { throw RefusalError("\(error)") }
            if arguments.has("json") {
                env.output.line(JSON.array(listings.map { item in
                    JSON.object([("user_id", .int(item.userID)), ("login", .string(item.userLogin)), ("upstream_login", .string(item.upstreamLogin)),
                                 ("created", .string(WordPressDate.gmt(item.created))), ("updated", .string(WordPressDate.gmt(item.updated)))])
                }).text)
            } else if listings.isEmpty {
                env.output.line("No upstream credentials stored.")
            } else {
                env.output.line(Table.render(header: ["USER", "ID", "UPSTREAM LOGIN", "CREATED", "UPDATED"], rows: listings.map {
                    [$0.userLogin, "\($0.userID)", $0.upstreamLogin, WordPressDate.gmt($0.created), WordPressDate.gmt($0.updated)]
                }))
            }
            return 0
        })

    static let unset = Command(
        path: ["upstream", "unset"],
        usage: "dualgate upstream unset LOGIN [--db PATH]",
        summary: "Remove a user's upstream credential; a running 'dualgate serve' stops using it at once.",
        details: "LOGIN is the dualgate user (login or e-mail). The key file is not needed.",
        spec: .init(valued: ["db"]),
        run: { arguments, env in
            let login = try arguments.positionals(named: "LOGIN")[0]
            let (user, removed) = try env.withAuditedStore(arguments) { store throws -> (User, Bool) in
                let user = try CLILookup.user(login, in: store)
                do { return (user, try store.removeUpstreamCredential(userID: user.id)) } catch { throw RefusalError("\(error)") }
            }
            guard removed else { throw RefusalError("\(user.login) has no upstream credential; see 'dualgate upstream list'") }
            env.output.line("Removed the upstream credential of \(user.login).")
            return 0
        })
}
