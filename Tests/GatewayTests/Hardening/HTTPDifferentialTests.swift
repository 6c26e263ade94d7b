import Foundation
import Testing

/// The short form of `hardening/http_diff.py`: every corpus case against the real binary and h11, failing
/// on a disagreement that `hardening/http-differential-known.txt` does not explain.
@Suite("h11 differential check", .timeLimit(.minutes(3)))
struct HTTPDifferentialTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("hardening/http_diff.py")

    @Test func noDisagreementBeyondTheKnownList() throws {
        guard let python3 = Tool.python3 else {
            print("SKIPPED HTTPDifferentialTests: python3 not found")
            try Test.cancel("skipped: python3 not found")
        }
        let run = try CLIResult.run(executable: python3, [Self.script.path, "--check", "--binary", DualgateBinary.url.path])
        if run.status == 77 {
            print("SKIPPED HTTPDifferentialTests: \(run.stdout)")
            try Test.cancel("skipped: \(run.stdout)")
        }
        let summary = run.stdout.split(separator: "\n").filter { $0.contains(" cases: ") || $0.hasPrefix("NEW DISAGREEMENT") }
        #expect(run.status == 0, "\(summary.joined(separator: "\n"))\n\(run.stderr.suffix(2000))")
        #expect(run.stdout.contains("server alive after the run: True"))
        // The run really compared something: the corpus is well over a hundred cases.
        let count = run.stdout.split(separator: "\n").first { $0.contains(" cases: ") }.flatMap { Int($0.split(separator: " ")[0]) } ?? 0
        #expect(count >= 100)
    }
}
