import Glibc

/// The `Date: <IMF-fixdate>\r\n` line (RFC 9110 §5.6.7), formatted at most once per second per loop.
final class DateCache {
    private static let days: [StaticString] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months: [StaticString] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    private var second: time_t = -1
    private(set) var headerLine: [UInt8] = []

    init() { refresh(now: time(nil)) }

    /// Re-formats only when the wall-clock second changed.
    func refresh(now: time_t) {
        guard now != second else { return }
        second = now
        var seconds = now
        var parts = tm()
        gmtime_r(&seconds, &parts)
        var line: [UInt8] = []
        line.reserveCapacity(37)
        line.append(contentsOf: "Date: ".utf8)
        Self.append(Self.days[Int(parts.tm_wday)], to: &line)
        line.append(contentsOf: ", ".utf8)
        Self.append(twoDigits: Int(parts.tm_mday), to: &line)
        line.append(ASCII.space)
        Self.append(Self.months[Int(parts.tm_mon)], to: &line)
        line.append(ASCII.space)
        let year = Int(parts.tm_year) + 1900
        Self.append(twoDigits: year / 100, to: &line)
        Self.append(twoDigits: year % 100, to: &line)
        line.append(ASCII.space)
        Self.append(twoDigits: Int(parts.tm_hour), to: &line)
        line.append(ASCII.colon)
        Self.append(twoDigits: Int(parts.tm_min), to: &line)
        line.append(ASCII.colon)
        Self.append(twoDigits: Int(parts.tm_sec), to: &line)
        line.append(contentsOf: " GMT\r\n".utf8)
        headerLine = line
    }

    private static func append(_ text: StaticString, to line: inout [UInt8]) {
        line.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    private static func append(twoDigits value: Int, to line: inout [UInt8]) {
        line.append(UInt8(value / 10 % 10) + 0x30)
        line.append(UInt8(value % 10) + 0x30)
    }
}

@available(*, unavailable) extension DateCache: Sendable {}
