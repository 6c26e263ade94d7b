import CredentialCore
import Foundation
import RESTRoutes
import XMLRPC

/// `dualgate serve`: bootstrap an empty store, bind, print `listening on …`, serve until a signal.
enum ServeCommand {
    static let command = Command(
        path: ["serve"],
        usage: "dualgate serve [--host 127.0.0.1] [--port 8080] [--db PATH] [--threads N] [--max-body BYTES] [--max-connections N] [--max-connections-per-address N] [--enable-validator] [--audit-log PATH] [--trusted-proxy CIDR]... [--tls-cert PEM --tls-key PEM] [--metrics HOST:PORT] [--access-log PATH|-] [--upstream URL [--upstream-ca FILE] [--upstream-connections N] [--upstream-timeout SECONDS] [--upstream-pass-cookies] [--upstream-auth credentials|headers [--upstream-signing-key-file PATH]] [--secret-key-file PATH] [--xmlrpc-catalogue FILE] [--xmlrpc-unknown refuse|forward]]",
        summary: "Run the gateway: XML-RPC and REST on one port.",
        details: """
              --host ADDR          address to bind (default 127.0.0.1; IPv6 works, e.g. ::1)
              --port N             port (default 8080; 0 picks a free one, printed on the 'listening on' line)
              --threads N          event loops (default: one per core)
              --max-body BYTES     largest request body accepted (default 16777216 = 16 MiB)
              --max-connections N  client connections held at once (default 10000, fewer when the open-files
                                   limit is lower); beyond it new connections are closed at once
              --max-connections-per-address N
                                   connections held at once from one client address (default: no cap;
                                   set it when exposed, so one host cannot take every slot)
              --enable-validator   also serve the validator1.* XML-RPC interop methods
              --trusted-proxy CIDR a proxy or load balancer in front of dualgate (repeatable; none by default):
                                   from it, X-Forwarded-For / Forwarded name the client (lockouts,
                                   allowed_networks, last_ip, audit) and X-Forwarded-Proto the scheme;
                                   from anyone else those headers are ignored
              --tls-cert PEM       serve HTTPS with this certificate (chain, leaf first); with --tls-key. TLS 1.2
                                   and 1.3, through the system's OpenSSL 3 (libssl3), loaded only when asked for.
                                   SIGHUP reloads both files for new connections
              --tls-key PEM        its private key (unencrypted PEM, mode 0600: a key others can read is refused)
              --audit-log PATH     the audit trail (JSON Lines, mode 0600; default: $DUALGATE_AUDIT_LOG,
                                   else next to the database, e.g. dualgate.audit.jsonl)
              --metrics HOST:PORT  serve GET /metrics (Prometheus text format) on a second listener (off by default;
                                   never on the main port). Port 0 picks a free one, printed as 'metrics on …'
              --access-log PATH|-  one JSON line per request (README "Access log"), written by a background thread;
                                   '-' is standard output. Reopened on SIGHUP (logrotate). Off by default
            Gateway mode (README "Put dualgate in front of WordPress"):
              --upstream URL       http(s)://HOST:PORT[/BASE] of the site behind dualgate (default: $DUALGATE_UPSTREAM;
                                   none: nothing is forwarded). What dualgate does not answer itself goes there,
                                   with the caller's upstream credential instead of the client's
              --upstream-ca FILE   with an https:// upstream: trust this CA (PEM) besides the system's trust store
              --upstream-connections N
                                   idle keep-alive connections to the upstream kept per event loop (default 64)
              --upstream-timeout SECONDS
                                   seconds without progress from the upstream before 504 / fault -32300 (default 30)
              --upstream-pass-cookies
                                   let Cookie, X-WP-Nonce and Set-Cookie cross (off by default: a WordPress cookie
                                   session would walk around the per-protocol split)
              --upstream-auth credentials|headers
                                   credentials (default): each user's stored upstream credential ('dualgate upstream
                                   set|enroll') replaces the client's; headers: none crosses, signed X-Dualgate-*
                                   identity headers do, for a backend that trusts the gateway
              --upstream-signing-key-file PATH
                                   with --upstream-auth headers: the secret shared with the backend (at least 32
                                   bytes, mode 0600); X-Dualgate-Signature is HMAC-SHA256 under it
              --secret-key-file PATH
                                   the key that opens stored upstream credentials (default: $DUALGATE_SECRET_KEY_FILE,
                                   else beside the database, e.g. dualgate.sqlite.key); without it they cannot be read
              --xmlrpc-catalogue FILE
                                   where credentials sit in a backend's own XML-RPC methods and whether each writes
                                   (the format of WordPress's built-in catalogue; adds or replaces entries)
              --xmlrpc-unknown refuse|forward
                                   a method missing from the catalogue: refused with fault -32601 (default), or
                                   forwarded with its params as typed
            On an empty database it creates the administrator 'admin' and prints its first
            application password once. SIGINT or SIGTERM stops it after the requests in flight.
            With --tls-cert, SIGHUP reloads the certificate and key (a failed reload keeps the old ones).
            """,
        spec: .init(valued: ["db", "host", "port", "threads", "max-body", "max-connections", "max-connections-per-address", "audit-log", "trusted-proxy",
                             "metrics", "access-log",
                             "upstream", "upstream-connections", "upstream-timeout", "upstream-auth", "upstream-signing-key-file",
                             "secret-key-file", "xmlrpc-catalogue", "xmlrpc-unknown", "tls-cert", "tls-key", "upstream-ca"],
                    switches: ["enable-validator", "upstream-pass-cookies"],
                    repeatable: ["trusted-proxy"]),
        run: { arguments, env in
            try arguments.expectNoPositionals()
            var configuration = DualgateServer.Options()
            configuration.handlesSignals = true
            configuration.host = arguments.value("host") ?? configuration.host
            if let text = arguments.value("port") {
                guard let port = UInt16(text) else { throw UsageError("--port takes a number from 0 to 65535, not '\(text)'") }
                configuration.port = port
            }
            if let text = arguments.value("threads") {
                guard let threads = Int(text), (1...256).contains(threads) else { throw UsageError("--threads takes a number from 1 to 256, not '\(text)'") }
                configuration.threads = threads
            }
            if let text = arguments.value("max-body") {
                guard let bytes = Int(text), bytes >= 1 else { throw UsageError("--max-body takes a positive number of bytes, not '\(text)'") }
                configuration.maxBodyBytes = bytes
            }
            if let text = arguments.value("max-connections") {
                guard let count = Int(text), (1...1_000_000).contains(count) else {
                    throw UsageError("--max-connections takes a number from 1 to 1000000, not '\(text)'")
                }
                configuration.maxConnections = count
            }
            if let text = arguments.value("max-connections-per-address") {
                guard let count = Int(text), (1...1_000_000).contains(count) else {
                    throw UsageError("--max-connections-per-address takes a number from 1 to 1000000, not '\(text)'")
                }
                configuration.maxConnectionsPerAddress = count
            }
            configuration.trustedProxies = arguments.all("trusted-proxy")
            do { _ = try NetworkRange.parseList(configuration.trustedProxies) } catch { throw UsageError("--trusted-proxy: \(error)") }
            try GatewayFlags.apply(arguments, env, to: &configuration)
            configuration.tlsCertificateFile = arguments.value("tls-cert")
            configuration.tlsKeyFile = arguments.value("tls-key")
            guard (configuration.tlsCertificateFile == nil) == (configuration.tlsKeyFile == nil) else {
                throw UsageError("--tls-cert and --tls-key go together")
            }
            // Before the default connection limit is derived from it; and 1 024 is too few for 1 000 clients.
            DescriptorLimit.raiseSoftLimit()
            let databasePath = env.databasePath(arguments)
            let auditPath = env.auditLogPath(arguments)
            let audit: AuditLog
            do { audit = try AuditLog(path: auditPath) } catch { throw RefusalError("cannot open the audit log at \(auditPath): \(error)") }
            defer { audit.close() }
            // One set of lockout counters, one audit writer and one usage writer for every loop.
            let usage = UsageRecorder(databasePath: databasePath)
            defer {
                usage.stop()
                PostgresChangeFeed.stopAllListeners()     // out of libpq before exit runs its destructors
            }
            let services = StoreServices(audit: audit, usage: usage)
            let store: CredentialStore
            do { store = try CredentialStore(path: databasePath, services: services) } catch {
                throw RefusalError("cannot open the database at \(StoreLocation(databasePath)): \(error)")
            }
            if let key = configuration.tlsKeyFile {
                // Before the first administrator is made: a refused start must not have printed a password.
                do { try TLSServerContext.preflight(keyPath: key) } catch { throw RefusalError("\(error)") }
            }
            try Bootstrap.ensureAdministrator(in: store, output: env.output)
            let operations = try OperationsFlags.open(arguments)
            configuration.operations = operations
            defer { operations.stop() }
            let registry = MethodRegistry.standard(enableValidator: arguments.has("enable-validator"))
            let server: DualgateServer
            do { server = try DualgateServer(databasePath: databasePath, services: services, methods: registry, options: configuration) } catch let problem as UpstreamOrigin.Problem {
                throw UsageError("--upstream: \(problem)")
            } catch let missing as UpstreamKeyMissing {
                throw RefusalError("\(missing)")
            } catch let problem as SecretKeyError {
                throw RefusalError("\(problem)")
            } catch let problem as TLSError {
                throw RefusalError("\(problem)")
            } catch {
                throw RefusalError("cannot open the database at \(StoreLocation(databasePath)): \(error)")
            }
            let port: UInt16
            do { port = try server.bind() } catch { throw RefusalError("cannot listen on \(configuration.host):\(configuration.port): \(error)") }
            let shownHost = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
            do { try operations.start() } catch { throw RefusalError("\(error)") }
            if let metrics = operations.listener { env.output.line("metrics on http://\(operations.metricsHost):\(metrics.port)/metrics") }
            let listener = "\(server.isTLS ? "https" : "http")://\(shownHost):\(port)"
            // Before `listening on`: whoever waits for that line finds the summary already written.
            env.errors.line(StartupSummary.text(arguments, listener: listener, store: StoreLocation(databasePath).description, audit: auditPath,
                                                upstream: configuration.upstream, tls: server.isTLS, operations: operations))
            env.output.line("dualgate listening on \(listener)")
            if let upstream = configuration.upstream { env.output.line("forwarding to \(StartupSummary.withoutUserInfo(upstream))") }
            do { try server.run() } catch { throw RefusalError("server stopped: \(error)") }
            return 0
        })
}

/// First start on an empty store: an administrator and one password for both protocols.
enum Bootstrap {
    static func ensureAdministrator(in store: CredentialStore, output: TextSink) throws(RefusalError) {
        do {
            guard try store.userCount() == 0 else { return }
            let admin: User
            do { admin = try store.addUser(login: "admin", displayName: "admin", role: .administrator) } catch .duplicateLogin {
                return                                   // another instance on the same PostgreSQL database was first
            }
            let created = try store.createPassword(PasswordRequest(name: "bootstrap"), for: admin.id)
            output.line("Empty database: created the administrator 'admin' and an application password for REST and XML-RPC.")
            output.line("It is shown only now; store it (or create another with 'dualgate app-password create admin --name NAME'):")
            output.line("  login: admin")
            output.line("  password: \(created.plain.chunked)")
        } catch {
            throw RefusalError("cannot create the first administrator: \(error)")
        }
    }
}
