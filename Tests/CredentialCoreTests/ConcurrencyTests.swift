import CredentialCore
import Foundation
import PostgresFixture
import Testing

@Suite("concurrent stores")
struct ConcurrencyTests {
    /// Runs `body(index)` on `count` threads at once and collects what each returns.
    private func onThreads<T: Sendable>(_ count: Int, _ body: @escaping @Sendable (Int) -> T) -> [T] {
        let results = Results<T>(count: count)
        let done = DispatchGroup()
        for index in 0..<count {
            done.enter()
            let thread = Thread {
                results.set(index, body(index))
                done.leave()
            }
            thread.start()
        }
        done.wait()
        return results.all
    }

    @Test("threads opening a fresh file at once all succeed, and it is migrated once", .timeLimit(.minutes(3)))
    func concurrentOpen() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("fresh.sqlite")
        let outcomes = onThreads(4) { index -> String in
            do {
                let store = try CredentialStore(path: path)
                _ = try store.addUser(login: "user\(index)")
                return "ok"
            } catch {
                return "\(error)"
            }
        }
        #expect(outcomes == Array(repeating: "ok", count: 4))
        #expect(try CredentialStore(path: path).userCount() == 4)
    }

    @Test("concurrent writers queue on the write lock instead of failing", .timeLimit(.minutes(3)), arguments: StoreBackend.available)
    func concurrentWriters(_ backend: StoreBackend) throws {
        let fixture = try StoreFixture(backend)
        let user = try fixture.store.addUser(login: "alice")
        let path = fixture.path
        let perThread = 25
        let failures = onThreads(3) { index -> Int in
            guard let store = try? CredentialStore(path: path) else { return perThread }
            var failed = 0
            for item in 0..<perThread {
                do {
                    let created = try store.createPassword(PasswordRequest(name: "t\(index)-\(item)"), for: user.id)
                    _ = try store.verify(login: "alice", password: created.plain.raw, for: .rest, from: "::1")
                } catch {
                    failed += 1
                }
            }
            return failed
        }
        #expect(failures == [0, 0, 0])
        #expect(try fixture.store.passwords(of: user.id).count == 3 * perThread)
    }
}

/// Per-index result slots written by the worker threads.
private final class Results<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [T?]

    init(count: Int) { values = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: T) { lock.withLock { values[index] = value } }

    var all: [T] { lock.withLock { values.compactMap { $0 } } }
}
