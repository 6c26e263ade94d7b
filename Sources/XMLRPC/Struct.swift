extension Value {
    /// An XML-RPC `<struct>`: members keep their order (so answers match WordPress's member order),
    /// names are unique. Setting an existing name replaces its value in place, which is also how a
    /// duplicate name in a request resolves: the last one wins (CPython and PHP do the same).
    public struct Struct: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
        public struct Member: Sendable, Equatable {
            public let name: String
            public var value: Value
        }

        public private(set) var members: [Member] = []
        // A name index keeps decoding linear: a hostile struct with 100 000 members must not cost n².
        // Small structs (nearly all) are searched in order instead: building the index was a
        // tenth of a `wp.getUsersBlogs` call.
        private var positions: [String: Int] = [:]
        private var isIndexed = false
        private static let indexedAbove = 8

        public init() {}

        /// Room for `count` members before the first is added (a struct built from a known list).
        init(reservingCapacity count: Int) { members.reserveCapacity(count) }

        public init(dictionaryLiteral elements: (String, Value)...) {
            for (name, value) in elements { self[name] = value }
        }

        public var count: Int { members.count }
        public var isEmpty: Bool { members.isEmpty }

        private func position(of name: String) -> Int? {
            isIndexed ? positions[name] : members.firstIndex { $0.name == name }
        }

        public subscript(name: String) -> Value? {
            get { position(of: name).map { members[$0].value } }
            set {
                if let position = position(of: name) {
                    if let newValue {
                        members[position].value = newValue
                    } else {
                        members.remove(at: position)
                        if isIndexed {
                            positions[name] = nil
                            for index in position..<members.count { positions[members[index].name] = index }
                        }
                    }
                } else if let newValue {
                    members.append(Member(name: name, value: newValue))
                    if isIndexed {
                        positions[name] = members.count - 1
                    } else if members.count > Self.indexedAbove {
                        for (index, member) in members.enumerated() { positions[member.name] = index }
                        isIndexed = true
                    }
                }
            }
        }

        public func makeIterator() -> IndexingIterator<[Member]> { members.makeIterator() }

        public static func == (lhs: Struct, rhs: Struct) -> Bool { lhs.members == rhs.members }
    }
}
