import Foundation
import Testing

/// The XML-RPC bodies the fuzzer found (fuzz/README.md) that killed the whole server inside
/// Foundation's XMLParser, sent to the real server: each answered -32700, and the server still
/// serves a normal call afterwards. The unit-level versions are in FuzzTargetsTests.
@Suite(.timeLimit(.minutes(3)))
struct XMLRPCFuzzFindingsTests {
    static let cases: [XMLRPCHostileInputTests.Case] = [
        // Element name not in UTF-8: XMLParser force-unwrapped its decoding (SIGILL).
        .init("element name not in UTF-8", Array("<methodCa".utf8) + [0xFF, 0xFF]
              + Array("<methodName>demo.sayHello</methodName></methodCall>".utf8), -32700),
        // A declared encoding libxml2 does not know: it passed the raw bytes on (SIGILL).
        .init("unknown declared encoding", Array(#"<?xml version="1.0" encoding="windows-125"#.utf8) + [0x8D]
              + Array(#""?><metho"#.utf8) + [0xF2] + Array("dCall><methodName>demo.sayHello</methodName></methodCall>".utf8), -32700),
        // A malformed declaration: libxml2 ignored its encoding and passed the raw bytes on (SIGILL).
        .init("malformed declaration", Array(#"<?xml version="!.0" encoding="windows-1252"?><metho"#.utf8) + [0xF2]
              + Array("dCall><methodName>demo.sayHello</methodName></methodCall>".utf8), -32700),
        // A processing instruction without data: XMLParser called strlen(NULL) (SIGSEGV).
        .init("processing instruction without data", "<methodCall><?pi?><methodName>demo.sayHello</methodName></methodCall>", -32700),
    ]

    @Test func bodiesThatCrashedXMLParserAreFaultsAndTheServerLives() throws {
        let server = try LiveServer.start(["--enable-validator"])
        for hostile in Self.cases { try XMLRPCHostileInputTests.expectFault(server, hostile) }
        // Latin-1 declared properly still works: the screen did not become a UTF-8-only gate.
        let latin1 = Array(#"<?xml version="1.0" encoding="ISO-8859-1"?><methodCall><!-- caf"#.utf8) + [0xE9]
            + Array(" --><methodName>demo.sayHello</methodName></methodCall>".utf8)
        #expect(XMLRPCWire.isSuccess(try XMLRPCWire.post(server.port, latin1)))
    }
}
