import Foundation
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
    func answeredChangesSurviveSIGKILL() async throws {
        let parameters = CrashRunParameters.current
        let outcome = try await OffPool.run { try CrashRun.execute(parameters) }
        let counts = outcome.counts
        let sorted = outcome.restartSeconds.sorted()
        let milliseconds = { (seconds: Double) in String(format: "%.0f", seconds * 1000) }
        let report = """
            crash safety: \(outcome.restartSeconds.count) SIGKILLs and restarts on one SQLite file, \(outcome.workers) keep-alive connections
              operations answered: \(counts.answered) (create \(counts.created), rename \(counts.renamed), use \(counts.used), revoke \(counts.revoked)); \
            \(counts.unanswered) in flight at a kill (outcome unknown, either allowed)
              checked: \(outcome.storeChecks) stores read after a kill (integrity_check ok: \(outcome.integrityOK)), \
            \(outcome.liveChecked) live and \(outcome.revokedChecked) revoked passwords tried over HTTP after restarts
              losses: \(outcome.losses.count), resurrections: \(outcome.resurrections.count), other problems: \(outcome.problems.count)
              start to first answer: first (empty file) \(milliseconds(outcome.firstStartSeconds)) ms; \
            after a kill median \(sorted.isEmpty ? "-" : milliseconds(sorted[sorted.count / 2])) ms, \
            max \(sorted.last.map(milliseconds) ?? "-") ms (limit \(Int(parameters.maxStartMilliseconds)) ms)
            """
        print(report)
        if let path = parameters.reportPath { try? (report + "\n").write(toFile: path, atomically: true, encoding: .utf8) }

        #expect(outcome.restartSeconds.count == parameters.kills)
        #expect(outcome.losses.isEmpty, "\(outcome.losses.prefix(20))")
        #expect(outcome.resurrections.isEmpty, "\(outcome.resurrections.prefix(20))")
        #expect(outcome.problems.isEmpty, "\(outcome.problems.prefix(20))")
        #expect(outcome.integrityOK == outcome.storeChecks && outcome.finalIntegrity == "ok", "after a clean stop: \(outcome.finalIntegrity)")
        #expect(counts.created > 0 && counts.renamed > 0 && counts.revoked > 0 && counts.unanswered > 0, "the run exercised too little: \(counts)")
        #expect((sorted.last ?? 0) * 1000 < parameters.maxStartMilliseconds, "slowest start \(sorted.last ?? 0) s")
    }

    static func bootstrapPassword(in stdout: String) -> String? {
        stdout.split(separator: "\n").first { $0.contains("password: ") }.map { String($0.split(separator: ":", maxSplits: 1)[1].dropFirst()) }
    }
}
