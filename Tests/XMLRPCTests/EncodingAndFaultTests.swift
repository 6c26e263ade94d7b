@testable import CredentialCore
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import XMLRPC

/// Issue 4 items 1 and 2 where the coverage audit found no test: the encoder never emits invalid
/// XML whatever a handler returns (control characters, U+FFFE/U+FFFF, CR, markup), a handler's
/// own fault passes through unchanged, and an internal error is -32603 with a generic text that
/// names no table, path or SQL.
@Suite struct EncodingAndFaultTests {
    /// A store in a fresh temp directory; the directory goes when `body` returns.
    func withStore<T>(_ body: (CredentialStore, String) throws -> T) throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dualgate-xmlrpc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("store.sqlite").path
        return try body(try CredentialStore(path: path), path)
    }

    func call(_ registry: MethodRegistry, _ store: CredentialStore, _ body: String) -> [UInt8] {
        let context = CallContext(store: store, basicCredentials: nil, clientAddress: "127.0.0.1", siteURL: "http://localhost")
        return XMLRPCEndpoint(registry: registry).handle(body: Array(body.utf8), context: context)
    }

    /// True when libxml2 (through Foundation's parser) reads `bytes` as a well-formed document.
    func isWellFormed(_ bytes: [UInt8]) -> Bool {
        let parser = XMLParser(data: Data(bytes))
        return parser.parse() && parser.parserError == nil
    }

    /// Every C0 control, DEL, U+FFFE, U+FFFF, CR, markup characters and a CDATA end, in a string,
    /// in a struct member name, and as a fault string.
    static let hostileText: String = {
        var text = (0..<32).map { String(UnicodeScalar(UInt8($0))) }.joined()
        text += "\u{7F}<a href=\"x\">&amp;</a> ]]> \u{FFFE}\u{FFFF} \r\n end \u{1F600}"
        return text
    }()

    /// What XML 1.0 can carry of `hostileText`: C0 controls other than TAB/LF/CR and U+FFFE/U+FFFF dropped.
    static let carriedText: String = {
        String(String.UnicodeScalarView(hostileText.unicodeScalars.filter { scalar in
            !(scalar.value < 0x20 && ![0x09, 0x0A, 0x0D].contains(scalar.value)) && scalar.value != 0xFFFE && scalar.value != 0xFFFF
        }))
    }()

    @Test func responsesWithHostileStringsAreWellFormedAndCarryWhatXMLCan() throws {
        let value = Value.struct([Self.hostileText: .array([.string(Self.hostileText), .string("")]), "plain": .string("ok")])
        let bytes = try ValueEncoder.response(value)
        #expect(isWellFormed(bytes), "\(String(decoding: bytes, as: UTF8.self))")
        #expect(!bytes.contains { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A }, "no raw control byte (CR goes out as &#13;)")
        let expected = Value.struct([Self.carriedText: .array([.string(Self.carriedText), .string("")]), "plain": .string("ok")])
        #expect(try ValueDecoder.methodResponse(from: bytes) == .success(expected))

        let fault = ValueEncoder.fault(Fault(code: 4242, Self.hostileText))
        #expect(isWellFormed(fault))
        #expect(try ValueDecoder.methodResponse(from: fault) == .fault(Fault(code: 4242, Self.carriedText)))
    }

    /// Through `XMLRPCEndpoint`: a handler's own fault arrives unchanged (code and text); a handler
    /// returning a value XML-RPC cannot carry (NaN) is -32603 with the generic text.
    @Test func handlerFaultsPassThroughAndUnencodableResultsAreInternalErrors() throws {
        let own = MethodRegistry.Method("test.ownFault", help: "Throws its own fault.", signatures: [["string"]]) { (_: inout Invocation) throws(Fault) -> Value in
            throw Fault(code: 12_345, "Custom <reason> & detail")
        }
        let nan = MethodRegistry.Method("test.nan", help: "Returns NaN.", signatures: [["double"]]) { (_: inout Invocation) throws(Fault) -> Value in
            .double(.nan)
        }
        let registry = MethodRegistry.standard(enableValidator: false).adding([own, nan])
        try withStore { store, _ in
            let passed = try ValueDecoder.methodResponse(from: call(registry, store, "<methodCall><methodName>test.ownFault</methodName></methodCall>"))
            #expect(passed == .fault(Fault(code: 12_345, "Custom <reason> & detail")))
            let unencodable = try ValueDecoder.methodResponse(from: call(registry, store, "<methodCall><methodName>test.nan</methodName></methodCall>"))
            guard case .fault(let fault) = unencodable else { Issue.record("NaN was answered: \(unencodable)"); return }
            #expect(fault.code == -32603 && !fault.message.lowercased().contains("nan"), "\(fault)")
        }
    }

    /// A store that cannot answer (its table dropped under it) makes a credential method fault
    /// -32603, and the text says nothing about SQLite, the table or the file.
    @Test func aBrokenStoreIsAGenericInternalError() throws {
        try withStore { store, path in
            let user = try store.addUser(login: "jane")
            let password = try store.createPassword(PasswordRequest(name: "client"), for: user.id).plain.raw
            try Connection(path: path).executeScript("DROP TABLE application_passwords")
            let body = "<methodCall><methodName>wp.getUsersBlogs</methodName><params><param><value>jane</value></param>"
                + "<param><value>\(password)</value></param></params></methodCall>"
            let bytes = call(MethodRegistry.standard(enableValidator: false), store, body)
            guard case .fault(let fault) = try ValueDecoder.methodResponse(from: bytes) else { Issue.record("answered"); return }
            #expect(fault.code == -32603, "\(fault)")
            let text = String(decoding: bytes, as: UTF8.self).lowercased()
            for secret in ["sqlite", "application_passwords", "no such table", path.lowercased(), password.lowercased()] {
                #expect(!text.contains(secret), "the fault leaks \(secret): \(text)")
            }
        }
    }
}
