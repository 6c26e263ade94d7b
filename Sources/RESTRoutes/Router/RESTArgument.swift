import CredentialCore

/// One declared endpoint argument. WordPress validates declared arguments before the permission
/// check (`WP_REST_Request::has_valid_params`): missing required ones first
/// (`rest_missing_callback_param`), then each present value against its schema
/// (`rest_invalid_param`, with each problem under `data.params` and `data.details`). A JSON
/// `null` counts as absent; an absent argument with a default reads as its default.
public struct RESTArgument: Sendable {
    /// JSON schema types, read as WordPress reads request parameters: a form or query string
    /// `"5"` is an integer, `"true"`/`"1"` a boolean, `"a,b"` an array.
    public enum ValueType: String, Sendable {
        case string, integer, number, boolean, array, object
    }

    /// An embedder's argument: its schema keywords and an optional check of a well-typed value.
    struct Declared: Sendable {
        let type: ValueType
        let values: [String]?
        let defaultValue: JSON?
        let description: String?
        let check: (@Sendable (JSON) -> String?)?
    }

    enum Kind: Sendable {
        /// `context`: view, embed or edit (enum order as WordPress's `rsort` leaves it).
        case context
        /// `name`: a string of at least one character containing a non-space (`.*\S.*`).
        case name
        /// `app_id`: a UUID or `""` (WordPress 6.9 `oneOf`).
        case appID
        /// `enabled_for`: a non-empty list of `rest-api` / `xml-rpc` (iThemes).
        case apiTypes
        /// `rest_api_permissions` / `xml_rpc_permissions`: `read` or `write`.
        case permission
        /// dualgate's `expires`: a GMT date (`Y-m-d\TH:i:s`, `Y-m-d`, optional `Z`), or `""` for never.
        case expires
        /// dualgate's `status` as a client may set it: `active` or `disabled`.
        case status
        /// dualgate's `allowed_networks`: a list of IPv4/IPv6 addresses or CIDR ranges.
        case networks
        /// Anyone's, from the public initialiser.
        case declared(Declared)
    }

    static let settableStatuses = ["active", "disabled"]

    public let name: String
    let kind: Kind
    public let isRequired: Bool

    init(_ name: String, _ kind: Kind, required: Bool = false) {
        self.name = name
        self.kind = kind
        self.isRequired = required
    }

    /// - Parameters:
    ///   - values: the allowed values (`enum`), for a string argument.
    ///   - defaultValue: what the handler reads when the argument is absent (shown by OPTIONS).
    ///   - check: runs on a value of the right type; returns what is wrong with it (the message
    ///     of its `rest_invalid_param` problem), or nil when it is fine.
    public init(_ name: String, type: ValueType, required: Bool = false, description: String? = nil, values: [String]? = nil,
                default defaultValue: JSON? = nil, check: (@Sendable (JSON) -> String?)? = nil) {
        self.init(name, .declared(Declared(type: type, values: values, defaultValue: defaultValue, description: description, check: check)),
                  required: required)
    }

    /// The default an absent argument reads as, if it has one.
    var defaultValue: JSON? {
        if case .declared(let declared) = kind { return declared.defaultValue }
        return nil
    }

    static let context = RESTArgument("context", .context)
    static let contexts = ["view", "embed", "edit"]

    /// Checks every declared argument; the first failing check decides the error, as in WordPress.
    static func validate(_ arguments: [RESTArgument], _ parameters: Parameters) throws(RESTError) {
        let missing = arguments.filter { $0.isRequired && (parameters.value($0.name).map { $0.isNull } ?? true) }.map(\.name)
        if !missing.isEmpty { throw .missingParameters(missing) }
        var problems: [ParameterProblem] = []
        for argument in arguments {
            guard let value = parameters.value(argument.name), !value.isNull else { continue }
            if parameters.isInvalidUTF8(argument.name) {
                problems.append(.notUTF8(argument.name))
                continue
            }
            if let problem = argument.problem(with: value) { problems.append(problem) }
        }
        if !problems.isEmpty { throw .invalidParameters(problems) }
    }

