/// What a store tells the server that owns it about each verification (issue 17: metrics and the access
/// log). Called synchronously on the store's own thread; with none set (the default) a verification
/// pays one nil check per call site.
package protocol VerificationObserver: AnyObject {
    /// One verification's outcome; `failure` nil means admitted. `login` is as typed. `cacheHit`: whether
    /// the verification cache answered, nil when it was not asked (refused before the look-up). One call
    /// for both: each call through the existential cost a retain, a release and a dispatch (callgrind, W1).
    func verified(api: APIType, login: String, failure: AuthFailure?, cacheHit: Bool?)
    /// A failure started a lockout of a login (true) or of an address.
    func lockoutStarted(login: Bool)
    /// The store could not be read during a verification.
    func storeFailed()
}
