import Foundation
import Testing

/// The crash test's size. The defaults are the short run inside `swift test`; the long run
/// scales them with environment variables (SECURITY.md, "Crash safety"):
///
///     DUALGATE_CRASH_KILLS=200 DUALGATE_CRASH_CYCLE_MS=1500 DUALGATE_CRASH_WORKERS=16 \
///         swift test --filter CrashSafetyTests
struct CrashRunParameters {
    /// SIGKILLs (each followed by a restart on the same file).
    var kills = 20
    /// Concurrent keep-alive connections, each its own user's worker.
    var workers = 8
    /// Each cycle runs a uniformly random 25–100 % of this before the kill.
    var cycleMilliseconds = 250
    /// Passwords (per kind: live, revoked) checked over HTTP after each restart besides those of
    /// the last cycle; after the last restart every one is checked.
    var sampleSize = 20
    /// A start (spawn to first answered request) slower than this fails the run. The long run's
    /// target is 1 000 ms; the short run allows 3 000 because `swift test` shares the machine with
    /// the compiler and its other tests (timing targets belong to the long run).
    var maxStartMilliseconds = 3000.0
    /// Where the figures go as well as stdout (`DUALGATE_CRASH_REPORT`).
    var reportPath: String?

    static var current: CrashRunParameters {
        let environment = ProcessInfo.processInfo.environment
        var parameters = CrashRunParameters()
        func number(_ key: String) -> Int? { environment[key].flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil } }
        if let kills = number("DUALGATE_CRASH_KILLS") {
            parameters.kills = kills
            parameters.maxStartMilliseconds = 1000     // the long run holds the real target
        }
        parameters.workers = number("DUALGATE_CRASH_WORKERS") ?? parameters.workers
        parameters.cycleMilliseconds = number("DUALGATE_CRASH_CYCLE_MS") ?? parameters.cycleMilliseconds
        if let limit = number("DUALGATE_CRASH_MAX_START_MS") { parameters.maxStartMilliseconds = Double(limit) }
        parameters.reportPath = environment["DUALGATE_CRASH_REPORT"]
        return parameters
    }

    /// Generous: cycles, starts and checks, with room for a loaded machine.
    var timeLimit: TimeLimitTrait.Duration {
        .minutes(max(3, (kills * (cycleMilliseconds + 3000)) / 60_000 + 2))
    }
}
