import Foundation
import Testing
import WireFormat

/// The shared helpers against Foundation's own calendar and base64, over wide ranges.
@Suite struct WireFormatTests {
    @Test func civilTimeMatchesFoundationsGregorianCalendar() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        // Every 97 003 seconds from 1601 to 2400: leap days, century rules, both sides of 1970.
        var seconds: Int64 = -11_644_473_600
        while seconds < 13_569_465_600 {
            let ours = CivilTime(unixSeconds: seconds)
            let theirs = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second],
                                                 from: Date(timeIntervalSince1970: TimeInterval(seconds)))
            #expect([ours.year, ours.month, ours.day, ours.hour, ours.minute, ours.second]
                    == [theirs.year, theirs.month, theirs.day, theirs.hour, theirs.minute, theirs.second].map { Int64($0!) }, "\(seconds)")
            #expect(CivilTime.unixSeconds(year: ours.year, month: ours.month, day: ours.day,
                                          hour: ours.hour, minute: ours.minute, second: ours.second) == seconds)
            seconds += 97_003
        }
        #expect(CivilTime(unixSeconds: 1_764_696_550).formatted() == "2025-12-02T17:29:10")
        #expect(CivilTime.daysIn(month: 2, year: 1900) == 28 && CivilTime.daysIn(month: 2, year: 2000) == 29)
    }

    @Test func base64RoundTripsAndMatchesFoundation() {
        var generator = SystemRandomNumberGenerator()
        for length in 0..<70 {
            let data = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            var encoded: [UInt8] = []
            Base64.encode(data, into: &encoded)
            #expect(encoded == Array(Data(data).base64EncodedString().utf8))
            #expect(Base64.decode(encoded, skippingWhitespace: false) == data)
            // XML-RPC's reader: wrapped every 76 characters (CPython), whitespace anywhere.
            var wrapped: [UInt8] = []
            for (offset, byte) in encoded.enumerated() {
                if offset > 0, offset % 7 == 0 { wrapped.append(0x0A) }
                wrapped.append(byte)
            }
            #expect(Base64.decode(wrapped, skippingWhitespace: true) == data)
            #expect(length == 0 || wrapped == encoded || Base64.decode(wrapped, skippingWhitespace: false) == nil)
        }
        #expect(Base64.decode(Array("YQ".utf8), skippingWhitespace: false) == nil)
        #expect(Base64.decode(Array("YQ".utf8), skippingWhitespace: false, lenientPadding: true) == [0x61])
        #expect(Base64.decode(Array("Y===".utf8), skippingWhitespace: false, lenientPadding: true) == nil)
        #expect(Base64.decode(Array("YQ==YQ==".utf8), skippingWhitespace: false) == nil)
    }

    @Test func asciiCaseComparesTokensOnly() {
        let fields: [(name: String, value: String)] = [("X-One", "1"), ("content-TYPE", "json"), ("Content-Type", "second")]
        #expect(ASCIICase.value(of: "Content-Type", in: fields) == "json")
        #expect(ASCIICase.value(of: "x-one", in: fields) == "1" && ASCIICase.value(of: "x-on", in: fields) == nil)
        let length: String = "Content-Length", short: String = "Content-Lengt", kelvin: String = "\u{212A}eep"
        #expect(ASCIICase.isLowercase(length, "content-length") && !ASCIICase.isLowercase(short, "content-length"))
        // Unicode case mapping: the Kelvin sign lower-cases to an ASCII k.
        #expect(ASCIICase.isLowercase(kelvin, "keep") == (kelvin.lowercased() == "keep"))
        #expect(ASCIICase.isLowercase(Substring("ME"), "me") && !ASCIICase.isLowercase(Substring("mex"), "me"))
    }
}
