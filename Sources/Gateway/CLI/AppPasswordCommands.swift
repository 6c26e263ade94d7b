import CredentialCore
import Foundation
import RESTRoutes

/// `dualgate app-password create|list|revoke|revoke-all`.
enum AppPasswordCommands {
    static let create = Command(
        path: ["app-password", "create"],
        usage: "dualgate app-password create LOGIN --name NAME [--app-id UUID] [--api rest|xmlrpc|rest,xmlrpc] [--read-only[=rest|xmlrpc]] [--expires DATE] [--allow-network CIDR]... [--json] [--db PATH]",
        summary: "Create an application password and print it once.",
        details: """
              --name NAME          what the password is for (required)
              --app-id UUID        the client application's UUID (optional)
              --api TYPES          rest, xmlrpc or rest,xmlrpc (default: both)
              --read-only          read-only on both protocols; --read-only=rest or --read-only=xmlrpc for one
              --expires DATE       stop working at DATE (GMT: 2027-01-31, 2027-01-31T12:00:00) or after a
                                   duration (90d, 12h, 30m); default: the site's default_lifetime_seconds
              --allow-network CIDR only from this IPv4/IPv6 network (repeatable; default: anywhere)
              --json               print the same object the REST create returns
            The password is shown only now; dualgate stores its hash, never the password.
            """,
        spec: .init(valued: ["db", "name", "app-id", "api", "expires", "allow-network"], switches: ["json"], optionalValued: ["read-only"],
                    repeatable: ["allow-network"]),
        run: { arguments, env in
            let login = try arguments.positionals(named: "LOGIN")[0]
            guard let name = arguments.value("name") else { throw UsageError("--name is required") }
            var request = PasswordRequest(name: name, appID: arguments.value("app-id") ?? "")
            if let api = arguments.value("api") {
                var types = Set<APIType>()
                for word in api.split(separator: ",", omittingEmptySubsequences: false) {
                    guard let type = APIType(cliName: String(word)) else {
                        throw UsageError("--api takes rest, xmlrpc or rest,xmlrpc, not '\(Echo.argument(api))'")
                    }
                    types.insert(type)
                }
                request.enabledFor = types
            }
            if arguments.has("read-only") {
                switch arguments.value("read-only") ?? "" {
                case "": request.restAPIPermission = .read; request.xmlRPCPermission = .read
                case "rest": request.restAPIPermission = .read
                case "xmlrpc": request.xmlRPCPermission = .read
                case let other: throw UsageError("--read-only takes no value, =rest or =xmlrpc, not '\(Echo.argument(other))'")
                }
            }
            if let text = arguments.value("expires") { request.expires = try CLIExpiry.parse(text) }
            do { request.allowedNetworks = try NetworkRange.parseList(arguments.all("allow-network")) } catch {
                throw UsageError("--allow-network: \(error)")
            }
            let (user, created) = try env.withAuditedStore(arguments) { store throws -> (User, NewPassword) in
                let user = try CLILookup.user(login, in: store)
                do { return (user, try store.createPassword(request, for: user.id)) } catch { throw RefusalError("\(error)") }
            }
            if arguments.has("json") {
                env.output.line(CLIJSON.createdPassword(created))
            } else {
                env.output.line("Created application password \"\(created.record.name)\" for \(user.login) (uuid \(created.record.uuid)).")
                env.output.line("Password (shown once, store it now): \(created.plain.chunked)")
                if created.record.status == .pending {
                    env.output.line("It is pending approval: 'dualgate app-password approve \(user.login) \(created.record.uuid)'.")
                }
            }
            return 0
        })

