import Foundation
import Testing

/// Real clients from PyPI for the tests, the one way: `pip install --target` into a cache directory.
enum PyPI {
    /// A PyPI package installed with `pip --target` into a cache directory on first use (kept for
    /// later runs); `probe` is a file inside it.
    /// nil and the reason when pip cannot install it here (e.g. no network).
    static func installed(_ requirement: String, probe: String) -> Result<URL, HarnessError> {
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("dualgate-tests-" + requirement.replacingOccurrences(of: "==", with: "-"))
        if FileManager.default.fileExists(atPath: cache.appendingPathComponent(probe).path) { return .success(cache) }
        guard let python3 = Tool.python3 else { return .failure(HarnessError("python3 not found")) }
        let staging = cache.deletingLastPathComponent().appendingPathComponent("dualgate-pip-\(UUID().uuidString)")
        do {
            let install = try CLIResult.run(executable: python3, ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-input",
                                                                  "--target", staging.path, requirement],
                                            environment: ProcessInfo.processInfo.environment.merging([
                                                "PIP_DEFAULT_TIMEOUT": "30",
                                                // Debian's pip refuses installs by PEP 668; --target touches no system directory.
                                                "PIP_BREAK_SYSTEM_PACKAGES": "1",
                                            ]) { $1 })
            guard install.status == 0 else {
                try? FileManager.default.removeItem(at: staging)
                return .failure(HarnessError("pip install \(requirement) failed (\(install.status)): \(install.stderr.suffix(400))"))
            }
            if (try? FileManager.default.moveItem(at: staging, to: cache)) == nil { try? FileManager.default.removeItem(at: staging) }
            return .success(cache)
        } catch {
            return .failure(HarnessError("pip could not run: \(error)"))
        }
    }

    /// The package, or a visible skip naming why pip could not get it (no network): `print` + `Test.cancel`.
    static func installedOrSkip(_ requirement: String, probe: String, for suite: String) throws -> URL {
        switch installed(requirement, probe: probe) {
        case .success(let directory): return directory
        case .failure(let reason):
            print("SKIPPED \(suite): \(reason)")
            try Test.cancel("skipped: \(reason)")
        }
    }
}
