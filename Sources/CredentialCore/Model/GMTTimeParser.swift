import WireFormat

/// Parses the dates dualgate accepts for `expires` (REST, CLI, import): WordPress's GMT
/// `Y-m-d\TH:i:s`, also with a space for `T`, with a trailing `Z` or `+00:00`, or a bare
/// `Y-m-d` (midnight GMT). Strict: every field in range, no other offsets.
package enum GMTTimeParser {
    /// Unix seconds, or nil when `text` is not one of the accepted forms.
    package static func parse(_ text: String) -> Int64? {
        var bytes = Array(text.utf8)
        if bytes.last == UInt8(ascii: "Z") { bytes.removeLast() } else if bytes.count == 25, bytes.suffix(6) == Array("+00:00".utf8) {
            bytes.removeLast(6)
        }
        guard bytes.count == 10 || bytes.count == 19 else { return nil }
        func number(_ range: Range<Int>) -> Int64? {
            var value: Int64 = 0
            for byte in bytes[range] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int64(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              (1...12).contains(month), day >= 1, day <= CivilTime.daysIn(month: month, year: year) else { return nil }
        var seconds: Int64 = 0
        if bytes.count == 19 {
            guard bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " "), bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
                  let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
                  hour < 24, minute < 60, second < 60 else { return nil }
            seconds = hour * 3600 + minute * 60 + second
        }
        return CivilTime.unixSeconds(year: year, month: month, day: day) + seconds
    }
}
