import CredentialCore
import Foundation
import RESTRoutes
import Synchronization
import XMLRPC

/// dualgate inside another program: one listener serving XML-RPC methods and REST routes, the
/// built-in ones and the embedder's own, all authenticated by the credential core (API-type
/// split, read-only passwords, lockouts, audit). `dualgate serve` is this, plus a CLI.
///
///     let server = try DualgateServer(databasePath: "site.sqlite", methods: .standard(enableValidator: false).adding([mine]),
///                                     routes: RESTRoute.standard + [myRoute])
///     let port = try server.start()          // serves on background threads
///     …
///     server.stop(); server.wait()           // finishes what is in flight
/// The database holds upstream credentials but their key file is gone.
public struct UpstreamKeyMissing: Error, CustomStringConvertible {
    public let path: String
    public let stored: Int
    public var description: String {
        "the database holds \(stored) upstream credential(s) but their key file \(path) is missing: restore it from backup (or give --secret-key-file), or re-enroll the users"
    }
}

public final class DualgateServer: Sendable {
    /// Where and how the listener runs. The defaults are `dualgate serve`'s.
    public struct Options: Sendable {
        /// Address to bind; IPv6 works (`::1`).
        public var host: String = "127.0.0.1"
        /// 0 picks a free port; `start()` and `port` tell which.
        public var port: UInt16 = 8080
        /// Event loops; 0 = one per core.
        public var threads: Int = 0
        /// The largest request body accepted (also the bound after gzip inflation).
        public var maxBodyBytes: Int = 16 * 1024 * 1024
        /// Client connections held at once; 0 = 10 000, or fewer under a low open-files limit.
        public var maxConnections: Int = 0
        /// Connections held at once from one client address; 0 = no cap.
        public var maxConnectionsPerAddress: Int = 0
        /// Peers whose `X-Forwarded-For` / `Forwarded` and `X-Forwarded-Proto` name the client and
        /// its scheme (IPv4/IPv6 addresses or CIDR ranges); none by default.
        public var trustedProxies: [String] = []
        /// HTTPS: a PEM certificate chain and its unencrypted PEM key (mode 0600; one open to group or
        /// others is refused), both or neither. Needs OpenSSL 3's libssl.so.3 at run time (loaded only then).
        public var tlsCertificateFile: String?
        public var tlsKeyFile: String?
        /// Whether SIGINT/SIGTERM stop the server. Off by default when embedded: the host program
        /// owns its signals and calls `stop()`.
        public var handlesSignals: Bool = false
        /// Gateway mode: `http://HOST:PORT[/BASE]` of the site behind dualgate (a WordPress, or any
        /// XML-RPC/REST backend). What dualgate does not answer itself goes there; nil: nothing is forwarded.
        public var upstream: String?
        /// With an `https://` upstream: a CA (PEM) trusted besides the system's trust store.
        public var upstreamCAFile: String?
        /// Idle keep-alive connections to the upstream kept per event loop.
        public var upstreamIdleConnections: Int = 64
        /// Seconds without progress from the upstream before a request fails with 504 / fault -32300.
        public var upstreamTimeoutSeconds: Int = 30
        /// Let `Cookie`, `X-WP-Nonce` and `Set-Cookie` cross (off: a cookie session would bypass the split).
        public var upstreamPassesCookies = false
        /// Set: no credential crosses; identity headers signed with this shared secret do (`--upstream-auth headers`).
        public var upstreamIdentitySigningKey: [UInt8]?
        /// The key that opens stored upstream credentials; nil: beside the database (`<database>.key`).
        public var secretKeyFile: String?
        /// Where credentials sit in each XML-RPC method: WordPress's 80, plus or replaced by a backend's own.
        public var xmlrpcCatalogue: XMLRPCCatalogue = .wordpress
        /// Forward XML-RPC methods the catalogue does not know (their params go upstream as typed).
        public var forwardsUnknownXMLRPCMethods = false
        /// `HOST:PORT` of a second listener answering `GET /metrics` in Prometheus' text format (what
        /// `serve --metrics` opens; port 0 picks one, `metricsPort` tells which); nil: nothing counted.
        public var metricsAddress: String?
        /// One JSON line per request (what `serve --access-log` writes): a file, appended to with mode 0600
        /// and reopened on SIGHUP, or `-` for standard output; nil: no access log. Request ids are made
        /// and returned on every answer either way.
        public var accessLogPath: String?
        /// `serve`'s own, opened and started by the CLI; set, it wins over the two above.
        package var operations: OperationsRuntime?

        public init() {}
    }

    private let server: HTTPServer
    /// Metrics listener and access-log writer from `Options`, started with the server; nil when neither
    /// was asked for or `serve` runs its own.
    private let ownOperations: OperationsRuntime?
    private let metricsRuntime: OperationsRuntime?
    /// Serving HTTPS (`Options.tlsCertificateFile`).
    public let isTLS: Bool
    /// What stopped a `start()`ed server: nil while it runs (or was never started), then `.success`
    /// or the error `run()` threw.
    private let outcome = Mutex<Result<Void, any Error>?>(nil)
    private let isStarted = Atomic<Bool>(false)
    /// Signalled once when a `start()`ed server has stopped; each `wait()` passes it on.
    private let stopped = DispatchSemaphore(value: 0)

