/// Where each XML-RPC method carries its credentials and whether it reads or writes: what the
/// gateway needs to authenticate a call, swap its credentials and refuse writes to read-only
/// passwords without understanding the method itself (issue 13 item 3).
///
/// The built-in table is `XMLRPCCatalogue.wordpress` (generated from the reference JSON);
/// `--xmlrpc-catalogue FILE` adds to or replaces its entries through `init(json:)` and `merging(_:)`.
public struct XMLRPCCatalogue: Sendable, Equatable {
    /// `read` and `write` as the reference classifies them; `multicall` carries other calls, each
    /// classified on its own.
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        case read, write, multicall
    }

    public struct Entry: Sendable, Equatable {
        public let name: String
        /// 0-based positions of the login and password among the params as the method sees them
        /// (after the one-param unwrap, see `UnwrappedArguments`); both nil: the method never logs in.
        public let usernameIndex: Int?
        public let passwordIndex: Int?
        /// WordPress's `minimum_args`: fewer arguments are refused with fault 400 before any login; nil: unchecked.
        public let minimumArguments: Int?
        public let kind: Kind

        /// Both indices are given or neither, never negative, never equal (`init(json:)` says so
        /// with a message; code that builds entries by hand gets a trap).
        public init(_ name: String, usernameIndex: Int?, passwordIndex: Int?, minimumArguments: Int?, kind: Kind) {
            precondition((usernameIndex == nil) == (passwordIndex == nil), "\(name): login and password positions go together")
            precondition((usernameIndex ?? 0) >= 0 && (passwordIndex ?? 0) >= 0 && (minimumArguments ?? 0) >= 0, "\(name): negative position")
            precondition(usernameIndex == nil || usernameIndex != passwordIndex, "\(name): login and password at one position")
            self.name = name
            self.usernameIndex = usernameIndex
            self.passwordIndex = passwordIndex
            self.minimumArguments = minimumArguments
            self.kind = kind
        }

        /// True when the method never logs in: it goes upstream as it came.
        public var isAnonymous: Bool { usernameIndex == nil }
    }

    private var entries: [String: Entry]

    /// A later entry with the same name replaces an earlier one.
    public init(_ entries: [Entry]) {
        var table: [String: Entry] = [:]
        for entry in entries { table[entry.name] = entry }
        self.entries = table
    }

    public func entry(named name: String) -> Entry? { entries[name] }

    /// Every method name, sorted.
    public var names: [String] { entries.keys.sorted() }

    public var count: Int { entries.count }

    /// This catalogue with `other`'s entries added; a name in both takes `other`'s entry.
    public func merging(_ other: XMLRPCCatalogue) -> XMLRPCCatalogue {
        var merged = self
        merged.entries.merge(other.entries) { _, theirs in theirs }
        return merged
    }
}
