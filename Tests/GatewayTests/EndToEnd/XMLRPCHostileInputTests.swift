import Foundation
import Glibc
import Testing

/// Issue 4 item 7: every hostile document from reference/xmlrpc.md §10 sent with a raw socket to
/// the real server, each answered with its fault quickly, and a normal call still succeeding after it.
@Suite(.timeLimit(.minutes(3)))
struct XMLRPCHostileInputTests {
    struct Case: CustomStringConvertible {
        let description: String
        let body: [UInt8]
        let fault: Int

        init(_ name: String, _ body: String, _ fault: Int) { self.init(name, Array(body.utf8), fault) }
        init(_ name: String, _ body: [UInt8], _ fault: Int) {
            description = name
            self.body = body
            self.fault = fault
        }
    }

    static func call(_ method: String, _ values: String...) -> String {
        XMLRPCWire.call(method, params: values.map { "<param><value>\($0)</value></param>" }.joined())
    }

    static func nested(_ levels: Int) -> String {
        // `levels` <value> elements open at once: the param's value and levels - 1 arrays inside it.
        let open = String(repeating: "<value><array><data>", count: levels - 1)
        let close = String(repeating: "</data></array></value>", count: levels - 1)
        return XMLRPCWire.call("demo.sayHello", params: "<param>\(open)<value>x</value>\(close)</param>")
    }

    static let doctypeCases: [Case] = {
        let body = "<methodCall><methodName>demo.sayHello</methodName></methodCall>"
        let laughs = (1...9).map { level in "<!ENTITY l\(level) \"" + String(repeating: "&l\(level - 1);", count: 10) + "\">" }.joined()
        let big = String(repeating: "a", count: 100_000)
        let utf16 = Array("<?xml version=\"1.0\" encoding=\"UTF-16\"?><!DOCTYPE m [<!ENTITY e \"x\">]>\(body)".utf16)
            .flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        return [
            Case("XXE file entity", "<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><methodCall><methodName>&x;</methodName></methodCall>", -32700),
            Case("internal entity", "<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY e \"demo.sayHello\">]><methodCall><methodName>&e;</methodName></methodCall>", -32700),
            Case("billion laughs", "<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY l0 \"lol\">\(laughs)]><methodCall><methodName>&l9;</methodName></methodCall>", -32700),
            Case("quadratic blow-up", "<!DOCTYPE m [<!ENTITY a \"\(big)\">]><methodCall><methodName>x</methodName><params><param><value>"
                 + String(repeating: "&a;", count: 50_000) + "</value></param></params></methodCall>", -32700),
            Case("plain DOCTYPE", "<!DOCTYPE methodCall>\(body)", -32700),
            Case("DOCTYPE after whitespace, BOM and comment", [0xEF, 0xBB, 0xBF] + Array(" \n<!-- hello --><!DOCTYPE m>\(body)".utf8), -32700),
            Case("DOCTYPE in UTF-16", [0xFF, 0xFE] + utf16, -32700),
            Case("DOCTYPE in an unsupported declared encoding", "<?xml version=\"1.0\" encoding=\"UTF-7\"?>\(body)", -32700),
        ]
    }()

