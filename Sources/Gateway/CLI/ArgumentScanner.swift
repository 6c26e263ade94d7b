/// Splits a subcommand's arguments into positionals and `--flags`, accepting `--flag value` and
/// `--flag=value`. Anything not declared is a usage error, so a typo never silently changes meaning.
struct ArgumentScanner {
    struct Spec: Sendable {
        /// Flags that take a value (`--db PATH`).
        var valued: Set<String> = []
        /// Flags that take no value (`--json`).
        var switches: Set<String> = []
        /// Flags whose value is optional and must be attached with `=` (`--read-only[=rest]`).
        var optionalValued: Set<String> = []
        /// Flags that may be given more than once.
        var repeatable: Set<String> = []
    }

    private(set) var positionals: [String] = []
    private var values: [String: [String]] = [:]

    init(_ arguments: [String], spec: Spec) throws(UsageError) {
        var index = 0
        var onlyPositionals = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if onlyPositionals || !argument.hasPrefix("--") || argument == "-" {
                positionals.append(argument)
                continue
            }
            if argument == "--" { onlyPositionals = true; continue }
            var name = String(argument.dropFirst(2))
            var attached: String?
            if let equals = name.firstIndex(of: "=") {
                attached = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            if spec.switches.contains(name) || name == "help" {
                guard attached == nil else { throw UsageError("--\(name) takes no value") }
                values[name, default: []].append("")
            } else if spec.optionalValued.contains(name) {
                values[name, default: []].append(attached ?? "")
            } else if spec.valued.contains(name) {
                let value: String
                if let attached {
                    value = attached
                } else {
                    guard index < arguments.count else { throw UsageError("--\(name) needs a value") }
                    value = arguments[index]
                    index += 1
                }
                values[name, default: []].append(value)
            } else {
                throw UsageError("unknown option --\(name)")
            }
            if values[name, default: []].count > 1, !spec.repeatable.contains(name) {
                throw UsageError("--\(name) given more than once")
            }
        }
    }

    func has(_ name: String) -> Bool { values[name] != nil }

    func value(_ name: String) -> String? { values[name]?.last }

    func all(_ name: String) -> [String] { values[name] ?? [] }

    func expectNoPositionals() throws(UsageError) {
        if let first = positionals.first { throw UsageError("unexpected argument '\(Echo.argument(first))'") }
    }

    /// The positionals, which must be exactly `names.count`.
    func positionals(named names: String...) throws(UsageError) -> [String] {
        guard positionals.count == names.count else {
            if positionals.count < names.count {
                throw UsageError("missing \(names[positionals.count...].map { "<\($0)>" }.joined(separator: " "))")
            }
            throw UsageError("unexpected argument '\(Echo.argument(positionals[names.count]))'")
        }
        return positionals
    }
}

/// Bad usage: printed with the command's usage line, exit code 2.
struct UsageError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

/// A refused operation (no such user, duplicate login…): printed, exit code 1.
struct RefusalError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
