#if canImport(Glibc)
import Glibc
#endif

/// One libpq connection, used by one thread only (like SQLite's `NOMUTEX` connections). Every wait
/// on the network is bounded: connecting by libpq's `connect_timeout`, each statement by
/// `statementTimeoutMilliseconds` (the query is sent asynchronously and its socket `poll`ed), so
/// an event loop never hangs on an unreachable PostgreSQL; it gets `DatabaseError.isUnavailable`
/// instead, which the protocols answer with 503 / -32603. A lost or timed-out connection is
/// dropped and opened again on a later call, at most once per `reconnectPauseMilliseconds`.
final class PostgresConnection {
    let url: String
    private let library: LibPQ
    private var handle: OpaquePointer?
    private var translated: [String: String] = [:]
    /// Statements prepared on the current connection (query text → name): parsed and planned
    /// once per connection, as SQLite's statement cache does (`PQsendPrepare`).
    private var prepared: [String: String] = [:]
    /// Monotonic milliseconds before which no new connection is tried, and why the last failed.
    private var nextConnectAttempt: Int64 = 0
    private var lastConnectFailure: DatabaseError?
    /// Inside `BEGIN … COMMIT`: a connection lost there must not be silently reopened for the
    /// rest of the transaction's statements (they would run outside it).
    private var inTransaction = false
    private var lostInTransaction = false

    /// How long one statement may take, from sending to its last result (2 s; tests set
    /// `DUALGATE_PG_TIMEOUT_MS`).
    static let statementTimeoutMilliseconds: Int64 = {
        getenv("DUALGATE_PG_TIMEOUT_MS").flatMap { Int64(String(cString: $0)) } ?? 2000
    }()
    static let connectTimeoutSeconds = 2
    static let reconnectPauseMilliseconds: Int64 = 250

    /// Connects at once: a store that cannot reach its database fails to open, with the reason.
    init(url: String) throws(DatabaseError) {
        self.url = url
        library = try LibPQ.require()
        _ = try connected()
    }

    deinit { drop() }

    // MARK: statements

    /// Runs one statement with `values` bound to `?N` / `?` (translated to `$N`).
    func execute(_ sql: String, _ values: [SQLValue]) throws(DatabaseError) -> PostgresResult {
        let handle = try connected()
        let name = try preparedName(sql, values, handle)
        let sent = Self.withParameters(values) { pointers, lengths, formats in
            library.sendQueryPrepared(handle, name, Int32(values.count), pointers, lengths, formats, 0)
        }
        guard sent == 1 else { throw lost(handle, sql: sql) }
        return try awaitResult(handle, sql: sql)
    }

    /// The statement's name on this connection, preparing it on first use. Parameter types are
    /// left to PostgreSQL (from the columns they meet), except byte strings (`bytea`).
    private func preparedName(_ sql: String, _ values: [SQLValue], _ handle: OpaquePointer) throws(DatabaseError) -> String {
        if let name = prepared[sql] { return name }
        let name = "dualgate_\(prepared.count)"
        let types = values.map { value -> UInt32 in if case .blob = value { 17 } else { 0 } }   // BYTEAOID
        guard library.sendPrepare(handle, name, postgresText(sql), Int32(values.count), types) == 1 else { throw lost(handle, sql: sql) }
        _ = try awaitResult(handle, sql: sql)
        prepared[sql] = name
        return name
    }

    /// Runs SQL text that may hold several statements and binds nothing (schema scripts).
    func executeScript(_ sql: String) throws(DatabaseError) {
        let handle = try connected()
        guard library.sendQuery(handle, sql) == 1 else { throw lost(handle, sql: sql) }
        _ = try awaitResult(handle, sql: sql)
    }

    func beginTransaction() throws(DatabaseError) {
        _ = try execute("BEGIN", [])
        inTransaction = true
    }

    /// A failed statement aborts a PostgreSQL transaction (SQLite's carries on), and COMMIT would
    /// then answer ROLLBACK without an error: refuse to call that a commit.
    func commit() throws(DatabaseError) {
        if let handle, library.transactionStatus(handle) == LibPQ.transactionFailed {
            throw DatabaseError(postgres: "the transaction was aborted by an earlier error", sqlState: "25P02", sql: "COMMIT")
        }
        _ = try execute("COMMIT", [])
    }

