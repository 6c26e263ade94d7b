import CredentialCore

/// `dualgate upstream enroll` (issue 13 item 2): mints an upstream application password for each
/// user through WordPress's REST API and an administrator's application password, and stores it.
enum UpstreamEnrollCommand {
    static let enroll = Command(
        path: ["upstream", "enroll"],
        usage: "dualgate upstream enroll [LOGIN...|--all] --admin L --password-stdin [--upstream URL] [--secret-key-file PATH] [--db PATH]",
        summary: "Mint and store an upstream application password ('dualgate gateway') for each user.",
        details: """
              LOGIN...                the dualgate users to enrol (login or e-mail); --all for every user
              --admin L               an administrator's login on the upstream WordPress
              --password-stdin        read that administrator's application password from stdin (required)
              --upstream URL          the upstream WordPress, http://host[:port][/path] (else $DUALGATE_UPSTREAM);
                                      http:// only: this client does not speak TLS yet (serve does)
            \(UpstreamCommands.keyFileHelp)
            Each dualgate user must be the upstream user of the same id with the same login
            (case-insensitive), as after 'dualgate import wordpress'; any other is refused.
            One line per user (enrolled, or refused and why); exit 1 when any was refused.
            """,
        spec: .init(valued: ["db", "admin", "upstream", "secret-key-file"], switches: ["all", "password-stdin"]),
        run: { arguments, env in
            let all = arguments.has("all")
            if all, !arguments.positionals.isEmpty { throw UsageError("give LOGIN... or --all, not both") }
            if !all, arguments.positionals.isEmpty { throw UsageError("name the users to enrol (LOGIN...) or give --all") }
            guard let admin = arguments.value("admin"), !admin.isEmpty else { throw UsageError("--admin is required") }
            guard arguments.has("password-stdin") else { throw UsageError("--password-stdin is required: the administrator's application password is read from stdin") }
            guard let urlText = arguments.value("upstream") ?? env.variables["DUALGATE_UPSTREAM"], !urlText.isEmpty else {
                throw UsageError("--upstream URL (or $DUALGATE_UPSTREAM) is required")
            }
            // The enrolment client is blocking and plain (`serve` speaks TLS upstream; this client not yet): checked
            // before the host is resolved, so the message says what is wrong.
            guard !urlText.lowercased().hasPrefix("https://") else {
                throw UsageError("--upstream: enrol over http:// (the enrolment client does not speak TLS yet; serve --upstream https:// does)")
            }
            let upstream: UpstreamOrigin
            do { upstream = try UpstreamOrigin(url: urlText) } catch { throw UsageError("--upstream: \(error)") }
            let adminPassword = try SecretInput.read(what: "the administrator's application password")
            let enrollment = UpstreamEnrollment(upstream: upstream, adminLogin: admin, adminPassword: adminPassword)
            let refused = try env.withAuditedStore(arguments) { store throws -> Int in
                var users: [User] = []
                if all {
                    do { users = try store.listUsers() } catch { throw RefusalError("\(error)") }
                } else {
                    for login in arguments.positionals { users.append(try CLILookup.user(login, in: store)) }
                }
                let key = try env.secretKeyCreatingIfNeeded(arguments)     // only once the users are known
                var refused = 0
                for user in users {
                    switch enrollment.enroll(userID: user.id, login: user.login) {
                    case .enrolled(let credential):
                        do {
                            try store.setUpstreamCredential(userID: user.id, credential, key: key)
                            env.output.line("enrolled \(user.login) (upstream user \(user.id) \(credential.login))")
                        } catch {
                            refused += 1
                            env.output.line("refused \(user.login): \(error)")
                        }
                    case .refused(let why):
                        refused += 1
                        env.output.line("refused \(user.login): \(why)")
                    }
                }
                return refused
            }
            if refused > 0 { env.errors.line("\(refused) user\(refused == 1 ? "" : "s") not enrolled.") }
            return refused > 0 ? 1 : 0
        })
}
