import ExportFixtures
import Foundation

extension WPCLIExport {
    /// Writes the document into `directory` for `dualgate import wordpress`; returns its path.
    func write(in directory: URL, as name: String = "wordpress-export.json") throws -> String {
        let url = directory.appendingPathComponent(name)
        try json.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }
}
