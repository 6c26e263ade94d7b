import Foundation
import Glibc
import WireFormat

/// The SAX events of `ValueDecoder`, from `XMLParser` (through `DecodingDelegate`) or from
/// `PullDecoder`: builds values on an explicit stack of open elements (no recursion, so nesting
/// costs heap, not call stack) and remembers the first conformance problem without acting on it:
/// whether the document was well-formed is known only after the whole document was read.
/// A struct, so that the fast path mutates it in place without the dynamic exclusivity checks a
/// class's stored properties cost (about a quarter of a small call's decoding).
struct DecodingState {
    enum Root { case methodCall, methodResponse }

    enum Document {
        case call(MethodCall)
        case response(MethodResponse)
    }

    private(set) var document: Document?
    private(set) var failure: Fault?
    private(set) var isRootClosed = false
    private(set) var isTooDeep = false

    private let root: Root
    private var frames: [Frame] = []
    /// The finished values of every open frame, innermost last: a frame's own are those from its
    /// `valueStart` on. One flat stack instead of an array per frame keeps `Frame` trivial, so
    /// opening and closing an element allocates and releases nothing (a third of a small call's
    /// decoding). A member's region is its name (as a string) then its value, in that order.
    private var values: [Value] = []
    /// The methodCall's name, once its `<methodName>` closed.
    private var methodName: String?
    private var text = ""
    private var elementDepth = 0
    private var valueDepth = 0
    /// Past the first problem no more values are built; only depth is still counted.
    private var isIgnoring = false
    private var hasRoot = false

    /// Each `<value>` level opens at most three elements (`value`, `array`/`struct`, `data`/`member`),
    /// plus the envelope; anything deeper is garbage nesting and is cut off as early as values are.
    private static let maximumElementDepth = 3 * ValueDecoder.maximumDepth + 8

    init(root: Root) {
        self.root = root
        // A call is about six frames deep; growing the stack from empty was three reallocations a call.
        frames.reserveCapacity(8)
        values.reserveCapacity(8)
    }

    // MARK: frames

    enum Kind: Equatable {
        case methodCall, methodResponse, methodName, params, param, fault, value, array, data, `struct`, member, name, `nil`
        case scalar(Scalar)
    }

    enum Scalar: Equatable { case int32, int64, boolean, string, double, dateTime, base64 }

    private struct Frame {
        let kind: Kind
        /// Where this frame's values start in `values`.
        let valueStart: Int
        var children = 0
        /// A methodCall's `<methodName>` or a member's `<name>` has closed.
        var hasName = false
        var hasSeenParams = false
        var hasSeenFault = false
    }

    /// How many finished values the top frame holds (a member's name not counted).
    private var topValueCount: Int {
        let top = frames[frames.count - 1]
        return values.count - top.valueStart - (top.kind == .member && top.hasName ? 1 : 0)
    }

    /// The kind of an element named by ASCII bytes without a prefix, nil for an unknown name.
    static func kind(ascii name: UnsafeBufferPointer<UInt8>) -> Kind? {
        for (text, kind) in kindsByName where text.utf8CodeUnitCount == name.count {
            if memcmp(text.utf8Start, name.baseAddress!, name.count) == 0 { return kind }
        }
        return nil
    }

    /// `kind(named:)`'s table, most frequent first.
    private static let kindsByName: [(StaticString, Kind)] = [
        ("value", .value), ("string", .scalar(.string)), ("param", .param), ("member", .member), ("name", .name),
        ("int", .scalar(.int32)), ("i4", .scalar(.int32)), ("struct", .struct), ("array", .array), ("data", .data),
        ("params", .params), ("methodName", .methodName), ("methodCall", .methodCall), ("boolean", .scalar(.boolean)),
        ("double", .scalar(.double)), ("i8", .scalar(.int64)), ("base64", .scalar(.base64)),
        ("dateTime.iso8601", .scalar(.dateTime)), ("nil", .nil), ("methodResponse", .methodResponse), ("fault", .fault),
    ]