    static let list = Command(
        path: ["app-password", "list"],
        usage: "dualgate app-password list LOGIN [--json] [--db PATH]",
        summary: "List a user's application passwords (never the passwords themselves).",
        details: "  --json   print the same array the REST list returns",
        spec: .init(valued: ["db"], switches: ["json"]),
        run: { arguments, env in
            let login = try arguments.positionals(named: "LOGIN")[0]
            let store = try env.openStore(arguments)
            let user = try CLILookup.user(login, in: store)
            let items: [ApplicationPassword]
            do { items = try store.passwords(of: user.id) } catch { throw RefusalError("\(error)") }
            if arguments.has("json") {
                env.output.line(CLIJSON.passwordList(items))
            } else if items.isEmpty {
                env.output.line("\(user.login) has no application passwords.")
            } else {
                env.output.line(Table.render(
                    header: ["UUID", "NAME", "API TYPES", "REST", "XML-RPC", "STATUS", "EXPIRES", "NETWORKS", "CREATED", "LAST USED"],
                    rows: items.map { item in
                        [item.uuid, item.name, item.enabledForWireNames.joined(separator: ","),
                         item.isEnabled(for: .rest) ? item.restAPIPermission.rawValue : "-",
                         item.isEnabled(for: .xmlrpc) ? item.xmlRPCPermission.rawValue : "-",
                         item.status.rawValue, item.expires.map(WordPressDate.gmt) ?? "never",
                         item.allowedNetworks.isEmpty ? "any" : item.allowedNetworks.map(\.description).joined(separator: ","),
                         WordPressDate.gmt(item.created), item.lastUsed.map(WordPressDate.gmt) ?? "never"]
                    }))
            }
            return 0
        })

    static let revoke = Command(
        path: ["app-password", "revoke"],
        usage: "dualgate app-password revoke LOGIN UUID [--db PATH]",
        summary: "Revoke one application password; it stops working on the very next request.",
        details: "A running 'dualgate serve' on the same database sees the revoke at once.",
        spec: .init(valued: ["db"]),
        run: { arguments, env in
            let words = try arguments.positionals(named: "LOGIN", "UUID")
            let (user, removed) = try env.withAuditedStore(arguments) { store throws -> (User, ApplicationPassword?) in
                let user = try CLILookup.user(words[0], in: store)
                do { return (user, try store.revokePassword(uuid: words[1], of: user.id)) } catch { throw RefusalError("\(error)") }
            }
            guard let removed else { throw RefusalError("\(user.login) has no application password with uuid \(Echo.argument(words[1])); see 'dualgate app-password list \(user.login)'") }
            env.output.line("Revoked application password \"\(removed.name)\" (\(removed.uuid)) of \(user.login).")
            return 0
        })

    static let revokeAll = Command(
        path: ["app-password", "revoke-all"],
        usage: "dualgate app-password revoke-all LOGIN [--db PATH]",
        summary: "Revoke every application password of a user.",
        details: "A running 'dualgate serve' on the same database sees the revoke at once.",
        spec: .init(valued: ["db"]),
        run: { arguments, env in
            let login = try arguments.positionals(named: "LOGIN")[0]
            let (user, count) = try env.withAuditedStore(arguments) { store throws -> (User, Int) in
                let user = try CLILookup.user(login, in: store)
                do { return (user, try store.revokeAllPasswords(of: user.id)) } catch { throw RefusalError("\(error)") }
            }
            env.output.line("Revoked \(count) application password\(count == 1 ? "" : "s") of \(user.login).")
            return 0
        })
}

enum CLILookup {
    static func user(_ login: String, in store: CredentialStore) throws(RefusalError) -> User {
        let found: User?
        do { found = try store.user(loginOrEmail: login) } catch { throw RefusalError("\(error)") }
        guard let found else { throw RefusalError("no user '\(Echo.argument(login))'; see 'dualgate user list' or add one with 'dualgate user add \(Echo.argument(login))'") }
        return found
    }
}

/// `--expires`: a GMT date (`GMTTimeParser`) or a duration from now (`90d`, `12h`, `30m`, `45s`).
enum CLIExpiry {
    static func parse(_ text: String, now: Int64 = Int64(Date().timeIntervalSince1970)) throws(UsageError) -> Int64 {
        if let date = GMTTimeParser.parse(text) { return date }
        let units: [Character: Int64] = ["d": 86_400, "h": 3600, "m": 60, "s": 1]
        if let unit = text.last.flatMap({ units[$0] }), let amount = Int64(text.dropLast()), amount > 0, amount < 100_000_000 {
            return now + amount * unit
        }
        throw UsageError("--expires takes a GMT date (2027-01-31 or 2027-01-31T12:00:00) or a duration (90d, 12h, 30m), not '\(Echo.argument(text))'")
    }
}
