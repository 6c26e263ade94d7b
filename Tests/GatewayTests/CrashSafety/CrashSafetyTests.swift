import Foundation
import Glibc
import Testing

/// Issue 7 item 3: many connections create, rename, use and revoke application passwords over
/// REST while the real `serve` is killed with SIGKILL at random moments and restarted on the same
/// SQLite file. After every kill, read independently (CPython's sqlite3, read-only):
/// `PRAGMA integrity_check` is `ok`; every create answered 201 is stored; every rename answered
/// 200 shows its name or a later one; every revoke answered 200 is gone. After every restart,
/// over HTTP: answered creates authenticate, answered revokes never do again. Every start is
/// timed from spawn to its first answered request.
@Suite("crash safety", .enabled(if: Tool.python3 != nil, "needs python3: its sqlite3 module reads the store independently"))
struct CrashSafetyTests {
    @Test("SIGKILL under concurrent writes loses no answered change and resurrects no revoked password",
          .timeLimit(CrashRunParameters.current.timeLimit))
    func answeredChangesSurviveSIGKILL() throws {
        let parameters = CrashRunParameters.current
        let directory = try TempDirectory.make()
        defer { if ProcessInfo.processInfo.environment["DUALGATE_KEEP_TEST_DIRS"] == nil { try? FileManager.default.removeItem(at: directory) } }
        let server = RestartableServer(directory: directory)
        let firstStart = try server.start()
        let admin = try #require(Self.bootstrapPassword(in: server.stdoutText), "serve printed no bootstrap password")
        let cli = { (arguments: [String]) throws -> CLIResult in try CLIResult.run(arguments + ["--db", server.databasePath]) }
        // The checks send revoked passwords on purpose, many times: the lockout would lock the test out.
        for key in ["lockout_login_failures", "lockout_address_failures"] {
            #expect(try cli(["settings", "set", key, "0"]).status == 0)
        }
        let coordinator = CrashCoordinator()
        var workers: [CrashWorker] = []
        for index in 0..<parameters.workers {
            let login = "crash\(index)"
            let added = try cli(["user", "add", login, "--json"])
            let id = try #require(try WireJSON.parse(Array(added.stdout.utf8))["id"]?.int, "user add \(login): \(added.stderr)")
            workers.append(CrashWorker(index: index, login: login, userID: id, admin: ("admin", admin), coordinator: coordinator))
        }
        let running = DispatchGroup()
        for worker in workers {
            running.enter()
            let thread = Thread { worker.run(); running.leave() }
            thread.stackSize = 512 * 1024
            thread.start()
        }

        var checker = CrashChecker(coordinator: coordinator, sampleSize: parameters.sampleSize)
        var restartSeconds: [Double] = []
        var port = firstStart.port
        var generator = SystemRandomNumberGenerator()
        for kill in 1...parameters.kills {
            for worker in workers { worker.cycle = kill }
            coordinator.open(port: port)
            let cycle = Double(parameters.cycleMilliseconds) * Double.random(in: 0.25...1.0, using: &generator)
            usleep(UInt32(cycle * 1000))
            coordinator.close()
            server.kill()
            guard coordinator.waitUntilParked(workers.count, timeoutSeconds: 60) else {
                Issue.record("workers did not stop within 60 s of kill \(kill)")
                break
            }
            try checker.checkStore(server.databasePath, workers: workers, cycle: kill)
            let start = try server.start()
            restartSeconds.append(start.secondsToFirstAnswer)
            port = start.port
            try checker.checkAuthentication(port: port, workers: workers, cycle: kill, everyPassword: kill == parameters.kills)
        }
        coordinator.finish()
        #expect(running.wait(timeout: .now() + 60) == .success, "workers did not finish")
        #expect(server.stop() == 0, "serve did not stop cleanly after the run")
        let final = try StoreSnapshot.read(server.databasePath)
        #expect(final.integrity == "ok", "after a clean stop: \(final.integrity)")

        let counts = workers.map(\.counts).reduce(into: CrashWorker.Counts()) { total, one in
            total.created += one.created; total.renamed += one.renamed; total.used += one.used
            total.revoked += one.revoked; total.unanswered += one.unanswered
        }
        let sorted = restartSeconds.sorted()
        let milliseconds = { (seconds: Double) in String(format: "%.0f", seconds * 1000) }
        let report = """
            crash safety: \(restartSeconds.count) SIGKILLs and restarts on one SQLite file, \(workers.count) keep-alive connections
              operations answered: \(counts.answered) (create \(counts.created), rename \(counts.renamed), use \(counts.used), revoke \(counts.revoked)); \
            \(counts.unanswered) in flight at a kill (outcome unknown, either allowed)
              checked: \(checker.storeChecks) stores read after a kill (integrity_check ok: \(checker.integrityOK)), \
            \(checker.liveChecked) live and \(checker.revokedChecked) revoked passwords tried over HTTP after restarts
              losses: \(checker.losses.count), resurrections: \(checker.resurrections.count), other problems: \(coordinator.allProblems.count)
              start to first answer: first (empty file) \(milliseconds(firstStart.secondsToFirstAnswer)) ms; \
            after a kill median \(sorted.isEmpty ? "-" : milliseconds(sorted[sorted.count / 2])) ms, \
            max \(sorted.last.map(milliseconds) ?? "-") ms (limit \(Int(parameters.maxStartMilliseconds)) ms)
            """
        print(report)
        if let path = parameters.reportPath { try? (report + "\n").write(toFile: path, atomically: true, encoding: .utf8) }

        #expect(restartSeconds.count == parameters.kills)
        #expect(checker.losses.isEmpty, "\(checker.losses.prefix(20))")
        #expect(checker.resurrections.isEmpty, "\(checker.resurrections.prefix(20))")
        #expect(coordinator.allProblems.isEmpty, "\(coordinator.allProblems.prefix(20))")
        #expect(checker.integrityOK == checker.storeChecks)
        #expect(counts.created > 0 && counts.renamed > 0 && counts.revoked > 0 && counts.unanswered > 0, "the run exercised too little: \(counts)")
        #expect((sorted.last ?? 0) * 1000 < parameters.maxStartMilliseconds, "slowest start \(sorted.last ?? 0) s")
    }

    static func bootstrapPassword(in stdout: String) -> String? {
        stdout.split(separator: "\n").first { $0.contains("password: ") }.map { String($0.split(separator: ":", maxSplits: 1)[1].dropFirst()) }
    }
}
