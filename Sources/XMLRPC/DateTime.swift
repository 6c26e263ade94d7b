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
              (1...DateTime.daysIn(month: month, year: year)).contains(day),
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
        let days = unixSeconds >= 0 ? unixSeconds / 86_400 : (unixSeconds - 86_399) / 86_400
        let secondsOfDay = Int(unixSeconds - days * 86_400)
        let (year, month, day) = DateTime.civil(fromDays: days)
        self.init(year: year, month: month, day: day,
                  hour: secondsOfDay / 3600, minute: secondsOfDay / 60 % 60, second: secondsOfDay % 60)
    }

    public var unixSeconds: Int64 {
        DateTime.days(year: year, month: month, day: day) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
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
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
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

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    // Howard Hinnant's days-from-civil / civil-from-days (proleptic Gregorian calendar).
    private static func days(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func civil(fromDays days: Int64) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }
}