    /// Ends the transaction's bookkeeping; `rollback` sends ROLLBACK when the server still has one open.
    func endTransaction(rollback: Bool) {
        if rollback, let handle, library.transactionStatus(handle) != LibPQ.transactionIdle {
            _ = try? execute("ROLLBACK", [])
        }
        inTransaction = false
        lostInTransaction = false
    }

    private func postgresText(_ sql: String) -> String {
        if let known = translated[sql] { return known }
        let text = PlaceholderTranslation.postgres(sql)
        translated[sql] = text
        return text
    }

    // MARK: connection

    /// The open connection, opening one when there is none (and the pause after a failure is over).
    private func connected() throws(DatabaseError) -> OpaquePointer {
        if let handle { return handle }
        if lostInTransaction { throw DatabaseError(unavailable: "the connection to PostgreSQL was lost during a transaction") }
        let now = Self.monotonicMilliseconds()
        if now < nextConnectAttempt, let lastConnectFailure { throw lastConnectFailure }
        do {
            let opened = try Self.open(url, library)
            _ = library.setNonblocking(opened, 1)
            handle = opened
            lastConnectFailure = nil
            return opened
        } catch {
            nextConnectAttempt = Self.monotonicMilliseconds() + Self.reconnectPauseMilliseconds
            lastConnectFailure = error
            throw error
        }
    }

    /// A blocking connect bounded by `connect_timeout` (ours comes before the URL's, so the URL's wins).
    static func open(_ url: String, _ library: LibPQ, extra: [(String, String)] = []) throws(DatabaseError) -> OpaquePointer {
        let pairs = [("connect_timeout", "\(connectTimeoutSeconds)"), ("application_name", "dualgate"),
                     // NOTICEs (a DROP … IF EXISTS that skipped) would go to stderr through libpq's default processor.
                     ("options", "-c client_min_messages=warning")] + extra + [("dbname", url)]
        let keys = pairs.map { strdup($0.0) }
        let values = pairs.map { strdup($0.1) }
        defer { (keys + values).forEach { free($0) } }
        let keyPointers = keys.map { UnsafePointer($0) } + [nil]
        let valuePointers = values.map { UnsafePointer($0) } + [nil]
        let connection = library.connectParams(keyPointers, valuePointers, 1)
        guard let connection, library.status(connection) == LibPQ.connectionOK else {
            let reason = connection.flatMap { library.errorMessage($0) }.map { String(cString: $0) } ?? "out of memory"
            library.finish(connection)
            throw DatabaseError(unavailable: "cannot connect to \(StoreLocation.redacted(url)): \(trimmed(reason))")
        }
        // libpq prints notices, and a server's FATAL on an idle connection (a shutdown), to stderr
        // by default; the failure reaches us anyway as the connection's error.
        _ = library.setNoticeProcessor(connection, { _, _ in }, nil)
        return connection
    }

    /// Closes the connection (the server rolls back whatever it had open).
    func drop() {
        guard let handle else { return }
        library.finish(handle)
        self.handle = nil
        prepared.removeAll()
        if inTransaction { lostInTransaction = true }
    }

    private func lost(_ handle: OpaquePointer, sql: String?, reason: String? = nil) -> DatabaseError {
        let message = reason ?? library.errorMessage(handle).map { Self.trimmed(String(cString: $0)) } ?? "connection lost"
        drop()
        var error = DatabaseError(unavailable: "PostgreSQL: \(message)")
        if let sql { error = DatabaseError(unavailable: "PostgreSQL: \(message) [in: \(sql)]") }
        return error
    }

    // MARK: waiting

