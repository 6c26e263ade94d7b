import CredentialCore

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

    package init(origin: UpstreamOrigin) { self.origin = origin }
}
