import CredentialCore

/// An XML-RPC fault: travels in HTTP 200 as `<fault>` with exactly `faultCode` and `faultString`.
/// Every wire code dualgate uses is spelled here, once.
public struct Fault: Error, Sendable, Equatable, CustomStringConvertible {
    public let code: Int
    public let message: String

    public init(code: Int, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "fault \(code): \(message)" }

    /// The fault struct as it goes on the wire (also a `system.multicall` slot).
    public var value: Value { .makeStruct(["faultCode": .int(Int64(code)), "faultString": .string(message)]) }

    /// Fault codes: the interop spec's reserved range (xmlrpc-epi "Specification for Fault Code
    /// Interoperability", version 20010516) and the WordPress-style application codes of contract.md.
    public enum Code {
        public static let notWellFormed = -32700
        public static let invalidXMLRPC = -32600
        public static let methodNotFound = -32601
        public static let invalidParameters = -32602
        public static let internalError = -32603
        /// WordPress `minimum_args`.
        public static let insufficientArguments = 400
        /// WordPress capability refusals; dualgate's read-only refusal and no-escalation rule.
        public static let notAllowed = 401
        /// WordPress `login()` failures.
        public static let badCredentials = 403
        public static let notFound = 404
        public static let conflict = 409
        public static let tooManyFailedLogins = 429
    }
}

extension Fault {
    /// -32700, IXR's wording exactly: WordPress says nothing more for any document it cannot
    /// read (DOCTYPE, bad encoding, too many elements included), and clients match on faults'
    /// strings, so neither do we (issue 11).
    static let notWellFormed = Fault(code: Code.notWellFormed, "parse error. not well formed")

    /// -32600 for a well-formed document whose root is not `methodCall`: IXR's string, byte for
    /// byte (no final period).
    static let notAMethodCall = invalidXMLRPC("Request must be a methodCall")

    /// -32600, IXR's prefix plus what was wrong (cases WordPress does not refuse this way).
    static func invalidXMLRPC(_ detail: String) -> Fault {
        Fault(code: Code.invalidXMLRPC, "server error. invalid xml-rpc. not conforming to spec. \(detail)")
    }

    /// -32601 with the name cut short: never echo a megabyte of method name back, nor a name
    /// shaped like an application password (no method is; a client that put one there by
    /// mistake must not find it repeated in its logs).
    static func methodNotFound(_ name: String) -> Fault {
        Fault(code: Code.methodNotFound, "server error. requested method \(shownMethodName(name)) does not exist.")
    }

    /// A method name as a fault may repeat it: cut short, and never one shaped like a password.
    static func shownMethodName(_ name: String) -> String {
        name.count > 80 ? String(name.prefix(80)) + "…" : PasswordFormat.withheldIfPassword(name)
    }

    static func invalidParameters(_ detail: String) -> Fault {
        Fault(code: Code.invalidParameters, "server error. invalid method parameters. \(detail)")
    }

    /// -32603 with a generic text: internals (SQL, paths) go to the log, never to the client.
    static let internalError = Fault(code: Code.internalError, "server error. internal xml-rpc error.")
    /// The store's database is away (PostgreSQL down or slow): nothing was decided, try again.
    static let storeUnavailable = Fault(code: Code.internalError, "server error. the credential store is unavailable, try again shortly.")

    /// WordPress's `minimum_args` fault.
    static let insufficientArguments = Fault(code: Code.insufficientArguments, "Insufficient arguments passed to this XML-RPC method.")

    static let readOnlyPassword = Fault(code: Code.notAllowed, "Sorry, this application password is read-only.")

    static let recursiveMulticall = Fault(code: Code.invalidXMLRPC, "Recursive calls to system.multicall are forbidden")
}
