import CredentialCore
import Foundation
import PostgresFixture
import XMLRPC

/// A real store (SQLite in a fresh temp directory, or a new PostgreSQL database) with one user and the passwords the forwarding tests
/// need, and the helpers that call `route` and read what it decided. No mocks: the store's own
/// verify, lockout and API-type rules run.
final class ForwardingSite {
    let directory: URL
    let store: CredentialStore
    let endpoint = XMLRPCEndpoint(registry: .standard(enableValidator: false))
    /// jane's passwords: write on both APIs, read-only on XML-RPC, REST only.
    let writer: String
    let reader: String
    let restOnly: String
    /// bob has a password but no upstream credential.
    let bobPassword: String

    static let upstreamLogin = "wp-jane"
    static let upstreamPassword = "upstream-secret-of-jane"

    init(_ backend: StoreBackend = .sqlite) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("dualgate-forwarding-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try CredentialStore(path: backend.freshLocation(sqlitePath: directory.appendingPathComponent("store.sqlite").path))
        let jane = try store.addUser(login: "jane", displayName: "Jane Doe", role: .editor)
        writer = try store.createPassword(PasswordRequest(name: "writer"), for: jane.id).plain.chunked
        reader = try store.createPassword(PasswordRequest(name: "reader", xmlRPCPermission: .read), for: jane.id).plain.chunked
        restOnly = try store.createPassword(PasswordRequest(name: "rest", enabledFor: [.rest]), for: jane.id).plain.chunked
        let bob = try store.addUser(login: "bob", displayName: "Bob", role: .author)
        bobPassword = try store.createPassword(PasswordRequest(name: "bob"), for: bob.id).plain.chunked
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    /// Translation as the Gateway will do it: jane has an upstream credential, bob has none.
    static var translation: UpstreamCredentialSource {
        .translate { caller in
            caller.user.login == "jane" ? (login: upstreamLogin, password: upstreamPassword) : nil
        }
    }

    func forwarding(unknown: Bool = false, pingbacks: Bool = false, credentials: UpstreamCredentialSource = ForwardingSite.translation,
                    catalogue: XMLRPCCatalogue = .wordpress) -> XMLRPCForwarding {
        XMLRPCForwarding(catalogue: catalogue, forwardUnknown: unknown, pingbacksAllowed: pingbacks, credentials: credentials)
    }

    func route(_ method: String, _ params: [Value], basic: BasicCredentials? = nil, forwarding: XMLRPCForwarding? = nil) throws -> XMLRPCOutcome {
        let context = CallContext(store: store, basicCredentials: basic, clientAddress: "192.0.2.7", siteURL: "https://example.test")
        return endpoint.route(body: try ValueEncoder.call(method, params), context: context, forwarding: forwarding ?? self.forwarding())
    }

    /// The whole request: every password of the site must be absent from what goes upstream.
    func clientPasswordsAppear(in bytes: [UInt8]) -> Bool {
        [writer, reader, restOnly, bobPassword].contains { password in
            bytes.contains(subsequence: Array(password.utf8)) || bytes.contains(subsequence: Array(password.replacingOccurrences(of: " ", with: "").utf8))
        }
    }
}

enum Outcome {
    /// The forwarded call, or nil (with the answer) when it was answered here.
    static func forwarded(_ outcome: XMLRPCOutcome) -> UpstreamCall? {
        if case .forward(let call) = outcome { return call }
        return nil
    }

    static func answer(_ outcome: XMLRPCOutcome) -> MethodResponse? {
        guard case .answer(let bytes) = outcome else { return nil }
        return try? ValueDecoder.methodResponse(from: bytes)
    }

    static func faultCode(_ outcome: XMLRPCOutcome) -> Int? {
        if case .fault(let fault) = answer(outcome) { return fault.code }
        return nil
    }

    static func fault(_ outcome: XMLRPCOutcome) -> Fault? {
        if case .fault(let fault) = answer(outcome) { return fault }
        return nil
    }
}

extension Array where Element == UInt8 {
    func contains(subsequence needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.count <= count else { return false }
        return (0...(count - needle.count)).contains { start in self[start..<start + needle.count].elementsEqual(needle) }
    }
}

extension Value {
    /// A multicall entry struct.
    static func entry(_ name: String, _ params: [Value]) -> Value {
        .makeStruct(["methodName": .string(name), "params": .array(params)])
    }

    /// A fault struct as a multicall slot holds it.
    static func faultSlot(_ code: Int, _ text: String) -> Value { Fault(code: code, text).value }
}
