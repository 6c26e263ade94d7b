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
        private var positions: [String: Int] = [:]

        public init() {}

        public init(dictionaryLiteral elements: (String, Value)...) {
            for (name, value) in elements { self[name] = value }
        }

        public var count: Int { members.count }
        public var isEmpty: Bool { members.isEmpty }

        public subscript(name: String) -> Value? {
            get { positions[name].map { members[$0].value } }
            set {
                if let position = positions[name] {
                    if let newValue {
                        members[position].value = newValue
                    } else {
                        members.remove(at: position)
                        positions[name] = nil
                        for index in position..<members.count { positions[members[index].name] = index }
                    }
                } else if let newValue {
                    positions[name] = members.count
                    members.append(Member(name: name, value: newValue))
                }
            }
        }

        public func makeIterator() -> IndexingIterator<[Member]> { members.makeIterator() }

        public static func == (lhs: Struct, rhs: Struct) -> Bool { lhs.members == rhs.members }
    }
}
