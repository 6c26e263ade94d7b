import Foundation
import Glibc

/// The crash test's run, blocking from start to end: start `serve`, add one user per worker,
/// then `kills` times: let the workers run, SIGKILL, check the store, restart, check logins.
/// Returns what it saw; the test judges it (`CrashSafetyTests`).
enum CrashRun {
    struct Outcome {
        var counts = CrashWorker.Counts()
        var workers = 0
        var firstStartSeconds = 0.0
        var restartSeconds: [Double] = []
        var storeChecks = 0, integrityOK = 0, liveChecked = 0, revokedChecked = 0
        var losses: [String] = []
        var resurrections: [String] = []
        /// Anything else that went wrong: a refused request, a worker that did not stop, a bad exit.
        var problems: [String] = []
        var finalIntegrity = ""
    }

    static func execute(_ parameters: CrashRunParameters) throws -> Outcome {
        let directory = try TempDirectory.make()
        defer { if ProcessInfo.processInfo.environment["DUALGATE_KEEP_TEST_DIRS"] == nil { try? FileManager.default.removeItem(at: directory) } }
        var outcome = Outcome()
        let server = RestartableServer(directory: directory)
        let firstStart = try server.start()
        outcome.firstStartSeconds = firstStart.secondsToFirstAnswer
        guard let admin = CrashSafetyTests.bootstrapPassword(in: server.stdoutText) else { throw HarnessError("serve printed no bootstrap password") }
        let cli = { (arguments: [String]) throws -> CLIResult in try CLIResult.run(arguments + ["--db", server.databasePath]) }
        // The checks send revoked passwords on purpose, many times: the lockout would lock the test out.
        for key in ["lockout_login_failures", "lockout_address_failures"] {
            let result = try cli(["settings", "set", key, "0"])
            guard result.status == 0 else { throw HarnessError("settings set \(key) 0: \(result.stderr)") }
        }
        let coordinator = CrashCoordinator()
        var workers: [CrashWorker] = []
        for index in 0..<parameters.workers {
            let login = "crash\(index)"
            let added = try cli(["user", "add", login, "--json"])
            guard let id = try WireJSON.parse(Array(added.stdout.utf8))["id"]?.int else { throw HarnessError("user add \(login): \(added.stderr)") }
            workers.append(CrashWorker(index: index, login: login, userID: id, admin: ("admin", admin), coordinator: coordinator))
        }
        let running = DispatchGroup()
        for worker in workers {
            running.enter()
            let thread = Thread { worker.run(); running.leave() }
            thread.stackSize = 512 * 1024
            thread.start()
        }
        defer { coordinator.finish() }

        var checker = CrashChecker(coordinator: coordinator, sampleSize: parameters.sampleSize)
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
                outcome.problems.append("workers did not stop within 60 s of kill \(kill)")
                break
            }
            try checker.checkStore(server.databasePath, workers: workers, cycle: kill)
            let start = try server.start()
            outcome.restartSeconds.append(start.secondsToFirstAnswer)
            port = start.port
            try checker.checkAuthentication(port: port, workers: workers, cycle: kill, everyPassword: kill == parameters.kills)
        }
        coordinator.finish()
        if running.wait(timeout: .now() + 60) != .success { outcome.problems.append("workers did not finish") }
        let status = server.stop()
        if status != 0 { outcome.problems.append("serve exited \(status) on SIGTERM after the run") }
        outcome.finalIntegrity = try StoreSnapshot.read(server.databasePath).integrity

        outcome.workers = workers.count
        outcome.counts = workers.map(\.counts).reduce(into: CrashWorker.Counts()) { total, one in
            total.created += one.created; total.renamed += one.renamed; total.used += one.used
            total.revoked += one.revoked; total.unanswered += one.unanswered
        }
        outcome.storeChecks = checker.storeChecks
        outcome.integrityOK = checker.integrityOK
        outcome.liveChecked = checker.liveChecked
        outcome.revokedChecked = checker.revokedChecked
        outcome.losses = checker.losses
        outcome.resurrections = checker.resurrections
        outcome.problems += coordinator.allProblems
        return outcome
    }
}

/// Runs blocking work on a thread of its own and suspends the caller until it ends: a test that
/// blocks for many seconds would otherwise hold one of Swift Testing's cooperative threads (two
/// on a two-core machine) while the other suites wait for it.
enum OffPool {
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try body() }) }
            thread.start()
        }
    }
}