    static let structureCases: [Case] = {
        let attributes = (0..<50_000).map { " a\($0)=\"v\"" }.joined()
        return [
            Case("50 000 attributes", "<methodCall\(attributes)><methodName>demo.sayHello</methodName></methodCall>", -32600),
            Case("100 000 nested arrays", nested(100_000), -32700),
            Case("65 levels", nested(65), -32700),
            Case("64 levels parse (then sayHello refuses the param)", nested(64), -32602),
            Case("truncated", "<?xml version=\"1.0\"?><methodCall><methodName>demo.sayHello</methodName><params>", -32700),
            Case("two roots", "<methodCall><methodName>demo.sayHello</methodName></methodCall><methodCall/>", -32700),
            Case("trailing garbage", "<methodCall><methodName>demo.sayHello</methodName></methodCall>garbage", -32700),
            Case("empty body", "", -32700),
            Case("only whitespace", " \r\n\t ", -32700),
            Case("not XML", "demo.sayHello()", -32700),
            Case("invalid UTF-8", Array("<methodCall><methodName>demo.sayHello</methodName><params><param><value>".utf8) + [0xC3, 0x28, 0xFF]
                 + Array("</value></param></params></methodCall>".utf8), -32700),
            // Foundation's XMLParser trapped on a start-tag name that is not UTF-8: one request killed the server.
            Case("invalid UTF-8 in an element name", Array("<".utf8) + [0xC3] + Array("xml version=\"1.0\"?><methodCall><methodName>demo.sayHello</methodName></methodCall>".utf8), -32700),
            Case("invalid UTF-8 in a nested element name", Array("<methodCall><methodName>demo.sayHello</methodName><params><param><value><".utf8) + [0xFF, 0xFE]
                 + Array("/></value></param></params></methodCall>".utf8), -32700),
            Case("lone surrogate", call("validator1.echoStructTest", "<string>&#xD800;</string>"), -32700),
            Case("control character", call("demo.sayHello", "a\u{1}b"), -32700),
            Case("NUL byte", call("demo.sayHello", "a\u{0}b"), -32700),
            Case("not a methodCall", "<methodResponse><params><param><value>x</value></param></params></methodResponse>", -32600),
            Case("no methodName", "<methodCall><params/></methodCall>", -32600),
            Case("unknown type", call("demo.sayHello", "<float>1.5</float>"), -32600),
            Case("XInclude", "<methodCall xmlns:xi=\"http://www.w3.org/2001/XInclude\"><methodName>demo.sayHello</methodName><params><param><value><xi:include href=\"file:///etc/passwd\" parse=\"text\"/></value></param></params></methodCall>", -32600),
            Case("unknown method", call("no.such.method"), -32601),
        ]
    }()

    static let rangeCases: [Case] = [
        Case("int just over 32 bits", call("demo.addTwoNumbers", "<int>2147483648</int>", "<int>1</int>"), -32602),
        Case("i4 just under 32 bits", call("demo.addTwoNumbers", "<i4>-2147483649</i4>", "<int>1</int>"), -32602),
        Case("huge int", call("demo.addTwoNumbers", "<int>99999999999999999999999</int>", "<int>1</int>"), -32602),
        Case("i8 over 64 bits", call("demo.addTwoNumbers", "<i8>9223372036854775808</i8>", "<int>1</int>"), -32602),
        Case("int with a fraction", call("demo.addTwoNumbers", "<int>1.5</int>", "<int>1</int>"), -32602),
        Case("int sum over 64 bits", call("demo.addTwoNumbers", "<i8>9223372036854775807</i8>", "<int>1</int>"), -32602),
        Case("double overflow", call("validator1.manyTypesTest", "<int>1</int>", "<boolean>1</boolean>", "x", "<double>1e400</double>",
                                     "<dateTime.iso8601>20261202T10:00:00</dateTime.iso8601>", "<base64>eA==</base64>"), -32602),
        Case("double nan", call("demo.sayHello", "<double>nan</double>"), -32602),
        Case("double inf", call("demo.sayHello", "<double>inf</double>"), -32602),
        Case("boolean 2", call("demo.sayHello", "<boolean>2</boolean>"), -32602),
        Case("boolean true", call("demo.sayHello", "<boolean>true</boolean>"), -32602),
        Case("bad dateTime", call("demo.sayHello", "<dateTime.iso8601>20261345T99:00:00</dateTime.iso8601>"), -32602),
        Case("bad base64", call("demo.sayHello", "<base64>!!!!</base64>"), -32602),
    ]

