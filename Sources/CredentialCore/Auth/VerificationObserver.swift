/// What a store tells the server that owns it about each verification (issue 17: metrics and the access
/// log). Called synchronously on the store's own thread; with none set (the default) a verification
/// pays one nil check per call site.
package protocol VerificationObserver: AnyObject {
    /// One verification's outcome; `failure` nil means admitted. `login` is as typed.
    func verified(api: APIType, login: String, failure: AuthFailure?)
    /// A look-up in the verification cache.
    func verificationCache(hit: Bool)
    /// A failure started a lockout of a login (true) or of an address.
    func lockoutStarted(login: Bool)
    /// The store could not be read during a verification.
    func storeFailed()
}
