import Foundation

extension XMLRPCCatalogue {
    /// A catalogue file that cannot be used, with the entry and field at fault
    /// (`methods[3] ("wp.getFoo").password_index: …`).
    public struct FormatError: Error, Sendable, Equatable, CustomStringConvertible {
        public let field: String
        public let message: String

        public var description: String { "\(field): \(message)" }
    }

    /// Reads the format of `wordpress-xmlrpc-methods.json` (for `--xmlrpc-catalogue FILE`): either
    /// that document (an object whose `methods` member is the list; its other members are ignored)
    /// or the bare list. Each entry is an object with `name` (non-empty string), `username_index`
    /// and `password_index` (both a non-negative integer, or both null for a method that never logs
    /// in), `min_args` (non-negative integer or null; may be left out) and `class` (`read`, `write`
    /// or `multicall`). Other members (`php_function`, `note`, …) are ignored. A name listed twice
    /// is refused: in a file someone edits by hand, that is a mistake, not an override.
    public init(json: [UInt8]) throws(FormatError) {
        let root: Any
        do { root = try JSONSerialization.jsonObject(with: Data(json)) } catch {
            throw FormatError(field: "(document)", message: "not valid JSON")
        }
        let list: [Any]
        switch root {
        case let array as [Any]: list = array
        case let object as [String: Any]:
            guard let array = object["methods"] as? [Any] else {
                throw FormatError(field: "methods", message: "missing, or not an array of method entries")
            }
            list = array
        default: throw FormatError(field: "(document)", message: "must be an object with a \"methods\" array, or that array")
        }
        var entries: [Entry] = []
        var seen = Set<String>()
        for (index, raw) in list.enumerated() {
            guard let fields = raw as? [String: Any] else { throw FormatError(field: "methods[\(index)]", message: "not an object") }
            guard let name = fields["name"] as? String, !name.isEmpty else {
                throw FormatError(field: "methods[\(index)].name", message: "missing, or not a non-empty string")
            }
            let path = "methods[\(index)] (\"\(name.count > 80 ? String(name.prefix(80)) + "…" : name)\")"
            guard seen.insert(name).inserted else { throw FormatError(field: "\(path).name", message: "listed twice") }
            let username = try Self.position(fields, "username_index", path, required: true)
            let password = try Self.position(fields, "password_index", path, required: true)
            let minimum = try Self.position(fields, "min_args", path, required: false)
            guard (username == nil) == (password == nil) else {
                throw FormatError(field: "\(path).\(username == nil ? "username_index" : "password_index")",
                                  message: "must be null when the other index is, and a position when it is not")
            }
            if let username, username == password {
                throw FormatError(field: "\(path).password_index", message: "must differ from username_index")
            }
            guard let className = fields["class"] as? String, let kind = Kind(rawValue: className) else {
                throw FormatError(field: "\(path).class", message: "missing, or not one of \"read\", \"write\", \"multicall\"")
            }
            entries.append(Entry(name, usernameIndex: username, passwordIndex: password, minimumArguments: minimum, kind: kind))
        }
        self.init(entries)
    }

    /// A non-negative integer or null. `required`: the member must be present (as null at least),
    /// because a forgotten credential position would silently make a method anonymous.
    private static func position(_ fields: [String: Any], _ key: String, _ path: String, required: Bool) throws(FormatError) -> Int? {
        switch fields[key] {
        case nil where required:
            throw FormatError(field: "\(path).\(key)", message: "missing (use null for none)")
        case nil, is NSNull:
            return nil
        case let number as NSNumber where !isBoolean(number) && number.doubleValue == number.doubleValue.rounded()
            && number.doubleValue >= 0 && number.doubleValue < 1_000_000:
            return number.intValue
        default:
            throw FormatError(field: "\(path).\(key)", message: "not a non-negative integer or null")
        }
    }

    /// JSON `true`/`false` arrive as NSNumber too; a position must not be a Boolean.
    private static func isBoolean(_ number: NSNumber) -> Bool {
        String(cString: number.objCType) == "c"
    }
}
