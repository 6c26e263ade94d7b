#if canImport(Glibc)
import Glibc
#endif

/// The credential core's API: users, application passwords, site settings and authentication,
/// on one SQLite file or one PostgreSQL database (`path` is then a `postgres://` URL). One instance per thread (each event loop opens its own); instances on the
/// same file see each other's committed writes at once (WAL), and notice them with one cheap
/// `PRAGMA data_version` check per request (settings reloaded, verification cache dropped).
public final class CredentialStore {
    public let path: String
    /// Shared with the process's other stores: lockout counters and the audit trail.
    public let services: StoreServices
    let connection: Connection
    let users: UserQueries
    let passwords: PasswordQueries
    let settingsTable: SettingsQueries
    let now: () -> Int64
    let cache = VerificationCache()
    /// Opened upstream credentials; dropped with `cache` on every change to the file.
    let upstreamCache = UpstreamCredentialCache()
    /// The settings as last read, and the `data_version` they were read at.
    var cachedSettings = SiteSettings.defaults
    /// The server's per-loop observer (issue 17: metrics, access log); nil for the CLI and embedders.
    /// Unchecked exclusivity, as `requestID`: a store is confined to its thread, and the runtime check cost
    /// ~65 instructions per use, on every request (callgrind, W1).
    @exclusivity(unchecked) package var observer: (any VerificationObserver)?
    /// The request being handled on this store's thread (`X-Request-Id`): stamped on its audit events.
    @exclusivity(unchecked) package var requestID: String?
    private var seenDataVersion: Int64 = -1
    /// PostgreSQL: the process's listener of change notifications (nil on SQLite).
    let changeFeed: PostgresChangeFeed?
    private var seenGeneration: UInt64 = .max
    // Unchecked exclusivity: asked on every request by the store's one thread; calls out to nothing of ours.
    @exclusivity(unchecked) private var walIndex: WALIndexWatch
    private var lastPragmaSecond: Int64 = 0

    /// Opens (creating with mode 0600 if needed) and migrates the database at `path`.
    public convenience init(path: String) throws(StoreError) {
        try self.init(path: path, clock: { Int64(time(nil)) })
    }

    /// As `init(path:)`, sharing `services` (one per process: `serve` passes the same to every loop).
    public convenience init(path: String, services: StoreServices) throws(StoreError) {
        try self.init(path: path, clock: { Int64(time(nil)) }, services: services)
    }

    /// As `init(path:)`, with the source of "now" (Unix seconds) for `created`, `registered`,
    /// `last_used`, expiry and lockouts; tests pass a controllable clock.
    public init(path: String, clock: @escaping () -> Int64, services: StoreServices = StoreServices()) throws(StoreError) {
        self.path = path
        self.now = clock
        self.services = services
        let location = StoreLocation(path)
        do {
            switch location {
            case .sqlite(let file):
                let setup = SetupLock(forDatabaseAt: file)
                defer { setup.release() }
                connection = try Connection(path: file)
                try connection.sqlite!.applyCredentialSettings()
                try Schema.migrate(connection.sqlite!)
                changeFeed = nil
            case .postgres(let url):
                connection = try Connection(postgresURL: url)
                try PostgresSchema.migrate(connection.postgres!)
                changeFeed = PostgresChangeFeed.shared(for: url)
                changeFeed?.register(services.throttle)
            }
        } catch {
            StoreLog.error("cannot open the store at \(location): \(error)")
            throw StoreError(error)
        }
        users = UserQueries(connection: connection)
        passwords = PasswordQueries(connection: connection)
        settingsTable = SettingsQueries(connection: connection)
        walIndex = WALIndexWatch(databasePath: path, file: connection.file)
        refreshIfChanged(force: true)
        mirrorRunningLockouts()
    }

    // MARK: users

    public func userCount() throws(StoreError) -> Int { try sqlite { () throws(SQLiteError) in try users.count() } }

    /// Adds a user; `email` defaults to empty, `displayName` to the login.
    public func addUser(login: String, email: String = "", displayName: String? = nil, role: Role = .subscriber) throws(StoreError) -> User {
        let login = try LoginRules.normalise(login)
        let email = LoginRules.collapseSpaces(email)
        if !email.isEmpty, !isEmailShaped(email) { throw .invalidEmail }
        let displayName = displayName.map(LoginRules.collapseSpaces).flatMap { $0.isEmpty ? nil : $0 } ?? login
        let registered = now()
        return try writing { () throws(StoreError) -> User in
            if try sqlite({ () throws(SQLiteError) in try users.find(login: login) }) != nil { throw .duplicateLogin }
            if try sqlite({ () throws(SQLiteError) in try users.find(email: email) }) != nil { throw .duplicateEmail }
            return try sqlite { () throws(SQLiteError) -> User in
                let nicename = try uniqueNicename(for: login)
                let id = try users.insert(login: login, email: email, displayName: displayName, nicename: nicename, role: role, registered: registered)
                return User(id: id, login: login, email: email, displayName: displayName, nicename: nicename, role: role, registered: registered)
            }
        }
    }