    /// A server over the SQLite store at `databasePath` (created and migrated when new). Each
    /// event loop opens its own connection to it; `services` (lockout counters, audit trail, usage
    /// writer) are shared by all of them. `methods` is the XML-RPC method table, `routes` the REST
    /// route table (matched in order; `RESTRoute.standard` are dualgate's own).
    public init(databasePath: String, services: StoreServices = StoreServices(),
                methods: MethodRegistry = .standard(enableValidator: false), routes: [RESTRoute] = RESTRoute.standard,
                options: Options = Options()) throws {
        // Opened once here, so that a bad path or a failed migration is an error now, not on a loop.
        _ = try CredentialStore(path: databasePath, services: services)
        var configuration = ServerConfiguration()
        configuration.host = options.host
        configuration.port = options.port
        configuration.threads = options.threads
        configuration.maxBodyBytes = options.maxBodyBytes
        configuration.maxConnections = options.maxConnections
        configuration.maxConnectionsPerAddress = options.maxConnectionsPerAddress
        configuration.handlesSignals = options.handlesSignals
        switch (options.tlsCertificateFile, options.tlsKeyFile) {
        case (nil, nil): break
        case let (certificate?, key?): configuration.tls = try TLSServerContext(certificatePath: certificate, keyPath: key)
        default: throw TLSError("a TLS certificate needs its key and the other way round (tlsCertificateFile and tlsKeyFile)")
        }
        isTLS = configuration.tls != nil
        let maxBodyBytes = options.maxBodyBytes
        let proxies = try NetworkRange.parseList(options.trustedProxies)
        var gateway: GatewayOptions?
        var routes = routes
        if let upstream = options.upstream {
            let origin = try UpstreamOrigin(url: upstream)
            var settings = UpstreamSettings(origin: origin)
            if origin.isTLS { settings.tls = try TLSClientContext(extraCAFile: options.upstreamCAFile) }
            settings.idleConnectionsPerLoop = max(0, options.upstreamIdleConnections)
            settings.timeoutSeconds = max(1, options.upstreamTimeoutSeconds)
            configuration.upstream = settings
            var gatewayOptions = GatewayOptions(origin: origin)
            gatewayOptions.passCookies = options.upstreamPassesCookies
            gatewayOptions.catalogue = options.xmlrpcCatalogue
            gatewayOptions.forwardsUnknownMethods = options.forwardsUnknownXMLRPCMethods
            if let key = options.upstreamIdentitySigningKey {
                gatewayOptions.authentication = .identityHeaders(IdentitySigner(key: key))
            } else {
                gatewayOptions.secretKey = try Self.secretKey(options.secretKeyFile ?? SecretKey.defaultPath(forDatabase: databasePath),
                                                              databasePath: databasePath, services: services)
            }
            gateway = gatewayOptions
            routes = RESTRoute.forGateway(routes)
        }
        if options.operations == nil, options.metricsAddress != nil || options.accessLogPath != nil {
            ownOperations = try OperationsRuntime(metricsAddress: options.metricsAddress, accessLogPath: options.accessLogPath)
        } else {
            ownOperations = nil
        }
        metricsRuntime = options.operations ?? ownOperations
        let operations = metricsRuntime?.settings ?? .off
        server = HTTPServer(configuration: configuration) { [routes, gateway] in
            try Dispatcher(store: CredentialStore(path: databasePath, services: services), registry: methods, routes: routes,
                           maxBodyBytes: maxBodyBytes, trustedProxies: proxies, gateway: gateway, operations: operations)
        }
    }

    /// The key of the stored upstream credentials. Missing while credentials are stored: refused (they
    /// could never be opened); missing with none stored: made now, as `dualgate upstream set` would.
    private static func secretKey(_ path: String, databasePath: String, services: StoreServices) throws -> SecretKey {
        do {
            return try SecretKey.load(path: path)
        } catch .missing {
            let stored = try CredentialStore(path: databasePath, services: services).upstreamCredentialListings().count
            guard stored == 0 else { throw UpstreamKeyMissing(path: path, stored: stored) }
            return try SecretKey.loadOrCreate(path: path).key
        }
    }

    /// Reads the TLS certificate and key files again: connections accepted from now on use them, open
    /// ones finish on the old. What `serve` does on SIGHUP; throws (keeping the old ones) when they fail.
    public func reloadTLSCertificate() throws {
        guard let tls = server.tlsContext else { return }
        try tls.reload()
    }

    /// Binds (without serving yet) and returns the real port. Connections wait in the backlog
    /// until `start()` or `run()`.
    @discardableResult
    public func bind() throws -> UInt16 { try server.bind() }

    /// The bound port, once `bind()`, `start()` or `run()` has bound it.
    public var port: UInt16? { server.boundPort }

    /// The port `GET /metrics` is served on (`Options.metricsAddress`), nil without metrics.
    public var metricsPort: UInt16? { metricsRuntime?.metricsPort }

    /// Binds and serves on background threads; returns the real port at once.
    @discardableResult
    public func start() throws -> UInt16 {
        let port = try server.bind()
        guard isStarted.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else { return port }
        try ownOperations?.start()
        let thread = Thread { [self] in
            let result = Result { try server.run() }
            ownOperations?.stop()
            outcome.withLock { $0 = result }
            stopped.signal()
        }
        thread.name = "dualgate-server"
        thread.start()
        return port
    }

    /// Binds and serves on the calling thread until `stop()` (or a signal, with `handlesSignals`).
    public func run() throws {
        try ownOperations?.start()
        defer { ownOperations?.stop() }
        try server.run()
    }

    /// Stops accepting, answers what is in flight, then lets `run()` return / `wait()` end. Does not wait.
    public func stop() { server.stop() }

    /// After `start()`: blocks until the server has stopped; rethrows what stopped it, if anything.
    public func wait() throws {
        guard isStarted.load(ordering: .acquiring) else { return }
        stopped.wait()
        stopped.signal()
        try outcome.withLock { $0 }?.get()
    }
}
