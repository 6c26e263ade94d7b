@testable import CredentialCore
import Foundation
import Testing

/// Regression: the first change watcher opened `-shm`, mapped it and closed its descriptor;
/// that close dropped SQLite's POSIX locks for the whole process, the next process to open the
/// database truncated `-shm`, and `serve` died of SIGBUS inside SQLite. Now a descriptor of
/// `-shm` is closed only when this process has no connection to the file left.
@Suite("WAL-index header watch")
struct WALIndexRegressionTests {
    @Test
    func anotherProcessCanWriteAfterThisOneClosedASecondConnection() throws {
        let fixture = try StoreFixture()
        let (user, created) = try fixture.userWithPassword()
        _ = try fixture.store.verify(login: "alice", password: created.plain.raw, for: .rest, from: "::1")   // maps -shm, caches
        do {
            let second = try fixture.secondStore()
            _ = try second.verify(login: "alice", password: created.plain.raw, for: .rest, from: "::1")
        }                                                                                                      // closed again
        // SQLite's "someone is using this" lock (the DMS byte, offset 128 of -shm) must still be ours:
        // another process must not be able to take it, or it would reset the file under us.
        #expect(try Self.python("import fcntl, os, sys\nfd = os.open(sys.argv[1], os.O_RDWR)\n"
                                + "try:\n    fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, 128)\n    print('taken')\n"
                                + "except OSError:\n    print('held')", fixture.path + "-shm") == "held")
        // Another process, with its own SQLite, deletes the password.
        _ = try Self.python("import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
                            + "c.execute('DELETE FROM application_passwords WHERE uuid = ?', (sys.argv[2],)); c.commit(); c.close()",
                            fixture.path, created.record.uuid)
        #expect(throws: AuthFailure.incorrectPassword) {
            try fixture.store.verify(login: "alice", password: created.plain.raw, for: .rest, from: "::1")
        }
        #expect(try fixture.store.passwords(of: user.id).isEmpty)
    }

    private static func python(_ script: String, _ arguments: String...) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "python3 failed")
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
