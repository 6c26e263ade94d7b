import Testing
@testable import XMLRPC

/// `PullDecoder` (the fast path) against the XMLParser path it stands in for: on every document
/// — plain calls, odd spellings, hostile input, and every truncation and single-byte mutation of
/// a call — `ValueDecoder.methodCall(from:)` must answer exactly what the XMLParser path alone
/// answers, and the fast path must actually take the plain calls.
@Suite struct PullDecoderDifferentialTests {
    static func call(_ method: String, _ params: String...) -> String {
        "<?xml version=\"1.0\"?>\n<methodCall><methodName>\(method)</methodName><params>"
            + params.map { "<param><value>\($0)</value></param>" }.joined() + "</params></methodCall>"
    }

    /// Plain calls the fast path must take.
    static let plain: [String] = [
        call("demo.addTwoNumbers", "<int>3</int>", "<int>4</int>"),
        call("wp.getUsersBlogs", "<string>bench</string>", "<string>abcd EFGH 1234 ijkl</string>"),
        "<?xml version='1.0'?>\n<methodCall>\n<methodName>wp.getUsersBlogs</methodName>\n<params>\n<param>\n<value><string>a</string></value>\n</param>\n</params>\n</methodCall>\n",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><methodCall><methodName> demo.sayHello \n</methodName></methodCall>",
        "<?xml version=\"1.0\" encoding=\"utf-8\" ?><methodCall><methodName>x</methodName><params/></methodCall>",
        "<methodCall><methodName>x</methodName><params><param><value>untyped &amp; &lt;kept&gt; &quot;&apos; &#65;&#x42;&#x1F600;</value></param></params></methodCall>",
        call("x", "<struct><member><name>a</name><value><i4>-7</i4></value></member><member><name>b</name><value><array><data><value><boolean>1</boolean></value><value><double>-1.5e3</double></value><value/><value><nil/></value></data></array></value></member></struct>"),
        call("x", "<dateTime.iso8601>20261202T10:00:00</dateTime.iso8601>", "<base64>eA==</base64>", "<i8>9223372036854775807</i8>"),
        call("x", "<string>héllo wörld ✓ 😀</string>", "<string></string>", "<string/>"),
        call("x", "<string>a]b]]c&gt;</string>"),
    ]

    /// Documents outside the fast path's subset, or faults: the XMLParser path decides.
    static let other: [String] = [
        "", " ", "x", "<", "<methodCall", "<methodCall>", "<methodCall/>", "<methodCall></methodCall>",
        "<!DOCTYPE m><methodCall><methodName>x</methodName></methodCall>",
        "<!-- c --><methodCall><methodName>x</methodName></methodCall>",
        "<methodCall><methodName><![CDATA[x]]></methodName></methodCall>",
        "<methodCall><?pi x?><methodName>x</methodName></methodCall>",
        "<methodCall a=\"1\"><methodName>x</methodName></methodCall>",
        "<methodCall xmlns:ex=\"u\"><methodName>x</methodName><params><param><value><ex:nil/></value></param></params></methodCall>",
        "<methodCall><methodName>x</methodName></methodCall><methodCall/>",
        "<methodCall><methodName>x</methodName></methodCall>garbage",
        "<methodCall><methodName>x</methodName></methodcall>",
        "<methodCall><methodName>x</methodName><params><param><value>a\r\nb</value></param></params></methodCall>",
        "<methodCall><methodName>x</methodName><params><param><value>&unknown;</value></param></params></methodCall>",
        "<methodCall><methodName>x</methodName><params><param><value>&#0;&#xD800;</value></param></params></methodCall>",
        "<methodCall><methodName>x</methodName><params><param><value>a]]>b</value></param></params></methodCall>",
        "<methodResponse><params><param><value>x</value></param></params></methodResponse>",
        "<methodCall><params/></methodCall>",
        "<methodCall><methodName></methodName></methodCall>",
        "<methodCall><methodName>x</methodName><foo/></methodCall>",
        call("x", "<float>1.5</float>"), call("x", "<int>2147483648</int>"), call("x", "<int> 1</int>"),
        call("x", "<boolean>true</boolean>"), call("x", "<double>1e400</double>"), call("x", "<double>nan</double>"),
        call("x", "<base64>!!!!</base64>"), call("x", "<dateTime.iso8601>20261345T99:00:00</dateTime.iso8601>"),
        call("x", "<string>a</string>b"), call("x", "<array></array>"), call("x", "<struct><member><value>1</value></member></struct>"),
        "<?xml version=\"1.1\"?><methodCall><methodName>x</methodName></methodCall>",
        "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><methodCall><methodName>x</methodName></methodCall>",
        " <?xml version=\"1.0\"?><methodCall><methodName>x</methodName></methodCall>",
        "\u{FEFF}<methodCall><methodName>x</methodName></methodCall>",
    ]

