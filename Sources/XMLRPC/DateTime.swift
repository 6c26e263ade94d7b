import WireFormat

/// The value of `<dateTime.iso8601>`: a calendar date and time of day without zone. The spec leaves
/// the zone to the server; dualgate documents it as UTC (as WordPress's `*_gmt` members are).
public struct DateTime: Sendable, Hashable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int
    public let hour: Int
    public let minute: Int
    public let second: Int

    /// Nil when a field is out of range (month 1–12, a real day of that month, 00:00:00–23:59:59).
    public init?(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        guard (0...9999).contains(year), (1...12).contains(month),
              (1...Int(CivilTime.daysIn(month: Int64(month), year: Int64(year)))).contains(day),
              (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second) else { return nil }
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// The UTC calendar time of Unix seconds (years 0–9999).
    public init?(unixSeconds: Int64) {
        let time = CivilTime(unixSeconds: unixSeconds)
        guard (0...9999).contains(time.year) else { return nil }
        self.init(year: Int(time.year), month: Int(time.month), day: Int(time.day),
                  hour: Int(time.hour), minute: Int(time.minute), second: Int(time.second))
    }

    public var unixSeconds: Int64 {
        CivilTime.unixSeconds(year: Int64(year), month: Int64(month), day: Int64(day),
                              hour: Int64(hour), minute: Int64(minute), second: Int64(second))
    }

    /// Parses the compact form every client sends (`19980717T14:08:55`) and, leniently, the dashed
    /// ISO form (`1998-07-17T14:08:55`), `HHMMSS` without colons and a trailing `Z`.
    public init?(xmlRPC text: Substring) {
        var digits = Array(text.utf8)
        if digits.last == UInt8(ascii: "Z") { digits.removeLast() }
        guard let t = digits.firstIndex(of: UInt8(ascii: "T")) else { return nil }
        let datePart = digits[..<t].filter { $0 != UInt8(ascii: "-") }
        let dashes = t - datePart.count
        let timePart = digits[(t + 1)...].filter { $0 != UInt8(ascii: ":") }
        let colons = digits.count - t - 1 - timePart.count
        guard datePart.count == 8, dashes == 0 || (dashes == 2 && digits[4] == UInt8(ascii: "-") && digits[7] == UInt8(ascii: "-")),
              timePart.count == 6, colons == 0 || (colons == 2 && digits[t + 3] == UInt8(ascii: ":") && digits[t + 6] == UInt8(ascii: ":")),
              let date = DateTime.number(datePart), let time = DateTime.number(timePart) else { return nil }
        self.init(year: date / 10_000, month: date / 100 % 100, day: date % 100,
                  hour: time / 10_000, minute: time / 100 % 100, second: time % 100)
    }

    /// `YYYYMMDDTHH:MM:SS`, the only form CPython's `use_builtin_types` and python-wordpress-xmlrpc read.
    public var description: String {
        func pad(_ value: Int, _ width: Int) -> String { CivilTime.pad(Int64(value), width) }
        return pad(year, 4) + pad(month, 2) + pad(day, 2) + "T" + pad(hour, 2) + ":" + pad(minute, 2) + ":" + pad(second, 2)
    }

    private static func number(_ bytes: [UInt8]) -> Int? {
        var result = 0
        for byte in bytes {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            result = result * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return result
    }
}
