import CredentialCore

/// `--upstream-auth headers`: instead of a credential, the upstream gets who the caller is, signed with a
/// secret it shares with the gateway, so a request that did not come through dualgate cannot claim anyone.
///
/// `X-Dualgate-Signature: t=UNIX_SECONDS,v1=HEX` where HEX is HMAC-SHA256 over the lines
/// `METHOD`, `TARGET` (as forwarded, query included), `UNIX_SECONDS`, then the five identity values in the
/// order `User`, `User-Id`, `Role`, `API` (`rest` | `xmlrpc`), `Permissions`
/// (`read` | `read,write`) (empty for an anonymous request), joined by "\n".
/// A backend checks the MAC and that `t` is recent (a few seconds, against replay).
package struct IdentitySigner: Sendable {
    let key: [UInt8]

    package init(key: [UInt8]) { self.key = key }

    func headers(method: String, target: String, caller: Caller?, api: APIType, now: Int) -> [(name: String, value: String)] {
        let values: [String]
        let apiName = api == .rest ? "rest" : "xmlrpc"
        if let caller {
            values = [caller.user.login, String(caller.user.id), caller.user.role.rawValue, apiName,
                      caller.isReadOnly(on: api) ? "read" : "read,write"]
        } else {
            values = ["", "", "", apiName, ""]
        }
        let signed = ([method, target, String(now)] + values).joined(separator: "\n")
        let mac = HMACSHA256.hex(key: key, message: Array(signed.utf8))
        var fields: [(name: String, value: String)] = []
        if caller != nil {
            fields = [("X-Dualgate-User", values[0]), ("X-Dualgate-User-Id", values[1]), ("X-Dualgate-Role", values[2]),
                      ("X-Dualgate-API", values[3]), ("X-Dualgate-Permissions", values[4])]
        } else {
            fields = [("X-Dualgate-API", values[3])]
        }
        fields.append(("X-Dualgate-Signature", "t=\(now),v1=\(mac)"))
        return fields
    }
}
