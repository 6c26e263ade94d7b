import CredentialCore
import XMLRPC

/// What the dispatcher needs to forward (`serve --upstream …`): where, what to pass, and how the caller's
/// identity crosses to the upstream. Shared read-only by every loop.
package struct GatewayOptions: Sendable {
    package enum Authentication: Sendable {
        /// Each user's stored upstream credential replaces the client's (`--upstream-auth credentials`).
        case credentials
        /// No credential crosses; signed identity headers do (`--upstream-auth headers`).
        case identityHeaders(IdentitySigner)
    }

    package var origin: UpstreamOrigin
    package var passCookies = false
    package var authentication = Authentication.credentials
    /// Opens the stored upstream credentials (`--secret-key-file`); nil: none can be read.
    package var secretKey: SecretKey?
    /// Where credentials sit in each XML-RPC method and whether it writes (built in, plus `--xmlrpc-catalogue`).
    package var catalogue = XMLRPCCatalogue.wordpress
    /// `--xmlrpc-unknown forward`: methods outside the catalogue go upstream as typed.
    package var forwardsUnknownMethods = false

    package init(origin: UpstreamOrigin) { self.origin = origin }
}
