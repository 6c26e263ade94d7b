import CredentialCore
import Foundation
import Testing
import XMLRPC

/// The handler API as the README shows it: a method added to the standard registry is listed,
/// introspected and called through `XMLRPCEndpoint`, with typed params and their faults.
@Suite struct RegistryAddingTests {
    static let shout = MethodRegistry.Method(
        "example.shout",
        help: "Returns its string param in capitals.",
        signatures: [["string", "string"]]
    ) { (call: inout Invocation) throws(Fault) -> Value in
        try call.expectAtMost(1)
        return .string(try call.string(at: 0).uppercased())
    }

    func call(_ registry: MethodRegistry, _ body: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dualgate-xmlrpc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try CredentialStore(path: directory.appendingPathComponent("store.sqlite").path)
        let context = CallContext(store: store, basicCredentials: nil, clientAddress: "127.0.0.1", siteURL: "http://localhost")
        return String(decoding: XMLRPCEndpoint(registry: registry).handle(body: Array(body.utf8), context: context), as: UTF8.self)
    }

    static func document(_ method: String, _ params: String...) -> String {
        "<methodCall><methodName>\(method)</methodName><params>" + params.map { "<param><value>\($0)</value></param>" }.joined() + "</params></methodCall>"
    }

    @Test func anAddedMethodIsCalledListedAndIntrospected() throws {
        let standard = MethodRegistry.standard(enableValidator: false)
        let registry = standard.adding([Self.shout])
        #expect(registry.names == standard.names + ["example.shout"])
        #expect(try call(registry, Self.document("example.shout", "<string>quiet &amp; calm</string>")).contains("<string>QUIET &amp; CALM</string>"))
        #expect(try call(registry, Self.document("system.methodHelp", "example.shout")).contains("in capitals"))
        #expect(try call(registry, Self.document("example.shout", "<int>1</int>")).contains("<int>-32602</int>"))
        #expect(try call(registry, Self.document("example.shout")).contains("<int>-32602</int>"), "too few params: interop style")
        #expect(try call(standard, Self.document("example.shout", "x")).contains("<int>-32601</int>"), "the standard registry is unchanged")
    }

    @Test func addingASameNamedMethodReplacesItInPlace() throws {
        let hello = MethodRegistry.Method("demo.sayHello", help: "Says hi.", signatures: [["string"]]) { (_: inout Invocation) throws(Fault) -> Value in
            "Hi!"
        }
        let standard = MethodRegistry.standard(enableValidator: false)
        let registry = standard.adding([hello])
        #expect(registry.names == standard.names)
        #expect(try call(registry, Self.document("demo.sayHello")).contains("<string>Hi!</string>"))
    }
}

/// The README's "Adding a method" example, verbatim, so that it keeps compiling and working.
@Suite struct ReadmeExampleTests {
    static let whoami = MethodRegistry.Method(
        "example.whoami",
        help: "Returns the display name of the caller, followed by the given greeting.",
        signatures: [["string", "string", "string", "string"]]
    ) { (call: inout Invocation) throws(Fault) -> Value in
        let caller = try call.authenticate(usernameAt: 0, passwordAt: 1)   // fault 403 on failure
        let greeting = try call.string(at: 2)                              // -32602 if not a string
        guard !greeting.isEmpty else { throw Fault(code: 400, "Say something.") }
        return .string("\(greeting), \(caller.user.displayName)")
    }

    @Test func theExampleAuthenticatesAndAnswers() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dualgate-xmlrpc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try CredentialStore(path: directory.appendingPathComponent("store.sqlite").path)
        let user = try store.addUser(login: "jane", displayName: "Jane Doe", role: .editor)
        let password = try store.createPassword(PasswordRequest(name: "client"), for: user.id).plain.chunked
        let registry = MethodRegistry.standard(enableValidator: false).adding([Self.whoami])
        let context = CallContext(store: store, basicCredentials: nil, clientAddress: "127.0.0.1", siteURL: "http://localhost")
        func call(_ greeting: String, password: String) -> String {
            let body = "<methodCall><methodName>example.whoami</methodName><params><param><value>jane</value></param>"
                + "<param><value>\(password)</value></param><param><value>\(greeting)</value></param></params></methodCall>"
            return String(decoding: XMLRPCEndpoint(registry: registry).handle(body: Array(body.utf8), context: context), as: UTF8.self)
        }
        #expect(call("Hello", password: password).contains("<string>Hello, Jane Doe</string>"))
        #expect(call("", password: password).contains("<int>400</int>"))
        #expect(call("Hello", password: "wrong").contains("<int>403</int>"))
    }
}
