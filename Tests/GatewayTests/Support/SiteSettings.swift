import Foundation
import Testing

/// The contract's `dualgate settings set KEY VALUE`, run against a test site's database.
enum SiteSettings {
    static func set(_ key: String, _ value: String, on site: RESTSite) throws {
        let result = try site.server.cli("settings", "set", key, value)
        guard result.status == 0 else { throw HarnessError("settings set \(key) \(value) failed (\(result.status)): \(result.stderr)") }
    }
}