    static func nested(_ levels: Int) -> String {
        let open = String(repeating: "<value><array><data>", count: levels - 1)
        let close = String(repeating: "</data></array></value>", count: levels - 1)
        return "<methodCall><methodName>x</methodName><params><param>\(open)<value>x</value>\(close)</param></params></methodCall>"
    }

    static func combined(_ body: [UInt8]) -> Result<MethodCall, Fault> {
        do throws(Fault) { return .success(try ValueDecoder.methodCall(from: body)) } catch { return .failure(error) }
    }

    static func oracle(_ body: [UInt8]) -> Result<MethodCall, Fault> {
        do throws(Fault) {
            guard case .call(let call) = try ValueDecoder.decodeWithXMLParser(body, root: .methodCall) else { return .failure(.internalError) }
            return .success(call)
        } catch {
            return .failure(error)
        }
    }

    static func expectSame(_ body: [UInt8], _ label: String) {
        let fast = combined(body), slow = oracle(body)
        #expect(fast == slow, "\(label): \(String(decoding: body.prefix(300), as: UTF8.self))")
    }

    @Test func plainCallsTakeTheFastPathAndDecodeAsXMLParserDoes() {
        for document in Self.plain {
            let body = Array(document.utf8)
            #expect(PullDecoder.decode(body, root: .methodCall) != nil, "not taken: \(document)")
            Self.expectSame(body, "plain")
            if case .success = Self.oracle(body) {} else { Issue.record("the oracle refuses a plain call: \(document)") }
        }
    }

    @Test func everythingElseIsAnsweredAsXMLParserAnswers() {
        for document in Self.other { Self.expectSame(Array(document.utf8), "other") }
        for levels in [63, 64, 65, 200] { Self.expectSame(Array(Self.nested(levels).utf8), "nested \(levels)") }
        Self.expectSame(Array("<m>".utf8) + [0xC3, 0x28, 0xFF] + Array("</m>".utf8), "invalid UTF-8")
        Self.expectSame(Array(Self.call("x", "<string>a").utf8) + [0xEF, 0xBF, 0xBE] + Array("</string>".utf8), "U+FFFE")
    }

    @Test func deepNestingIsRefusedWithoutRecursion() {
        let body = Array(Self.nested(100_000).utf8)
        #expect(PullDecoder.decode(body, root: .methodCall) == nil)
        #expect(Self.combined(body) == .failure(Fault.notWellFormed))
    }

    @Test func everyTruncationAndSingleByteMutationMatches() {
        let sample = Array(Self.call("wp.getUsersBlogs", "<string>a&amp;b</string>", "<struct><member><name>n</name><value><int>1</int></value></member></struct>").utf8)
        for end in 0..<sample.count { Self.expectSame(Array(sample[..<end]), "truncated at \(end)") }
        let replacements: [UInt8] = Array("<>/&;!?=\"' \r\n\t#xa]".utf8) + [0x00, 0x01, 0x80, 0xC3, 0xFF]
        for index in sample.indices {
            for byte in replacements where byte != sample[index] {
                var mutated = sample
                mutated[index] = byte
                Self.expectSame(mutated, "byte \(index) -> \(byte)")
            }
            var removed = sample
            removed.remove(at: index)
            Self.expectSame(removed, "byte \(index) removed")
        }
    }
}