    /// All users, by id.
    public func listUsers() throws(StoreError) -> [User] { try sqlite { () throws(SQLiteError) in try users.all() } }

    public func user(id: Int64) throws(StoreError) -> User? { try sqlite { () throws(SQLiteError) in try users.find(id: id) } }

    /// Looks a user up by login, then (when the text is email-shaped) by email, as WordPress does.
    public func user(loginOrEmail: String) throws(StoreError) -> User? {
        try sqlite { () throws(SQLiteError) in try users.find(loginOrEmail: loginOrEmail) }
    }

    /// WordPress keeps nicenames unique by appending `-2`, `-3`, … (`wp_insert_user`).
    func uniqueNicename(for login: String) throws(SQLiteError) -> String {
        let base = LoginRules.nicename(for: login)
        var candidate = base
        var suffix = 2
        while try users.isNicenameTaken(candidate) {
            candidate = "\(base)-\(suffix)"
            suffix += 1
        }
        return candidate
    }

    // MARK: change tracking

    /// When another connection committed since the last check, re-read the settings and drop
    /// the verification cache. The WAL-index header (`WALIndexHeaders`) answers "nothing
    /// changed" without a system call; otherwise one `PRAGMA data_version` step decides, and it
    /// also runs at least once a second whatever the header says. A failed check drops the cache
    /// too (fail closed: a revoke must never be missed), and keeps the settings.
    func refreshIfChanged(force: Bool = false) {
        if connection.dialect == .postgres { return refreshIfAnnounced(changeFeed, force: force) }
        let second = Int64(time(nil))
        if !force, second == lastPragmaSecond, !walIndex.mayHaveChanged() { return }
        lastPragmaSecond = second
        let version: Int64
        do { version = try settingsTable.dataVersion() } catch {
            StoreLog.error("cannot check for changes: \(error)")
            cache.removeAll()
            upstreamCache.removeAll()
            return
        }
        guard version != seenDataVersion else { return }
        seenDataVersion = version
        reloadAfterChange()
    }

    /// PostgreSQL: other instances' commits arrive as notifications (`PostgresChangeFeed`); one
    /// atomic load tells whether any came since the last request. While the feed is not
    /// listening nothing is trusted: every request re-reads the settings and finds no cache,
    /// except for the first `store_outage_grace_seconds` of the outage (SECURITY.md), when cached
    /// verifications still stand in.
    /// A store of a process that does not listen (the CLI) reads through on every call.
    private func refreshIfAnnounced(_ feed: PostgresChangeFeed?, force: Bool) {
        guard let feed, feed.isListening else {
            let grace = Int64(cachedSettings.storeOutageGraceSeconds) * 1000
            if !force, grace > 0, let feed, feed.millisecondsNotListening <= grace { return }
            seenGeneration = .max
            return reloadAfterChange()
        }
        let generation = feed.generation
        guard force || generation != seenGeneration else { return }
        seenGeneration = generation
        reloadAfterChange()
    }

    /// Our own commits do not move our `data_version`: every write ends here instead.
    func reloadAfterChange() {
        cache.removeAll()
        upstreamCache.removeAll()
        do {
            var settings = SiteSettings.defaults
            for (key, value) in try settingsTable.all() {
                guard let known = SettingKey(rawValue: key) else { continue }   // a newer build's key
                do { try settings.set(known, to: value) } catch { StoreLog.error("ignoring the stored value of \(key): \(error)") }
            }
            cachedSettings = settings
        } catch {
            StoreLog.error("cannot read the settings: \(error)")
        }
    }

    func audit(_ event: AuditEvent) {
        guard let requestID else { return services.record(event) }
        var stamped = event
        stamped.requestID = requestID
        services.record(stamped)
    }

    // MARK: plumbing

    func internalFailure(_ error: SQLiteError) -> AuthFailure {
        StoreLog.error("verify: cannot read the store: \(error)")
        observer?.storeFailed()
        return error.isUnavailable ? .storeUnavailable : .internalError
    }

    /// Runs `body` in a `BEGIN IMMEDIATE` transaction; afterwards (committed or not) the cache
    /// is dropped and the settings re-read.
    func writing<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        defer {
            changeFeed?.announceLocalChange()
            reloadAfterChange()
        }
        return try connection.immediateTransaction(wrap: { (error: SQLiteError) -> StoreError in
            StoreLog.error("write failed: \(error)")
            return StoreError(error)
        }, body)
    }

    /// Runs SQLite work; a failure is logged and becomes `StoreError.database`.
    func sqlite<T>(_ body: () throws(SQLiteError) -> T) throws(StoreError) -> T {
        do { return try body() } catch {
            StoreLog.error("database operation failed: \(error)")
            throw StoreError(error)
        }
    }
}

@available(*, unavailable) extension CredentialStore: Sendable {}
