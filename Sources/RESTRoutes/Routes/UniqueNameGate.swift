import Synchronization

/// Makes "no other password of this user has the name" and the write that relies on it one step.
/// Each event loop has its own RESTApplication and store connection, so without this two loops
/// can both pass the check and both insert (seen: 4 threads creating one name → four 201s).
///
/// Process-wide only: it does not order a REST write against the CLI or XML-RPC. The complete
/// fix is a check inside the store's write transaction (CredentialCore).
enum UniqueNameGate {
    private static let lock = Mutex(())

    /// Runs `body` under the lock when `unique_names` is on, directly otherwise.
    static func serialised<T>(_ context: RouteContext, _ body: () throws(RESTError) -> T) throws(RESTError) -> T {
        guard context.policy.requiresUniqueNames() else { return try body() }
        let result: Result<T, RESTError> = lock.withLock { _ in
            do throws(RESTError) { return .success(try body()) } catch { return .failure(error) }
        }
        return try result.get()
    }
}
