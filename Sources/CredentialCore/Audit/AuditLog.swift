import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The append-only audit trail (issue 3): JSON Lines, file mode 0600, opened `O_APPEND` so
/// several processes (serve, the CLI) can add to one file. A background thread writes what has
/// queued and fsyncs once per batch, so recording never waits for the disk and an event is on
/// disk within one write+fsync (well under a second) of being recorded.
public final class AuditLog: @unchecked Sendable {
    // @unchecked: every mutable member below is guarded by `condition`.
    public let path: String
    private let descriptor: Int32
    private let condition = NSCondition()
    private var pending: [UInt8] = []
    private var queued: UInt64 = 0
    private var durable: UInt64 = 0
    private var isClosed = false
    private var writerDone = false

    /// Opens (creating with mode 0600) `path` and starts the writer thread.
    public init(path: String) throws(StoreError) {
        self.path = path
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw .database(code: 14, message: "cannot open the audit log \(path): \(String(cString: strerror(errno)))")
        }
        descriptor = fd
        let thread = Thread { [self] in writeLoop() }
        thread.name = "dualgate-audit"
        thread.start()
    }

    /// `<database without .sqlite/.db>.audit.jsonl`, next to the database.
    public static func defaultPath(forDatabase database: String) -> String {
        // A PostgreSQL store has no file to sit beside: each instance writes its own trail here.
        if StoreLocation.isPostgresURL(database) { return "./dualgate.audit.jsonl" }
        for suffix in [".sqlite", ".sqlite3", ".db"] where database.hasSuffix(suffix) && database.count > suffix.count {
            return String(database.dropLast(suffix.count)) + ".audit.jsonl"
        }
        return database + ".audit.jsonl"
    }

    /// Queues one event; returns at once.
    package func record(_ event: AuditEvent) {
        let line = Array((event.jsonLine + "\n").utf8)
        condition.lock()
        if !isClosed {
            pending += line
            queued += 1
            condition.broadcast()
        }
        condition.unlock()
    }

    /// Blocks until every event recorded before the call is written and fsync'd.
    public func flush() {
        condition.lock()
        let target = queued
        while durable < target, !writerDone { condition.wait() }
        condition.unlock()
    }

    /// Flushes, stops the writer and closes the file. Later events are dropped.
    public func close() {
        condition.lock()
        isClosed = true
        condition.broadcast()
        while !writerDone { condition.wait() }
        condition.unlock()
        Glibc.close(descriptor)
    }

    private func writeLoop() {
        condition.lock()
        while true {
            while pending.isEmpty, !isClosed { condition.wait() }
            if pending.isEmpty, isClosed { break }
            let batch = pending, upTo = queued
            pending.removeAll(keepingCapacity: true)
            condition.unlock()
            writeFully(batch)
            if fsync(descriptor) != 0 { StoreLog.error("audit log: fsync failed: \(String(cString: strerror(errno)))") }
            condition.lock()
            durable = upTo
            condition.broadcast()
        }
        writerDone = true
        condition.broadcast()
        condition.unlock()
    }

    private func writeFully(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else {
                StoreLog.error("audit log: write failed: \(String(cString: strerror(errno)))")
                return
            }
            offset += written
        }
    }
}