    func problem(with value: JSON) -> ParameterProblem? {
        switch kind {
        case .context:
            guard let text = value.stringValue else { return .notOfType(name, "string") }
            return Self.contexts.contains(text) ? nil : .notInEnum(name, shownAs: name, Self.contexts)
        case .name:
            guard let text = value.stringValue else { return .notOfType(name, "string") }
            if text.unicodeScalars.isEmpty { return .tooShort(name, minimum: 1) }
            // PCRE `\S` without Unicode mode: anything but ASCII space, \t, \n, \v, \f, \r.
            let hasNonSpace = text.unicodeScalars.contains { !(($0.value >= 0x09 && $0.value <= 0x0D) || $0.value == 0x20) }
            return hasNonSpace ? nil : .patternMismatch(name, ".*\\S.*")
        case .appID:
            guard let text = value.stringValue else { return .notOfType(name, "string") }
            return text.isEmpty || UUIDShape.isUUID(text) ? nil : .notUUID(name)
        case .apiTypes:
            guard let items = Self.list(value) else { return .notOfType(name, "array") }
            if items.isEmpty { return .tooFewItems(name, minimum: 1) }
            let allowed = APIType.allCases.map(\.rawValue)
            for (index, item) in items.enumerated() {
                let shown = "\(name)[\(index)]"
                guard let text = item.stringValue else { return .notOfType(shown, "string") }
                if !allowed.contains(text) { return .notInEnum(name, shownAs: shown, allowed) }
            }
            return nil
        case .permission:
            guard let text = value.stringValue else { return .notOfType(name, "string") }
            let allowed = Permission.allCases.map(\.rawValue)
            return allowed.contains(text) ? nil : .notInEnum(name, shownAs: name, allowed)
        case .expires:
            guard let text = value.stringValue else { return .notOfType(name, "string") }
            return text.isEmpty || GMTTimeParser.parse(text) != nil ? nil : .invalidDate(name)
        case .status:
            guard let text = value.stringValue else { return .notOfType(name, "string") }
            return Self.settableStatuses.contains(text) ? nil : .notInEnum(name, shownAs: name, Self.settableStatuses)
        case .declared(let declared):
            return problem(with: value, declared)
        case .networks:
            guard let items = Self.list(value) else { return .notOfType(name, "array") }
            for (index, item) in items.enumerated() {
                let shown = "\(name)[\(index)]"
                guard let text = item.stringValue else { return .notOfType(shown, "string") }
                if NetworkRange(text) == nil { return .invalidCIDR(name, shownAs: shown) }
            }
            return nil
        }
    }

    private func problem(with value: JSON, _ declared: Declared) -> ParameterProblem? {
        guard let typed = Self.typed(value, as: declared.type) else { return .notOfType(name, declared.type.rawValue) }
        if let values = declared.values, let text = typed.stringValue, !values.contains(text) {
            return .notInEnum(name, shownAs: name, values)
        }
        if let message = declared.check?(typed) { return ParameterProblem(name: name, code: "rest_invalid_param", message: message) }
        return nil
    }

    /// `value` read as `type` the way WordPress's `rest_is_*` checks accept request input, or nil
    /// when it is not of that type.
    static func typed(_ value: JSON, as type: ValueType) -> JSON? {
        switch (type, value) {
        case (.string, .string): return value
        case (.integer, .int): return value
        case (.integer, .string(let text)): return Int64(text).map(JSON.int)
        case (.number, .int), (.number, .double): return value
        case (.number, .string(let text)): return Int64(text).map(JSON.int) ?? Double(text).map(JSON.double)
        case (.boolean, .bool): return value
        case (.boolean, .int(let number)) where number == 0 || number == 1: return .bool(number == 1)
        case (.boolean, .string(let text)):
            switch text {
            case "true", "1": return .bool(true)
            case "false", "0", "": return .bool(false)
            default: return nil
            }
        case (.array, _): return list(value).map(JSON.array)
        case (.object, .object): return value
        default: return nil
        }
    }

    /// A list as WordPress's `rest_is_array` accepts it: a JSON/form list, or a string split at
    /// commas and whitespace (`wp_parse_list`).
    static func list(_ value: JSON) -> [JSON]? {
        switch value {
        case .array(let items): return items
        case .string(let text):
            return text.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).map { .string(String($0)) }
        default: return nil
        }
    }
}

/// `wp_is_uuid` with no version: 8-4-4-4-12 lower-case hex digits (its regex has no `/i`, §2.2),
/// the same rule the store applies, so an upper-case `app_id` fails here, before the permission check.
enum UUIDShape {
    static func isUUID(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 36 else { return false }
        for (index, byte) in bytes.enumerated() {
            if [8, 13, 18, 23].contains(index) {
                guard byte == UInt8(ascii: "-") else { return false }
            } else {
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"): continue
                default: return false
                }
            }
        }
        return true
    }
}
