import Glibc

/// A growable byte region with a read cursor, owned by one connection and reused for its whole life, so a
/// steady stream of requests costs no allocation here.
final class ByteBuffer {
    private(set) var storage: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int
    private(set) var readIndex = 0
    private(set) var writeIndex = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        storage = .allocate(capacity: self.capacity)
    }

    deinit { storage.deallocate() }

    var readableCount: Int { writeIndex - readIndex }
    var isEmpty: Bool { writeIndex == readIndex }
    var readable: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: storage + readIndex, count: readableCount) }
    var writableStart: UnsafeMutablePointer<UInt8> { storage + writeIndex }
    var writableCount: Int { capacity - writeIndex }

    func consume(_ count: Int) {
        readIndex += count
        if readIndex == writeIndex {
            readIndex = 0
            writeIndex = 0
        }
    }

    func commit(_ count: Int) { writeIndex += count }

    func removeAll() {
        readIndex = 0
        writeIndex = 0
    }

    /// Makes room for at least `count` more bytes: first by moving unread bytes to the front, then by growing.
    func reserve(_ count: Int) {
        if writableCount >= count { return }
        if readIndex > 0 {
            let unread = readableCount
            memmove(storage, storage + readIndex, unread)
            readIndex = 0
            writeIndex = unread
            if writableCount >= count { return }
        }
        var newCapacity = capacity * 2
        while newCapacity - writeIndex < count { newCapacity *= 2 }
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        grown.update(from: storage, count: writeIndex)
        storage.deallocate()
        storage = grown
        capacity = newCapacity
    }

    /// Returns to `capacity` when it grew past `limit` (after a large response), so idle connections stay small.
    func shrink(to capacity: Int, ifAbove limit: Int) {
        guard self.capacity > limit, isEmpty else { return }
        storage.deallocate()
        self.capacity = capacity
        storage = .allocate(capacity: capacity)
    }

    func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count)
        UnsafeMutableRawPointer(storage + writeIndex).copyMemory(from: source, byteCount: bytes.count)
        writeIndex += bytes.count
    }

    func append(_ bytes: [UInt8]) { bytes.withUnsafeBytes { append($0) } }

    func append(_ text: StaticString) {
        append(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    func append(_ text: String) {
        var text = text
        text.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    /// `name: value\r\n` with one capacity check and copies straight into storage; a control byte in
    /// either part (CR, LF: a response split) is written as a space. A header field was five appends,
    /// each checking capacity, and the sanitising closures around them: a quarter of a 401's
    /// instructions went to writing its head (callgrind W4).
    func appendField(name: String, value: String) {
        var name = name, value = value
        name.withUTF8 { nameBytes in
            value.withUTF8 { valueBytes in appendField(name: UnsafeRawBufferPointer(nameBytes), value: UnsafeRawBufferPointer(valueBytes)) }
        }
    }

    /// The same from bytes (a relayed upstream field).
    func appendField(name: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) {
        reserve(name.count + value.count + 4)
        var at = storage + writeIndex
        Self.copySanitised(name, to: at)
        at += name.count
        at[0] = UInt8(ascii: ":")
        at[1] = UInt8(ascii: " ")
        at += 2
        Self.copySanitised(value, to: at)
        at += value.count
        at[0] = UInt8(ascii: "\r")
        at[1] = UInt8(ascii: "\n")
        writeIndex += name.count + value.count + 4
    }

    /// Copies and checks in one pass, eight bytes at a time (the tail as an overlapping last word):
    /// a `memcpy` call and a separate check cost twice as much for the short values of a head.
    private static func copySanitised(_ bytes: UnsafeRawBufferPointer, to destination: UnsafeMutablePointer<UInt8>) {
        let count = bytes.count
        guard let source = bytes.baseAddress, count > 0 else { return }
        let target = UnsafeMutableRawPointer(destination)
        if count >= 8 {
            var clean = true
            var index = 0
            while index + 8 <= count {
                let word = source.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                clean = clean && ASCII.isPlainWord(word)
                target.storeBytes(of: word, toByteOffset: index, as: UInt64.self)
                index += 8
            }
            if index < count {
                let word = source.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
                clean = clean && ASCII.isPlainWord(word)
                target.storeBytes(of: word, toByteOffset: count - 8, as: UInt64.self)
            }
            if clean { return }
        } else {
            for index in 0..<count { destination[index] = source.load(fromByteOffset: index, as: UInt8.self) }
        }
        for index in 0..<count where !ASCII.isFieldValueByte(destination[index]) { destination[index] = ASCII.space }
    }

    func append(byte: UInt8) {
        reserve(1)
        storage[writeIndex] = byte
        writeIndex += 1
    }

    /// Decimal digits of a non-negative integer, without going through String: counted first, then
    /// written from the last in place (a scratch tuple and a copy cost ~90 instructions a number).
    func appendDecimal(_ value: Int) {
        let digits = Self.decimalCount(value)
        reserve(digits)
        Self.writeDecimal(value, digits: digits, at: storage + writeIndex)
        writeIndex += digits
    }

    /// How many digits `writeDecimal` writes for `value` (negative values are written as 0).
    static func decimalCount(_ value: Int) -> Int {
        var digits = 1
        var probe = UInt(max(value, 0))
        while probe >= 10 {
            probe /= 10
            digits += 1
        }
        return digits
    }

    /// Writes `value`'s `digits` decimal digits at `start` (room for them is the caller's).
    static func writeDecimal(_ value: Int, digits: Int, at start: UnsafeMutablePointer<UInt8>) {
        var remaining = UInt(max(value, 0))
        var index = digits
        repeat {
            index -= 1
            start[index] = UInt8(truncatingIfNeeded: remaining % 10) + 0x30
            remaining /= 10
        } while remaining > 0
    }
}

@available(*, unavailable) extension ByteBuffer: Sendable {}
