import CredentialCore

extension Fault.Code {
    /// The interop spec's "transport error": the upstream could not be reached or its answer read.
    public static let transportError = -32300
}

extension Fault {
    /// -32300 with what went wrong on the way to or from the upstream (never its address or credential).
    public static func transportError(_ detail: String) -> Fault {
        Fault(code: Code.transportError, "transport error. \(detail)")
    }

    static let upstreamAnswerUnreadable = transportError("The upstream server's answer could not be read.")

    /// An authenticated user the gateway cannot speak for upstream: the same 403 as a login
    /// failure (the client's credential is refused here), with a text that tells its owner why.
    static let noUpstreamCredential = Fault(code: Code.badCredentials, "dualgate has no upstream credential for this user.")

    /// Identity headers name one caller per HTTP request, so a multicall cannot mix callers.
    static let oneCallerPerRequest = Fault(code: Code.badCredentials,
        "dualgate forwards one application password's calls per request when it sends identity headers; send this call in a request of its own.")

    /// A logging-in call with an argument IXR drops (see `UnwrappedArguments.shiftsInWordPress`):
    /// forwarded, the upstream would read credentials nobody checked.
    static let argumentsWordPressWouldShift = invalidParameters(
        "dualgate does not forward nil or 64-bit integer arguments to a method that logs in: WordPress would drop them and read the credentials from other positions.")

    /// WordPress 7.2 refuses array/object credentials with 400; any non-string is refused here.
    static let credentialsMustBeStrings = Fault(code: Code.insufficientArguments, "The username and password must be strings.")

    /// `pingback.*` while the site setting `xmlrpc_pingbacks` is off. -32601, as if the method were
    /// not served (which it is not: `system.listMethods` leaves it out too), the answer a client
    /// already gets from a WordPress whose hardening removed `pingback.ping` through the
    /// `xmlrpc_methods` filter; the text says why, so that an owner knows which setting to change.
    static func pingbacksOff(_ name: String) -> Fault {
        Fault(code: Code.methodNotFound,
              "server error. requested method \(shownMethodName(name)) is not served: pingbacks are off on this site (setting xmlrpc_pingbacks).")
    }
}
