import CredentialCore
import Testing
@testable import XMLRPC

/// Issue 11 items 4 and 5e: a well-formed document that is not a methodCall is -32600, and every
/// fault WordPress's IXR server also sends reads byte for byte as WordPress's
/// (wp-includes/IXR/class-IXR-server.php). `GatewayTests/WordPress/WordPressComparisonTests`
/// checks the same strings against a running WordPress.
@Suite struct WordPressFaultStringTests {
    static func fault(_ body: String) -> Fault? {
        do throws(Fault) { _ = try ValueDecoder.methodCall(from: Array(body.utf8)); return nil } catch { return error }
    }

    static let notAMethodCall = Fault(code: -32600, "server error. invalid xml-rpc. not conforming to spec. Request must be a methodCall")
    static let notWellFormed = Fault(code: -32700, "parse error. not well formed")

    @Test("a well-formed root other than methodCall is -32600 with IXR's string", arguments: [
        "<foo/>", "<?xml version=\"1.0\"?>\n<foo><bar/></foo>", "<methodResponse><params/></methodResponse>",
        "<fault/>", "<value><string>x</string></value>",
    ])
    func notAMethodCall(_ body: String) {
        #expect(Self.fault(body) == Self.notAMethodCall)
    }

    @Test("a methodCall root with an attribute is well-formed: -32600, not -32700")
    func rootWithAttribute() {
        #expect(Self.fault("<methodCall xmlns:x=\"urn:x\" x:a=\"1\"><methodName>a</methodName></methodCall>")?.code == -32600)
    }

    @Test("every unreadable document is -32700 with IXR's string and nothing more", arguments: [
        "", "<methodCall>", "<foo>", "not xml", "<!DOCTYPE x><methodCall/>", "<methodCall><?pi?></methodCall>",
        "<?xml version=\"1.0\" encoding=\"UTF-16\"?><methodCall/>", "<methodCall>\u{FFFD}</methodCall><x/>",
        String(repeating: "<value><array><data>", count: 70) + String(repeating: "</data></array></value>", count: 70),
    ])
    func notWellFormed(_ body: String) {
        #expect(Self.fault(body) == Self.notWellFormed)
    }

    @Test("not valid UTF-8 is -32700 with IXR's string")
    func invalidUTF8() {
        do throws(Fault) {
            _ = try ValueDecoder.methodCall(from: Array("<methodCall><methodName>".utf8) + [0xFF] + Array("</methodName></methodCall>".utf8))
            Issue.record("decoded")
        } catch {
            #expect(error == Self.notWellFormed)
        }
    }

    @Test("WordPress's other fault strings")
    func otherStrings() {
        #expect(Fault.methodNotFound("no.such").message == "server error. requested method no.such does not exist.")
        #expect(Fault.recursiveMulticall == Fault(code: -32600, "Recursive calls to system.multicall are forbidden"))
        #expect(Fault.insufficientArguments == Fault(code: 400, "Insufficient arguments passed to this XML-RPC method."))
        // WordPress's login() says this for every failure, passwords unavailable to the user included.
        for failure: AuthFailure in [.unknownUser, .incorrectPassword, .applicationPasswordsUnavailable] {
            #expect(Fault(failure) == Fault(code: 403, "Incorrect username or password."), "\(failure)")
        }
    }
}