    static func expectFault(_ server: LiveServer, _ hostile: Case) throws {
        let started = Date()
        let reply = try XMLRPCWire.post(server.port, hostile.body)
        let elapsed = Date().timeIntervalSince(started)
        #expect(reply.status == 200, "\(hostile)")
        #expect(XMLRPCWire.faultCode(reply) == hostile.fault, "\(hostile): \(reply.text.prefix(400))")
        #expect(elapsed < 2, "\(hostile) took \(elapsed) s")
        #expect(!reply.text.contains("root:"), "\(hostile): a file was read")
        #expect(reply.body.count < 2048, "\(hostile): the fault must not echo the request")
        let normal = try XMLRPCWire.post(server.port, call("demo.addTwoNumbers", "<int>2</int>", "<int>3</int>"))
        #expect(XMLRPCWire.isSuccess(normal) && normal.text.contains("<int>5</int>"), "after \(hostile)")
    }

    @Test func documentTypeDeclarationsAreRefusedBeforeParsing() throws {
        let server = try LiveServer.start(["--enable-validator"])
        for hostile in Self.doctypeCases { try Self.expectFault(server, hostile) }
    }

    @Test func brokenOrOversizedStructureIsAFaultAndNeverACrash() throws {
        let server = try LiveServer.start(["--enable-validator"])
        for hostile in Self.structureCases { try Self.expectFault(server, hostile) }
        // A megabyte of method name is not echoed back.
        let long = try XMLRPCWire.post(server.port, Self.call(String(repeating: "m", count: 1 << 20)))
        #expect(XMLRPCWire.faultCode(long) == -32601 && long.body.count < 1024)
    }

    @Test func numbersOutOfRangeAndBadScalarsAreFaultsNeverWrapped() throws {
        let server = try LiveServer.start(["--enable-validator"])
        for hostile in Self.rangeCases { try Self.expectFault(server, hostile) }
    }

    @Test func noExternalEntityOrDTDIsEverFetched() throws {
        let canary = try Canary()
        let server = try LiveServer.start()
        let url = "http://127.0.0.1:\(canary.port)/evil.dtd"
        let documents = [
            "<?xml version=\"1.0\"?><!DOCTYPE methodCall SYSTEM \"\(url)\"><methodCall><methodName>demo.sayHello</methodName></methodCall>",
            "<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY % p SYSTEM \"\(url)\"> %p;]><methodCall><methodName>demo.sayHello</methodName></methodCall>",
            "<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY x SYSTEM \"\(url)\">]><methodCall><methodName>&x;</methodName></methodCall>",
        ]
        for document in documents {
            try Self.expectFault(server, Case("external DTD/entity over HTTP", document, -32700))
        }
        // The answers are in, so any fetch would already have connected (the kernel queues it).
        #expect(!canary.wasContacted, "the server fetched an external resource")
        // The canary itself works: a connection is seen.
        let probe = try RawClient(port: canary.port)
        #expect(canary.wasContacted)
        _ = probe
    }

    @Test func stringsAndArraysCountAgainstTheBodyLimit() throws {
        let server = try LiveServer.start(["--max-body", "65536", "--enable-validator"])
        let string = Self.call("validator1.countTheEntities", String(repeating: "<", count: 70_000).replacingOccurrences(of: "<", with: "&lt;"))
        #expect(try XMLRPCWire.post(server.port, string).status == 413)
        let array = Self.call("validator1.moderateSizeArrayCheck", "<array><data>" + String(repeating: "<value/>", count: 10_000) + "</data></array>")
        #expect(try XMLRPCWire.post(server.port, array).status == 413)
        let fits = Self.call("validator1.moderateSizeArrayCheck", "<array><data>" + String(repeating: "<value>a</value>", count: 3_000) + "</data></array>")
        let reply = try XMLRPCWire.post(server.port, fits)
        #expect(XMLRPCWire.isSuccess(reply) && reply.text.contains("<string>aa</string>"), "\(reply.text.prefix(300))")
    }
}

/// A listening socket nobody should ever connect to.
final class Canary {
    let port: UInt16
    private let fd: Int32

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else { close(fd); throw HarnessError("canary: cannot listen (errno \(errno))") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        self.fd = fd
        port = UInt16(bigEndian: address.sin_port)
    }

    /// True when a connection is waiting (a non-blocking accept succeeds).
    var wasContacted: Bool {
        let client = accept(fd, nil, nil)
        if client >= 0 { close(client); return true }
        return false
    }

    deinit { close(fd) }
}
