import CredentialCore

/// `dualgate app-password approve|disable|enable LOGIN UUID` (contract.md per-password controls).
enum PasswordStatusCommands {
    static let approve = make("approve", summary: "Approve a pending application password (setting require_approval).",
                              from: [.pending], to: .active, done: "Approved")
    static let disable = make("disable", summary: "Disable an application password without deleting it.",
                              from: [.active, .pending], to: .disabled, done: "Disabled")
    static let enable = make("enable", summary: "Enable a disabled application password again.",
                             from: [.disabled], to: .active, done: "Enabled")

    private static func make(_ verb: String, summary: String, from allowed: Set<PasswordStatus>, to status: PasswordStatus, done: String) -> Command {
        Command(
            path: ["app-password", verb],
            usage: "dualgate app-password \(verb) LOGIN UUID [--db PATH]",
            summary: summary,
            details: "A running 'dualgate serve' on the same database applies it from the very next request.",
            spec: .init(valued: ["db"]),
            run: { arguments, env in
                let words = try arguments.positionals(named: "LOGIN", "UUID")
                return try env.withAuditedStore(arguments) { store in
                    let user = try CLILookup.user(words[0], in: store)
                    let current: ApplicationPassword?
                    do { current = try store.password(uuid: words[1], of: user.id) } catch { throw RefusalError("\(error)") }
                    guard let current else {
                        throw RefusalError("\(user.login) has no application password with uuid \(Echo.argument(words[1])); see 'dualgate app-password list \(user.login)'")
                    }
                    guard allowed.contains(current.status) else {
                        let hint = current.status == .pending ? "; approve it with 'dualgate app-password approve'" : ""
                        throw RefusalError("application password \"\(current.name)\" is \(current.status.rawValue), cannot \(verb) it\(hint)")
                    }
                    do { _ = try store.setStatus(status, uuid: current.uuid, of: user.id) } catch { throw RefusalError("\(error)") }
                    env.output.line("\(done) application password \"\(current.name)\" (\(current.uuid)) of \(user.login).")
                    return 0
                }
            })
    }
}
