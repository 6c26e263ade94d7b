import CredentialCore
import Foundation
import Gateway
import Testing
import XMLRPC

/// Each input a fuzzer found (fuzz/README.md), as a plain test named after the bug. The same inputs
/// are also in fuzz/corpus/, so the harnesses' properties are re-checked on them too.
@Suite("Bugs found by fuzzing")
struct FoundByFuzzingTests {
    /// libxml2 passed an element name with bytes that are not UTF-8 to XMLParser, whose callback
    /// force-unwraps the decoding: the whole server trapped on one XML-RPC request. Now refused first.
    @Test func xmlrpcElementNameThatIsNotUTF8IsRefusedNotATrap() {
        var body = Array("<methodCa".utf8) + [0xFF, 0xFF, 0xFF]
        body += Array("<methodName>system.listMethodm".utf8) + [0xFF] + Array("</s".utf8) + Array(repeating: 0xFF, count: 58)
        body += Array("ethodName></methodamel>".utf8)
        #expect(throws: Fault.self) { try ValueDecoder.methodCall(from: body) }
        #expect((try? ValueDecoder.methodCall(from: body)) == nil)
        do { _ = try ValueDecoder.methodCall(from: body) } catch { #expect(error.code == Fault.Code.notWellFormed) }
    }

    @Test func xmlrpcTextThatIsNotUTF8IsRefusedUnlessASingleByteEncodingIsDeclared() throws {
        let call = "<methodCall><methodName>demo.echo</methodName><params><param><value>caf\u{E9}</value></param></params></methodCall>"
        let latin1 = Array(call.utf8).flatMap { $0 == 0xC3 ? [] : [$0 == 0xA9 ? 0xE9 : $0] }   // é as the one byte 0xE9
        #expect(throws: Fault.self) { try ValueDecoder.methodCall(from: latin1) }
        let declared = Array(#"<?xml version="1.0" encoding="ISO-8859-1"?>"#.utf8) + latin1
        #expect(try ValueDecoder.methodCall(from: declared).params == ["caf\u{E9}"])
    }

    /// The first fix trusted any `encoding="windows-125…"` to make libxml2 convert bytes; with a name it
    /// does not know it passes them on raw, and an element name not in UTF-8 trapped the server again.
    @Test func xmlrpcUnknownSingleByteEncodingNameIsRefusedNotATrap() {
        let body = Array(#"<?xml version="1.0" encoding="windows-125"#.utf8) + [0x8D]
            + Array(#""?><metho"#.utf8) + [0xF2] + Array("dCall><methodName>demo.echo</methodName></methodCall>".utf8)
        #expect(throws: Fault.self) { try ValueDecoder.methodCall(from: body) }
        let unknown = Array(#"<?xml version="1.0" encoding="windows-1259"?><methodCall><methodName>a</methodName></methodCall>"#.utf8)
        #expect(throws: Fault.self) { try ValueDecoder.methodCall(from: unknown) }
    }

    /// libxml2 ignores the encoding of a declaration it refuses (`version="!.0"`) and passes the bytes on
    /// raw: a declared single-byte encoding is trusted only in a declaration that follows the grammar.
    @Test func xmlrpcMalformedDeclarationDoesNotVouchForItsEncoding() {
        let body = Array(#"<?xml version="!.0" encoding="windows-1252"?><metho"#.utf8) + [0xF2]
            + Array("dCall><methodName>demo.echo</methodName></methodCall>".utf8)
        #expect(throws: Fault.self) { try ValueDecoder.methodCall(from: body) }
    }

    /// A processing instruction without data made XMLParser call strlen(NULL): SIGSEGV on one request.
    @Test func xmlrpcProcessingInstructionWithoutDataIsRefusedNotASegfault() {
        for body in ["<?xm?>\nml vel verrs", "<methodCall><?pi?><methodName>a</methodName></methodCall>", "<?xml?><methodCall/>",
                     #"<?xml verponi="1.N"?><methoNa<?xml?><methodCall><methodName>a</methodName></methodCall>"#] {
            #expect(throws: Fault.self, "\(body)") { try ValueDecoder.methodCall(from: Array(body.utf8)) }
        }
    }

    /// A bare LF beyond the head-size limit was refused 400 when it arrived in the same read as the
    /// rest and 431 when it came later: the parser scanned past the limit. Now 431 either way.
    @Test func httpBareLFPastTheHeadLimitIs431HoweverTheBytesArrive() {
        let raw = Array(("GET / HTTP/1.1\r\nX-Long: " + String(repeating: "a", count: 100) + "\n\r\n").utf8)
        for readSize in [raw.count, 1, 7] {
            var decoder = RequestDecoder(limits: HTTPLimits(maxHeaderBytes: 64))
            var pending: [UInt8] = []
            var verdict: RequestDecoder.Step?
            for start in stride(from: 0, to: raw.count, by: readSize) where verdict == nil {
                pending += raw[start..<min(start + readSize, raw.count)]
                let (step, consumed) = pending.withUnsafeBytes { decoder.decode($0) }
                pending.removeFirst(consumed)
                if case .needMoreBytes = step { continue }
                verdict = step
            }
            #expect(verdict == .reject(.requestHeaderFieldsTooLarge), "reads of \(readSize) bytes")
        }
    }

    /// `{"": …}` was refused with an empty field path: the operator was told what, but not where.
    @Test func wordpressImportUnknownMemberWithAnEmptyNameIsNamed() {
        #expect { try WordPressExport.parse(Data(#"{"": [{"ID": 1}]}"#.utf8)) } throws: { error in
            guard let problem = error as? WordPressExport.Problem else { return false }
            return problem.field == #""""# && problem.message.hasPrefix("unknown member")
        }
    }
}
