import CredentialCore
import RESTRoutes

/// `dualgate settings list|get|set` (contract.md "Site settings").
enum SettingsCommands {
    static let list = Command(
        path: ["settings", "list"],
        usage: "dualgate settings list [--json] [--db PATH]",
        summary: "Show every site setting and its value.",
        details: "  --json   print one JSON object {key: value} (booleans and numbers typed)",
        spec: .init(valued: ["db"], switches: ["json"]),
        run: { arguments, env in
            try arguments.expectNoPositionals()
            let settings = try env.openStore(arguments).settings
            if arguments.has("json") {
                env.output.line(JSON.object(SettingKey.allCases.map { ($0.rawValue, json(settings, $0)) }).text)
            } else {
                env.output.line(Table.render(header: ["KEY", "VALUE"], rows: SettingKey.allCases.map { [$0.rawValue, settings.value(of: $0)] }))
            }
            return 0
        })

    static let get = Command(
        path: ["settings", "get"],
        usage: "dualgate settings get KEY [--json] [--db PATH]",
        summary: "Print one site setting.",
        details: "Keys: \(SettingKey.allCases.map(\.rawValue).joined(separator: ", ")).",
        spec: .init(valued: ["db"], switches: ["json"]),
        run: { arguments, env in
            let key = try parse(arguments.positionals(named: "KEY")[0])
            let settings = try env.openStore(arguments).settings
            env.output.line(arguments.has("json") ? json(settings, key).text : settings.value(of: key))
            return 0
        })

    static let set = Command(
        path: ["settings", "set"],
        usage: "dualgate settings set KEY VALUE [--json] [--db PATH]",
        summary: "Change a site setting; a running 'dualgate serve' applies it from the next request.",
        details: """
            Booleans take true or false; counts and seconds a whole number (0 = off / no limit
            where the README says so); allowed_roles a comma list of administrator, editor,
            author, contributor, subscriber; max_policy refuse or delete_oldest; rest_anonymous
            allow or refuse;
            cors_allowed_origins * (any origin), an empty value (no CORS headers) or a comma
            list of origins (https://app.example.com,http://localhost:3000).
            Keys: \(SettingKey.allCases.map(\.rawValue).joined(separator: ", ")).
            """,
        spec: .init(valued: ["db"], switches: ["json"]),
        run: { arguments, env in
            let words = try arguments.positionals(named: "KEY", "VALUE")
            let key = try parse(words[0])
            let settings: SiteSettings = try env.withAuditedStore(arguments) { store in
                do { return try store.setSetting(key, to: words[1]) } catch { throw UsageError("\(error)") }
            }
            env.output.line(arguments.has("json") ? json(settings, key).text : "\(key.rawValue) = \(settings.value(of: key))")
            return 0
        })

    private static func parse(_ text: String) throws(UsageError) -> SettingKey {
        do { return try SettingKey(parsing: text) } catch { throw UsageError("\(error)") }
    }

    private static func json(_ settings: SiteSettings, _ key: SettingKey) -> JSON {
        let text = settings.value(of: key)
        switch key {
        case .applicationPasswordsEnabled, .requireApproval, .uniqueNames, .crossProtocolIssuing, .requireHTTPS, .xmlrpcEnabled, .xmlrpcPingbacks:
            return .bool(text == "true")
        case .allowedRoles: return .array(text.split(separator: ",").map { .string(String($0)) })
        case .maxPolicy, .corsAllowedOrigins, .restAnonymous: return .string(text)
        case .maxPerUser, .lockoutLoginFailures, .lockoutAddressFailures, .lockoutWindowSeconds, .lockoutDurationSeconds,
             .defaultLifetimeSeconds, .maxLifetimeSeconds, .hstsMaxAge, .storeOutageGraceSeconds:
            return .int(Int64(text) ?? 0)
        }
    }
}
