import CredentialCore

/// WordPress's `wp/v2` subset that dualgate serves: authenticates (Basic), routes, answers.
/// One per loop thread.
public final class RESTApplication {
    public init(store: CredentialStore) { fatalError("not implemented") }

    public func handle(_ request: RESTRequest) -> RESTResponse { fatalError("not implemented") }
}

@available(*, unavailable) extension RESTApplication: Sendable {}
