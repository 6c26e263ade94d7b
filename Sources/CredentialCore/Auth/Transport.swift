/// How a request reached the gateway, as far as sending a password over it goes (issue 14): the
/// site setting `require_https` refuses credentials over `plainHTTP`; loopback stays allowed so
/// that local tools and scripts keep working.
public enum Transport: Sendable, Equatable {
    /// TLS to the client: ours, or a trusted proxy's that reported `https`.
    case https
    /// Plain HTTP, but the client is on this machine.
    case loopback
    /// Plain HTTP from elsewhere.
    case plainHTTP
}
