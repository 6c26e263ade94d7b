/// `_fields` (`rest_filter_response_fields`): keeps only the named top-level members, with
/// dotted paths (`a.b`) selecting nested ones; a list is filtered item by item.
struct FieldsFilter {
    /// A tree of wanted paths; a leaf keeps the whole member.
    private indirect enum Tree { case leaf, branch([String: Tree]) }
    private let tree: [String: Tree]

    /// nil when `_fields` is absent or names nothing.
    init?(_ value: JSON?) {
        guard let value, let items = RESTArgument.list(value) else { return nil }
        let names = items.compactMap(\.stringValue).map { $0.trimmingASCIIWhitespace() }.filter { !$0.isEmpty }
        guard !names.isEmpty else { return nil }
        var tree: [String: Tree] = [:]
        for name in names { Self.insert(name.split(separator: ".").map(String.init)[...], into: &tree) }
        self.tree = tree
    }

    private static func insert(_ path: ArraySlice<String>, into tree: inout [String: Tree]) {
        guard let head = path.first else { return }
        let rest = path.dropFirst()
        if rest.isEmpty { tree[head] = .leaf; return }
        if case .leaf? = tree[head] { return }                 // the whole member is wanted already
        var children: [String: Tree] = [:]
        if case .branch(let existing)? = tree[head] { children = existing }
        insert(rest, into: &children)
        tree[head] = .branch(children)
    }

    func apply(_ body: JSON) -> JSON {
        switch body {
        case .array(let items): .array(items.map { Self.filter($0, tree) })
        default: Self.filter(body, tree)
        }
    }

    private static func filter(_ value: JSON, _ tree: [String: Tree]) -> JSON {
        guard case .object(let members) = value else { return value }
        return .object(members.compactMap { member in
            switch tree[member.key] {
            case .none: nil
            case .leaf?: member
            case .branch(let children)?: (member.key, filter(member.value, children))
            }
        })
    }
}