    private static func kind(named name: String) -> Kind? {
        switch name {
        case "methodCall": .methodCall
        case "methodResponse": .methodResponse
        case "methodName": .methodName
        case "params": .params
        case "param": .param
        case "fault": .fault
        case "value": .value
        case "array": .array
        case "data": .data
        case "struct": .struct
        case "member": .member
        case "name": .name
        case "nil": .nil
        case "int", "i4": .scalar(.int32)
        case "i8": .scalar(.int64)
        case "boolean": .scalar(.boolean)
        case "string": .scalar(.string)
        case "double": .scalar(.double)
        case "dateTime.iso8601": .scalar(.dateTime)
        case "base64": .scalar(.base64)
        default: nil
        }
    }

    // MARK: events (from `DecodingDelegate`, or from `PullDecoder`)

    /// A start tag; false when the document is nested too deep and reading must stop.
    mutating func startElement(_ elementName: String, attributeNames: some Sequence<String> = EmptyCollection<String>()) -> Bool {
        elementDepth += 1
        if elementDepth > Self.maximumElementDepth { isTooDeep = true; isIgnoring = true; return false }
        guard !isIgnoring else { return true }
        // CPython strips any `prefix:` (Apache's `ex:nil`, `ex:i8`); so do we.
        // (A name without a `:` byte has no `:` character: the Character search, a fifth of a small
        // call, is only paid by prefixed names.)
        let local = !elementName.utf8.contains(UInt8(ascii: ":")) ? elementName
            : elementName.lastIndex(of: ":").map { String(elementName[elementName.index(after: $0)...]) } ?? elementName
        guard let kind = Self.kind(named: local) else {
            // An unknown root (`<foo/>`) is a well-formed document that is not a methodCall: -32600
            // once it closes, not -32700 (issue 11). Marking the root lets `isRootClosed` say so.
            if elementDepth == 1, !hasRoot {
                hasRoot = true
                fail(root == .methodCall ? .notAMethodCall : .invalidXMLRPC("Response must be a methodResponse."))
            } else {
                fail(.invalidXMLRPC("Unknown element <\(Self.shown(local))>."))
            }
            return true
        }
        for attribute in attributeNames where attribute != "xmlns" && !attribute.hasPrefix("xmlns:") {
            if elementDepth == 1 { hasRoot = true }                  // well-formed: -32600, as above
            fail(.invalidXMLRPC("XML-RPC elements carry no attributes."))
            return true
        }
        return open(kind)
    }

    /// A start tag without attributes whose name `PullDecoder` already resolved; the same checks
    /// in the same order as `startElement(_:attributeNames:)`.
    mutating func startElement(_ kind: Kind) -> Bool {
        elementDepth += 1
        if elementDepth > Self.maximumElementDepth { isTooDeep = true; isIgnoring = true; return false }
        guard !isIgnoring else { return true }
        return open(kind)
    }

    private mutating func open(_ kind: Kind) -> Bool {
        guard checkChild(kind) else { return true }
        if kind == .value {
            valueDepth += 1
            if valueDepth > ValueDecoder.maximumDepth { isTooDeep = true; isIgnoring = true; return false }
        }
        text = ""
        if !frames.isEmpty { frames[frames.count - 1].children += 1 }
        frames.append(Frame(kind: kind, valueStart: values.count))
        return true
    }

    mutating func characters(_ string: String) {
        if !isIgnoring { text += string }
    }

    mutating func endElement() {
        elementDepth -= 1
        if elementDepth == 0, hasRoot { isRootClosed = true }
        guard !isIgnoring, let frame = frames.popLast() else { return }
        let content = text
        text = ""
        switch frame.kind {
        case .scalar(let scalar):
            guard let value = Self.scalar(scalar, content) else {
                return fail(.invalidParameters("Not a valid \(Self.typeName(scalar)) value."))
            }
            values.append(value)
        case .nil:
            guard Self.isBlank(content) else { return fail(.invalidXMLRPC("<nil/> must be empty.")) }
            values.append(.nil)
        case .value:
            valueDepth -= 1
            if values.count > frame.valueStart {
                // Typed: its one value stays where it is, now the parent's.
                guard Self.isBlank(content) else { return fail(.invalidXMLRPC("A value holds text and an element.")) }
            } else {
                values.append(.string(content))                 // untyped: a string, whitespace kept
            }
        case .name:
            // A member's name goes first in its region, also when its value came first.
            let parent = frames.count - 1
            frames[parent].hasName = true
            values.insert(.string(content), at: frames[parent].valueStart)
        case .methodName:
            let name = Self.trimmed(content)
            guard !name.isEmpty else { return fail(.invalidXMLRPC("The methodName is empty.")) }
            frames[frames.count - 1].hasName = true
            methodName = name
        default:
            guard Self.isBlank(content) else { return fail(.invalidXMLRPC("Text outside a value.")) }
            close(frame)
        }
    }

