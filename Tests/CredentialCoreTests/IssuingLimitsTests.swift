@testable import CredentialCore
import Testing

/// Issue 11 item 7: the no-escalation rule as one function both protocols call.
@Suite("no escalation: a minted password stays within its maker's rights and limits")
struct IssuingLimitsTests {
    private func maker(expires: Int64? = nil, networks: [String] = [], enabledFor: Set<APIType> = [.rest, .xmlrpc],
                       rest: Permission = .write) -> ApplicationPassword {
        ApplicationPassword(uuid: "00000000-0000-4000-8000-000000000001", userID: 1, appID: "", name: "maker", created: 0,
                            lastUsed: nil, lastIP: nil, enabledFor: enabledFor, restAPIPermission: rest, xmlRPCPermission: .write,
                            expires: expires, status: .active, allowedNetworks: networks.compactMap(NetworkRange.init))
    }

    private func request(expires: Int64? = nil, networks: [String] = []) -> PasswordRequest {
        PasswordRequest(name: "child", expires: expires, allowedNetworks: networks.compactMap(NetworkRange.init))
    }

    @Test func expiryNoLaterThanTheMakers() {
        let limits = IssuingLimits(maker: maker(expires: 2_000), crossProtocolIssuing: true)
        #expect(limits.excess(of: request(expires: 2_000)) == nil)
        #expect(limits.excess(of: request(expires: 1_999)) == nil)
        #expect(limits.excess(of: request(expires: 2_001)) == "a later expiry")
        #expect(limits.excess(of: request(expires: nil)) == "a later expiry")         // the site default may be never
        #expect(limits.excess(of: PasswordChanges(expires: .some(nil))) == "a later expiry")
        #expect(limits.excess(of: PasswordChanges(name: "only a name")) == nil)
        #expect(IssuingLimits(maker: maker(), crossProtocolIssuing: false).excess(of: request(expires: 9_999)) == nil)
    }

    @Test func networksWithinTheMakers() {
        let limits = IssuingLimits(maker: maker(networks: ["10.0.0.0/8", "2001:db8::/32"]), crossProtocolIssuing: false)
        #expect(limits.excess(of: request(networks: ["10.1.0.0/16", "2001:db8:1::/48", "10.2.3.4"])) == nil)
        for wider in [[], ["0.0.0.0/0"], ["10.0.0.0/7"], ["10.0.0.0/8", "11.0.0.1"], ["2001:db9::/32"], ["::ffff:10.0.0.1"]] {
            #expect(limits.excess(of: request(networks: wider)) == "networks outside its own", "\(wider)")
        }
        #expect(limits.excess(of: PasswordChanges(allowedNetworks: [])) == "networks outside its own")
        #expect(IssuingLimits(maker: maker(), crossProtocolIssuing: false).excess(of: request(networks: ["192.0.2.0/24"])) == nil)
    }

    @Test func crossProtocolIssuingWidensTypesAndPermissionsOnly() {
        let restReadOnly = maker(expires: 100, enabledFor: [.rest], rest: .read)
        let strict = IssuingLimits(maker: restReadOnly, crossProtocolIssuing: false)
        #expect(strict.excess(of: request(expires: 100)) == "an API type")
        #expect(strict.excess(of: PasswordChanges(restAPIPermission: .write)) == "a wider REST API permission")
        let open = IssuingLimits(maker: restReadOnly, crossProtocolIssuing: true)
        #expect(open.excess(of: request(expires: 100)) == nil)
        #expect(open.excess(of: request(expires: 101)) == "a later expiry")
    }
}
