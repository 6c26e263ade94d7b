/// Request ids (issue 17 item 3): a random prefix per loop and a counter, so making one costs a
/// counter step and a hex conversion, no random bytes per request. 16 hex digits of prefix make two
/// loops' (or two processes') ids collide with negligible odds.
struct RequestIDs {
    private let prefix: String
    private var next: UInt64 = 0

    init() {
        var generator = SystemRandomNumberGenerator()
        let random = String(generator.next() as UInt64, radix: 16)
        prefix = String(repeating: "0", count: 16 - random.count) + random + "-"
    }

    mutating func make() -> String {
        next &+= 1
        return prefix + String(next, radix: 16)
    }

    /// A client's id, believed from a trusted proxy: 1–128 characters of letters, digits and `-._:`,
    /// so it cannot break a log line or a header.
    static func isAcceptable(_ id: String) -> Bool {
        let bytes = id.utf8
        return !bytes.isEmpty && bytes.count <= 128 && bytes.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
                || byte == 0x2D || byte == 0x2E || byte == 0x5F || byte == 0x3A
        }
    }
}
