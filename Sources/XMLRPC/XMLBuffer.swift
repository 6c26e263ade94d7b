import WireFormat
/// Where `ValueEncoder` writes a document, with XML 1.0 text escaping: straight into the
/// uninitialised storage of the array it returns. Appending to an `[UInt8]` paid a uniqueness
/// check and a generic copy set-up of about ninety instructions each time, and a
/// `wp.getUsersBlogs` answer is some thirty appends; an own buffer copied out at the end cost
/// small answers more than it saved. A document longer than the first guess moves on into memory
/// of its own, doubled as needed, and is copied into an array once at the end (writing it a
/// second time cost a multicall of ten about 8 % more).
struct XMLBuffer: ~Copyable {
    private var start: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var count = 0
    /// Set once the document outgrew the array's storage: `start`, owned here.
    private var overflow: UnsafeMutablePointer<UInt8>?

    private init(start: UnsafeMutablePointer<UInt8>, capacity: Int) {
        self.start = start
        self.capacity = capacity
    }

    /// The bytes `write` produces, in an array of their own.
    static func document(capacity: Int, _ write: (inout XMLBuffer) throws(Fault) -> Void) throws(Fault) -> [UInt8] {
        var failure: Fault?
        var moved: [UInt8]?
        let bytes = [UInt8](unsafeUninitializedCapacity: max(capacity, 1)) { storage, initialized in
            var out = XMLBuffer(start: storage.baseAddress!, capacity: storage.count)
            do throws(Fault) { try write(&out) } catch { failure = error }
            if let overflow = out.overflow {
                if failure == nil { moved = [UInt8](UnsafeBufferPointer(start: overflow, count: out.count)) }
                overflow.deallocate()
                initialized = 0
            } else {
                initialized = out.count
            }
        }
        if let failure { throw failure }
        return moved ?? bytes
    }

    mutating func append(_ raw: [UInt8]) {
        raw.withUnsafeBufferPointer { append($0) }
    }

    @inline(__always)
    mutating func append(_ raw: StaticString) {
        append(raw.utf8Start, count: raw.utf8CodeUnitCount)
    }

    @inline(__always)
    private mutating func append(_ raw: UnsafeBufferPointer<UInt8>) {
        guard let base = raw.baseAddress else { return }
        append(base, count: raw.count)
    }

    @inline(__always)
    private mutating func append(_ source: UnsafePointer<UInt8>, count length: Int) {
        if _slowPath(count + length > capacity) { grow(toHold: count + length) }
        (start + count).initialize(from: source, count: length)
        count += length
    }

    @inline(__always)
    private mutating func append(byte: UInt8) {
        if _slowPath(count == capacity) { grow(toHold: count + 1) }
        start[count] = byte
        count += 1
    }

    private mutating func grow(toHold needed: Int) {
        let larger = max(needed, capacity * 2)
        let memory = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        memory.initialize(from: start, count: count)
        overflow?.deallocate()
        overflow = memory
        start = memory
        capacity = larger
    }

    /// Writes `<value>…</value>`. Recursion is bounded by how deep values can be: decoded ones are
    /// capped at `RequestDecoder.maximumDepth`, the rest are built by our own handlers. The tags
    /// around a value are written as one literal each side: every `append` of a literal costs about
    /// a hundred instructions whatever its length (a fifteenth of a `wp.getUsersBlogs` call).
    mutating func write(_ value: Value) throws(Fault) {
        switch value {
        case .int(let number):
            if let small = Int32(exactly: number) {
                append("<value><int>"); appendASCII(String(small)); append("</int></value>")
            } else {
                // CPython reads <i8> but cannot read a 64-bit number in <int>.
                append("<value><i8>"); appendASCII(String(number)); append("</i8></value>")
            }
        case .boolean(let flag):
            append(flag ? "<value><boolean>1</boolean></value>" : "<value><boolean>0</boolean></value>")
        case .string(let text):
            append("<value><string>"); appendEscaped(text); append("</string></value>")
        case .double(let number):
            guard number.isFinite else { throw Fault.internalError }
            // Swift's description is the shortest text that round-trips (e.g. 1e+100, 5e-324, 0.1).
            append("<value><double>"); appendASCII(number.description); append("</double></value>")
        case .dateTime(let moment):
            append("<value><dateTime.iso8601>"); appendASCII(moment.description); append("</dateTime.iso8601></value>")
        case .base64(let data):
            append("<value><base64>")
            var encoded: [UInt8] = []
            Base64.encode(data, into: &encoded)
            append(encoded)
            append("</base64></value>")
        case .struct(let members):
            append("<value><struct>")
            for member in members {
                append("<member><name>"); appendEscaped(member.name, quotes: true); append("</name>")
                try write(member.value)
                append("</member>")
            }
            append("</struct></value>")
        case .array(let elements):
            append("<value><array><data>")
            for element in elements { try write(element) }
            append("</data></array></value>")
        case .nil:
            append("<value><nil/></value>")
        }
    }

    private mutating func appendASCII(_ text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    /// Escapes `&`, `<`, `>` (and `"` when asked), writes CR as `&#13;` (a raw CR would reach the
    /// peer as LF: XML 1.0 §2.11 line-end normalisation) and drops what XML 1.0 cannot carry at all,
    /// raw or as a reference (§2.2 `Char`): C0 controls other than TAB/LF/CR, U+FFFE and U+FFFF.
    /// Swift strings hold no lone surrogates, so nothing else can be invalid.
    mutating func appendEscaped(_ text: String, quotes: Bool = false) {
        var text = text
        text.withUTF8 { utf8 in
            // The usual text needs nothing escaped or dropped: copied in one go.
            if utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x80 && $0 != UInt8(ascii: "&") && $0 != UInt8(ascii: "<")
                                 && $0 != UInt8(ascii: ">") && $0 != UInt8(ascii: "\"") }) {
                append(utf8)
                return
            }
            var index = 0
            let count = utf8.count
            while index < count {
                let byte = utf8[index]
                switch byte {
                case UInt8(ascii: "&"): append("&amp;")
                case UInt8(ascii: "<"): append("&lt;")
                case UInt8(ascii: ">"): append("&gt;")
                case UInt8(ascii: "\""):
                    if quotes { append("&quot;") } else { append(byte: byte) }
                case 0x0D: append("&#13;")
                case 0x09, 0x0A: append(byte: byte)
                case 0x00..<0x20: break
                case 0xEF where index + 2 < count && utf8[index + 1] == 0xBF && (utf8[index + 2] == 0xBE || utf8[index + 2] == 0xBF):
                    index += 2                                  // U+FFFE / U+FFFF
                default: append(byte: byte)
                }
                index += 1
            }
        }
    }
}
