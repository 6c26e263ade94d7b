import FuzzTargets
import Foundation
#if DUALGATE_LIBFUZZER
import CLibFuzzer
#endif

// Two builds of one file. `fuzz/run.sh` builds it with `-sanitize=fuzzer,address -D DUALGATE_LIBFUZZER`:
// then libFuzzer drives `fuzzOne` and the target comes from DUALGATE_FUZZ_TARGET (an environment
// variable, because libFuzzer owns the command line and re-runs itself with it). The ordinary build
// is a replayer: `dualgate-fuzz TARGET FILE|DIR…` runs saved inputs without sanitizers.

/// The target named by DUALGATE_FUZZ_TARGET, read once.
let selectedTarget: FuzzTarget? = ProcessInfo.processInfo.environment["DUALGATE_FUZZ_TARGET"].flatMap(FuzzTarget.init(rawValue:))

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let target = selectedTarget else { fatalError("DUALGATE_FUZZ_TARGET is not one of \(targetNames)") }
    do { try target.check(UnsafeRawBufferPointer(start: data, count: size)) } catch {
        // A trap makes libFuzzer save the input as a crash artifact.
        fatalError("property violated: \(error)")
    }
    return 0
}

let targetNames = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")

#if DUALGATE_LIBFUZZER
/// SwiftPM links executables with `--defsym main=<module>_main`; this is that symbol, handing the
/// process to libFuzzer's driver (its own `main` is not used).
@_cdecl("dualgate_fuzz_main")
func libFuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    guard selectedTarget != nil else {
        FileHandle.standardError.write(Data("set DUALGATE_FUZZ_TARGET to one of: \(targetNames)\n".utf8))
        return 2
    }
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments, fuzzOne)
}
#else
@main
enum Replay {
    static func main() {
        let arguments = CommandLine.arguments.dropFirst()
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name), arguments.count > 1 else {
            print("usage: dualgate-fuzz TARGET FILE|DIR…   (targets: \(targetNames))")
            exit(2)
        }
        let repeats = max(1, Int(ProcessInfo.processInfo.environment["DUALGATE_FUZZ_REPEAT"] ?? "") ?? 1)
        var failures = 0
        var count = 0
        for path in arguments.dropFirst() {
            for file in files(at: path) {
                guard let data = FileManager.default.contents(atPath: file) else {
                    print("\(file): unreadable"); failures += 1; continue
                }
                count += 1
                // DUALGATE_FUZZ_REPEAT=N runs each input N times: watch the process's memory for a leak.
                for _ in 0..<repeats {
                    do { try target.check(Array(data)) } catch {
                        print("\(file): \(error)"); failures += 1; break
                    }
                }
            }
        }
        print("\(target.rawValue): \(count) inputs, \(failures) failed")
        exit(failures == 0 ? 0 : 1)
    }

    private static func files(at path: String) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { return [path] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.sorted().map { path + "/" + $0 }
    }
}
#endif
