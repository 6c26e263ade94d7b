/// Introspection (the de-facto convention written up by the xmlrpc-c project), capabilities and
/// `system.multicall` (Eric Kidd's 2001 proposal, with IXR's refusal of nested multicalls).
enum SystemMethods {
    static let all: [MethodRegistry.Method] = [listMethods, methodHelp, methodSignature, getCapabilities, multicall]

    static let listMethods = MethodRegistry.Method(
        "system.listMethods",
        help: "Returns the names of all methods this server offers, as an array of strings.",
        signatures: [["array"]]
    ) { (call: inout Invocation) throws(Fault) -> Value in
        try call.expectAtMost(0)
        return .array(call.session.registry.names.map(Value.string))
    }

    static let methodHelp = MethodRegistry.Method(
        "system.methodHelp",
        help: "Returns the documentation of the named method as a string; fault -32601 for an unknown method.",
        signatures: [["string", "string"]]
    ) { (call: inout Invocation) throws(Fault) -> Value in
        try call.expectAtMost(1)
        let name = try call.string(at: 0)
        guard let method = call.session.registry.method(named: name) else { throw Fault.methodNotFound(name) }
        return .string(method.help)
    }

    static let methodSignature = MethodRegistry.Method(
        "system.methodSignature",
        help: "Returns the signatures of the named method: an array of arrays of type names, return type first. A method without known signatures answers the string \"undef\"; an unknown method is fault -32601.",
        signatures: [["array", "string"]]
    ) { (call: inout Invocation) throws(Fault) -> Value in
        try call.expectAtMost(1)
        let name = try call.string(at: 0)
        guard let method = call.session.registry.method(named: name) else { throw Fault.methodNotFound(name) }
        // A non-array answer is how clients learn that signatures are unknown (xmlrpc-c: "undef").
        guard !method.signatures.isEmpty else { return .string("undef") }
        return .array(method.signatures.map { .array($0.map(Value.string)) })
    }

    static let getCapabilities = MethodRegistry.Method(
        "system.getCapabilities",
        help: "Returns a struct naming the specifications this server follows, each with specUrl and specVersion.",
        signatures: [["struct"]]
    ) { (call: inout Invocation) throws(Fault) -> Value in
        try call.expectAtMost(0)
        func capability(_ url: String, _ version: Int64) -> Value {
            .makeStruct(["specUrl": .string(url), "specVersion": .int(version)])
        }
        return .makeStruct([
            "xmlrpc": capability("http://www.xmlrpc.com/spec", 1),
            "faults_interop": capability("http://xmlrpc-epi.sourceforge.net/specs/rfc.fault_codes.php", 20_010_516),
            "system.multicall": capability("http://www.xmlrpc.com/discuss/msgReader$1208", 1),
            "introspection": capability("http://xmlrpc-c.sourceforge.net/introspection.html", 1),
        ])
    }

    static let multicall = MethodRegistry.Method(
        "system.multicall",
        help: "Runs several calls in one request. Takes an array of at most 1024 structs {methodName, params}, at most 32 of them writing methods; returns an array in the same order holding, for each call, a one-element array with its result or a fault struct {faultCode, faultString}. Nested system.multicall entries are refused; a longer array (or more writing calls) is fault -32602 and no call runs.",
        signatures: [["array", "array"]]
    ) { (call: inout Invocation) throws(Fault) -> Value in
        try call.expectAtMost(1)
        let entries = try call.array(at: 0)
        // Refused as a whole, before any entry runs, so a client never has to guess which half happened.
        guard entries.count <= maximumEntries else {
            throw Fault.invalidParameters("system.multicall takes at most \(maximumEntries) calls; send the rest in another request.")
        }
        guard writingEntries(entries, in: call.session.registry) <= maximumWritingEntries else {
            throw Fault.invalidParameters("system.multicall takes at most \(maximumWritingEntries) writing calls; send the rest in another request.")
        }
        var results: [Value] = []
        results.reserveCapacity(entries.count)
        for entry in entries {
            // One session for all entries: one AuthGate, so one failed login fails all later ones unchecked.
            switch run(entry, in: call.session) {
            case .success(let value): results.append(.array([value]))
            case .failure(let fault): results.append(fault.value)
            }
        }
        return .array(results)
    }

    /// Entries naming a registered writing method (malformed entries fail on their own later).
    private static func writingEntries(_ entries: [Value], in registry: MethodRegistry) -> Int {
        entries.lazy.filter { entry in
            guard case .struct(let members) = entry, case .string(let name) = members["methodName"] else { return false }
            return registry.method(named: name)?.isWriting == true
        }.count
    }

    private static func run(_ entry: Value, in session: RequestSession) -> Result<Value, Fault> {
        let call: MulticallEntry
        switch MulticallEntry.read(entry) {
        case .success(let read): call = read
        case .failure(let fault): return .failure(fault)
        }
        // Never run a nested multicall: it would multiply the work of one request geometrically.
        guard call.methodName != MulticallEntry.methodName else { return .failure(.recursiveMulticall) }
        return session.dispatch(call.methodName, call.params)
    }

    /// The most entries one `system.multicall` may hold. The body limit alone would let 16 MiB carry
    /// some 200 000 minimal entries, all run on one event-loop thread while its other clients wait;
    /// the amplification defence makes failed logins cheap, but not successful ones (each a
    /// password check). 1 024 keeps a batch of reads around a tenth of a second (measured, debug
    /// build: 1 000 successful wp.getUsersBlogs in 0.2 s) while real clients batch tens of calls
    /// (WordPress and IXR set no limit), and leaves room for the 1 000 wrong guesses plus one of
    /// the amplification test, which must reach the server to show that they are all refused.
    static let maximumEntries = 1024

    /// Writing entries cost far more: each `dualgate.createApplicationPassword` is a durable SQLite
    /// write (measured, debug build: 1 000 in one batch took 10 s). No desktop client mints more
    /// than a few passwords at once, so 32 bounds a batch of writes at a few hundred milliseconds.
    static let maximumWritingEntries = 32
}
