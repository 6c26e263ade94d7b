@testable import CredentialCore
import ExportFixtures
import Foundation

extension WPCLIExport {
    func parsed() throws -> WordPressExport { try WordPressExport.parse(Data(json.utf8)) }
}
