import Foundation
import FuzzTargets
import Testing

/// Every harness's property, checked on every checked-in seed (fuzz/corpus/TARGET/), so an ordinary
/// `swift test` catches a regression on the inputs the fuzzers start from.
@Suite("Fuzz harnesses hold on the seed corpus")
struct SeedCorpusTests {
    static let corpusRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fuzz/corpus")

    @Test(arguments: FuzzTarget.allCases)
    func everySeedHoldsTheProperty(_ target: FuzzTarget) throws {
        let directory = Self.corpusRoot.appendingPathComponent(target.rawValue)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        // A handful at least, or this test would pass on an empty (or misplaced) corpus.
        #expect(names.count >= 5, "seeds in \(directory.path)")
        for name in names {
            let bytes = try [UInt8](Data(contentsOf: directory.appendingPathComponent(name)))
            #expect(throws: Never.self, "seed \(name)") { try target.check(bytes) }
        }
    }
}
