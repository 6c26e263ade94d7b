@testable import CredentialCore
import Testing

@Suite("allowed_networks CIDR matching")
struct NetworkRangeTests {
    @Test("parsing: canonical form, host bits cleared, bad input refused",
          arguments: [("192.0.2.0/24", "192.0.2.0/24"), ("192.0.2.77/24", "192.0.2.0/24"), ("10.1.2.3", "10.1.2.3/32"),
                      ("0.0.0.0/0", "0.0.0.0/0"), ("2001:db8::/32", "2001:db8::/32"), ("2001:DB8:0:0:1::5/64", "2001:db8::/64"),
                      ("::1", "::1/128"), ("::/0", "::/0"), ("10.0.0.0/9", "10.0.0.0/9"), ("10.255.0.0/9", "10.128.0.0/9")])
    func parses(_ text: String, _ shown: String) throws {
        #expect(try #require(NetworkRange(text)).description == shown)
    }

    @Test("refused", arguments: ["", "10.0.0.0/33", "2001:db8::/129", "10.0.0/8", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/08x",
                                 "300.0.0.1", "example.com", "1.2.3.4/24/1", "::g", "10.0.0.0 /8"])
    func refuses(_ text: String) {
        #expect(NetworkRange(text) == nil)
    }

    @Test("matching IPv4, IPv6, IPv4-mapped clients; families never cross")
    func matches() throws {
        let v4 = try #require(NetworkRange("192.0.2.0/25"))
        #expect(v4.contains("192.0.2.0") && v4.contains("192.0.2.127"))
        #expect(!v4.contains("192.0.2.128") && !v4.contains("192.0.3.1"))
        #expect(v4.contains("::ffff:192.0.2.5"))
        #expect(!v4.contains("2001:db8::1") && !v4.contains("garbage") && !v4.contains(""))
        let v6 = try #require(NetworkRange("2001:db8:abcd::/48"))
        #expect(v6.contains("2001:db8:abcd:1::1") && v6.contains("2001:db8:abcd:ffff:ffff:ffff:ffff:ffff"))
        #expect(!v6.contains("2001:db8:abce::1") && !v6.contains("192.0.2.1"))
        #expect(v6.contains("2001:db8:abcd::1%eth0"))
        #expect(try #require(NetworkRange("0.0.0.0/0")).contains("203.0.113.9"))
        #expect(!(try #require(NetworkRange("0.0.0.0/0")).contains("::1")))
        #expect(try #require(NetworkRange("::/0")).contains("::1"))
        let odd = try #require(NetworkRange("10.128.0.0/9"))
        #expect(odd.contains("10.200.1.1") && !odd.contains("10.127.255.255"))
    }

    @Test("a list keeps each range once and names the first bad entry")
    func lists() throws {
        #expect(try NetworkRange.parseList(["10.0.0.1/8", "10.0.0.0/8", "::1"]).map(\.description) == ["10.0.0.0/8", "::1/128"])
        #expect(throws: StoreError.invalidNetwork("nope")) { try NetworkRange.parseList(["10.0.0.0/8", "nope", "bad"]) }
    }
}