    // MARK: building

    /// Whether `kind` may open inside the current top frame (and, at the top, is the expected root).
    private mutating func checkChild(_ kind: Kind) -> Bool {
        guard let parent = frames.last else {
            guard !hasRoot else { fail(.notWellFormed); return false }   // a second root
            hasRoot = true
            switch (root, kind) {
            case (.methodCall, .methodCall), (.methodResponse, .methodResponse): return true
            case (.methodCall, _): fail(.notAMethodCall); return false
            case (.methodResponse, _): fail(.invalidXMLRPC("Response must be a methodResponse.")); return false
            }
        }
        guard Self.isBlank(text) else { fail(.invalidXMLRPC("Text outside a value.")); return false }
        let allowed = switch (parent.kind, kind) {
        case (.methodCall, .methodName): !parent.hasName
        case (.methodCall, .params): !parent.hasSeenParams
        case (.methodResponse, .params), (.methodResponse, .fault): parent.children == 0
        case (.params, .param), (.data, .value), (.struct, .member): true
        case (.param, .value), (.fault, .value), (.array, .data): parent.children == 0
        case (.value, .scalar), (.value, .array), (.value, .struct), (.value, .nil): parent.children == 0
        case (.member, .name): !parent.hasName
        case (.member, .value): topValueCount == 0
        default: false
        }
        guard allowed else {
            fail(.invalidXMLRPC("<\(Self.elementName(kind))> is not allowed here."))
            return false
        }
        if kind == .params { frames[frames.count - 1].hasSeenParams = true }
        if kind == .fault { frames[frames.count - 1].hasSeenFault = true }
        return true
    }

    /// Checks a closed container and leaves what it built on the value stack for its parent
    /// (where it is already, for a param, a fault, an array and a member).
    private mutating func close(_ frame: Frame) {
        let count = values.count - frame.valueStart
        switch frame.kind {
        case .param, .fault:
            guard count == 1 else { return fail(.invalidXMLRPC("A <\(Self.elementName(frame.kind))> holds no value.")) }
        case .params:
            break                                                    // its params are the root's
        case .data:
            let elements = Array(values[frame.valueStart...])
            values.removeSubrange(frame.valueStart...)
            values.append(.array(elements))
        case .array:
            guard count == 1 else { return fail(.invalidXMLRPC("An <array> has no <data>.")) }
        case .member:
            guard frame.hasName else { return fail(.invalidXMLRPC("A <member> has no <name>.")) }
            guard count == 2 else { return fail(.invalidXMLRPC("A <member> has no <value>.")) }
        case .struct:
            var members = Value.Struct(reservingCapacity: count / 2)
            var index = frame.valueStart
            while index < values.count {
                guard case .string(let name) = values[index] else { return fail(.internalError) }
                members[name] = values[index + 1]                    // a duplicate name: the last wins
                index += 2
            }
            values.removeSubrange(frame.valueStart...)
            values.append(.struct(members))
        case .methodCall:
            guard let name = methodName else { return fail(.invalidXMLRPC("The methodCall has no methodName.")) }
            document = .call(MethodCall(methodName: name, params: Array(values[frame.valueStart...])))
        case .methodResponse:
            closeResponse(frame)
        case .methodName, .name, .value, .nil, .scalar:
            break                                                    // handled by the caller
        }
    }

    private mutating func closeResponse(_ frame: Frame) {
        let count = values.count - frame.valueStart
        if frame.hasSeenFault {
            guard count >= 1, case .struct(let members) = values[frame.valueStart], members.count == 2,
                  case .int(let code) = members["faultCode"], case .string(let message) = members["faultString"] else {
                return fail(.invalidXMLRPC("A fault must be a struct of faultCode and faultString."))
            }
            document = .response(.fault(Fault(code: Int(code), message)))
        } else {
            guard frame.hasSeenParams, count == 1 else {
                return fail(.invalidXMLRPC("A methodResponse holds exactly one param or a fault."))
            }
            document = .response(.success(values[frame.valueStart]))
        }
    }

