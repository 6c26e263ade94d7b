import Foundation
import Testing

/// The contract's `dualgate settings list|get KEY|set KEY VALUE`, which the credential-core work
/// adds. Tests that need a setting run only once the command exists in the built binary.
enum SiteSettings {
    static let available: Bool = (try? CLIResult.run(["settings", "--help"]))?.status == 0

    static let unavailable: Comment = "disabled: needs `dualgate settings` (contract \"Site settings\"), which this build does not have yet"

    static func set(_ key: String, _ value: String, on site: RESTSite) throws {
        let result = try site.server.cli("settings", "set", key, value)
        guard result.status == 0 else { throw HarnessError("settings set \(key) \(value) failed (\(result.status)): \(result.stderr)") }
    }
}