    /// Flushes the query, then reads results until libpq has none left, within the deadline.
    private func awaitResult(_ handle: OpaquePointer, sql: String) throws(DatabaseError) -> PostgresResult {
        let deadline = Self.monotonicMilliseconds() + Self.statementTimeoutMilliseconds
        while true {
            let flushed = library.flush(handle)
            if flushed == 0 { break }
            if flushed < 0 { throw lost(handle, sql: sql) }
            let events = try wait(handle, for: Int16(POLLIN | POLLOUT), until: deadline, sql: sql)
            if events & Int16(POLLIN) != 0, library.consumeInput(handle) != 1 { throw lost(handle, sql: sql) }
        }
        var kept: PostgresResult?
        var failure: DatabaseError?
        while true {
            while library.isBusy(handle) != 0 {
                _ = try wait(handle, for: Int16(POLLIN), until: deadline, sql: sql)
                guard library.consumeInput(handle) == 1 else { throw lost(handle, sql: sql) }
            }
            guard let next = library.getResult(handle) else { break }
            let result = PostgresResult(next, library)
            let status = library.resultStatus(next)
            if status == LibPQ.commandOK || status == LibPQ.tuplesOK {
                kept = result
            } else if failure == nil {
                let state = library.resultErrorField(next, LibPQ.diagnosticSQLState).map { String(cString: $0) }
                let message = library.resultErrorMessage(next).map { Self.trimmed(String(cString: $0)) } ?? "unknown error"
                failure = DatabaseError(postgres: message, sqlState: state, sql: sql)
            }
        }
        if library.status(handle) != LibPQ.connectionOK { throw lost(handle, sql: sql, reason: failure?.message) }
        if let failure {
            // Class 08 (connection exception), 57P01-03 (shutdown, cannot connect now): away, not wrong.
            if let state = failure.sqlState, state.hasPrefix("08") || state.hasPrefix("57P") { throw lost(handle, sql: sql, reason: failure.message) }
            throw failure
        }
        guard let kept else { throw DatabaseError(postgres: "no result", sqlState: nil, sql: sql) }
        return kept
    }

    /// Waits for `events` on the connection's socket; past the deadline the connection is dropped.
    private func wait(_ handle: OpaquePointer, for events: Int16, until deadline: Int64, sql: String) throws(DatabaseError) -> Int16 {
        while true {
            let remaining = deadline - Self.monotonicMilliseconds()
            if remaining <= 0 {
                throw lost(handle, sql: sql, reason: "no answer within \(Self.statementTimeoutMilliseconds) ms")
            }
            var descriptor = pollfd(fd: library.socket(handle), events: events, revents: 0)
            let ready = poll(&descriptor, 1, Int32(remaining))
            if ready > 0 { return descriptor.revents }
            if ready < 0, errno != EINTR { throw lost(handle, sql: sql) }
        }
    }

    // MARK: helpers

    /// Numbers and text as text (their types were inferred when the statement was prepared),
    /// byte strings in binary.
    private static func withParameters<T>(_ values: [SQLValue],
                                          _ body: (UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?, UnsafePointer<Int32>?) -> T) -> T {
        var lengths = [Int32](repeating: 0, count: values.count)
        var formats = [Int32](repeating: 0, count: values.count)
        var owned: [UnsafeMutablePointer<CChar>?] = []
        owned.reserveCapacity(values.count)
        for (index, value) in values.enumerated() {
            switch value {
            case .null:
                owned.append(nil)
            case .integer(let number):
                owned.append(strdup(String(number)))
            case .text(let text):
                owned.append(strdup(text))
            case .blob(let bytes):
                let copy = malloc(max(bytes.count, 1))!.assumingMemoryBound(to: CChar.self)
                bytes.withUnsafeBytes { buffer in
                    if let base = buffer.baseAddress { UnsafeMutableRawPointer(copy).copyMemory(from: base, byteCount: buffer.count) }
                }
                owned.append(copy)
                lengths[index] = Int32(bytes.count)
                formats[index] = 1
            }
        }
        defer { owned.forEach { free($0) } }
        let pointers = owned.map { UnsafePointer($0) }
        return body(pointers, lengths, formats)
    }

    static func trimmed(_ message: String) -> String {
        var text = Substring(message)
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        return text.split(whereSeparator: { $0 == "\n" || $0 == "\t" }).joined(separator: " ")
    }

    static func monotonicMilliseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }
}

@available(*, unavailable) extension PostgresConnection: Sendable {}
