/// One `PGresult`, cleared when the last reference goes. Rows are read in libpq's text format.
final class PostgresResult {
    private let handle: OpaquePointer
    private let library: LibPQ
    let rowCount: Int32

    init(_ handle: OpaquePointer, _ library: LibPQ) {
        self.handle = handle
        self.library = library
        rowCount = library.tupleCount(handle)
    }

    deinit { library.clear(handle) }

    /// Rows changed by an INSERT/UPDATE/DELETE (`PQcmdTuples`), 0 for others.
    var changedRows: Int {
        guard let text = library.commandTuples(handle) else { return 0 }
        return Int(String(cString: text)) ?? 0
    }

    func isNull(_ row: Int32, _ column: Int32) -> Bool { library.isNull(handle, row, column) != 0 }

    func bytes(_ row: Int32, _ column: Int32) -> UnsafeBufferPointer<UInt8> {
        guard let value = library.value(handle, row, column) else { return UnsafeBufferPointer(start: nil, count: 0) }
        let count = Int(library.length(handle, row, column))
        return UnsafeRawPointer(value).withMemoryRebound(to: UInt8.self, capacity: count) { UnsafeBufferPointer(start: $0, count: count) }
    }

    func text(_ row: Int32, _ column: Int32) -> String { String(decoding: bytes(row, column), as: UTF8.self) }

    /// Integers arrive as decimal text; `t`/`f` (booleans) read as 1/0 like SQLite's.
    func int64(_ row: Int32, _ column: Int32) -> Int64 {
        let digits = bytes(row, column)
        guard let first = digits.first else { return 0 }
        if first == UInt8(ascii: "t") { return 1 }
        var value: Int64 = 0
        var negative = false
        for (offset, byte) in digits.enumerated() {
            if offset == 0, byte == UInt8(ascii: "-") { negative = true; continue }
            guard byte >= 0x30, byte <= 0x39 else { break }
            value = value &* 10 &+ Int64(byte - 0x30)
        }
        return negative ? -value : value
    }

    /// `bytea` in the hex output format (`\x0a1b…`, PostgreSQL's default since 9.0).
    func blob(_ row: Int32, _ column: Int32) -> [UInt8] {
        let text = bytes(row, column)
        guard text.count >= 2, text[0] == UInt8(ascii: "\\"), text[1] == UInt8(ascii: "x") else { return Array(text) }
        return Hex.bytes(text.dropFirst(2)) ?? []
    }
}

@available(*, unavailable) extension PostgresResult: Sendable {}