    // MARK: failing

    private mutating func fail(_ fault: Fault) {
        if failure == nil { failure = fault }
        isIgnoring = true
        frames.removeAll()
        values.removeAll()
        text = ""
    }


    // MARK: lexical rules (reference/xmlrpc.md §2)

    private static func scalar(_ scalar: Scalar, _ text: String) -> Value? {
        switch scalar {
        case .int32: Int32(text).map { .int(Int64($0)) }       // sign, digits; no spaces; nil when out of range
        case .int64: Int64(text).map { .int($0) }
        case .boolean: text == "0" ? .boolean(false) : text == "1" ? .boolean(true) : nil
        case .string: .string(text)
        case .double: double(text).map { .double($0) }
        case .dateTime: DateTime(xmlRPC: text[...]).map { .dateTime($0) }
        case .base64: Base64.decode(text.utf8, skippingWhitespace: true).map { .base64($0) }
        }
    }

    /// Decimal notation with an optional exponent (CPython sends `repr`, e.g. `1e+100`); no hex, no
    /// `inf`/`nan`, and nothing that overflows to infinity.
    private static func double(_ text: String) -> Double? {
        var digits = 0
        var state = 0                                            // 0 mantissa, 1 fraction, 2 exponent sign, 3 exponent
        var exponentDigits = 0
        for (offset, byte) in text.utf8.enumerated() {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if state >= 2 { exponentDigits += 1; state = 3 } else { digits += 1 }
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                guard offset == 0 || state == 2 else { return nil }
                if state == 2 { state = 3 }
            case UInt8(ascii: "."):
                guard state == 0 else { return nil }
                state = 1
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                guard state < 2, digits > 0 else { return nil }
                state = 2
            default:
                return nil
            }
        }
        guard digits > 0, state < 2 || exponentDigits > 0, let number = Double(text), number.isFinite else { return nil }
        return number
    }

    /// `trimmingCharacters(in: .whitespacesAndNewlines)`, which costs more than the rest of a
    /// small call's decoding: done by hand when both ends are ASCII (where that set is exactly
    /// tab, LF, VT, FF, CR and space), by Foundation otherwise.
    static func trimmed(_ text: String) -> String {
        let bytes = text.utf8
        guard let first = bytes.first, let last = bytes.last else { return text }
        guard first < 0x80, last < 0x80 else { return text.trimmingCharacters(in: .whitespacesAndNewlines) }
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }
        guard isSpace(first) || isSpace(last) else { return text }
        var start = bytes.startIndex, end = bytes.endIndex
        while start < end, isSpace(bytes[start]) { start = bytes.index(after: start) }
        // A non-ASCII character inside stops the ASCII walk; Foundation decides from there.
        if start < end, bytes[start] >= 0x80 { return text.trimmingCharacters(in: .whitespacesAndNewlines) }
        while end > start, isSpace(bytes[bytes.index(before: end)]) { end = bytes.index(before: end) }
        if end > start, bytes[bytes.index(before: end)] >= 0x80 { return text.trimmingCharacters(in: .whitespacesAndNewlines) }
        return String(text[start..<end])
    }

    private static func isBlank(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
    }

    private static func typeName(_ scalar: Scalar) -> String {
        switch scalar {
        case .int32: "int"
        case .int64: "i8"
        case .boolean: "boolean"
        case .string: "string"
        case .double: "double"
        case .dateTime: "dateTime.iso8601"
        case .base64: "base64"
        }
    }

    private static func elementName(_ kind: Kind) -> String {
        switch kind {
        case .methodCall: "methodCall"
        case .methodResponse: "methodResponse"
        case .methodName: "methodName"
        case .params: "params"
        case .param: "param"
        case .fault: "fault"
        case .value: "value"
        case .array: "array"
        case .data: "data"
        case .struct: "struct"
        case .member: "member"
        case .name: "name"
        case .nil: "nil"
        case .scalar(let scalar): typeName(scalar)
        }
    }

    /// Element names are echoed in faults only briefly.
    private static func shown(_ name: String) -> String { name.count > 40 ? String(name.prefix(40)) + "…" : name }
}

@available(*, unavailable) extension DecodingState: Sendable {}
