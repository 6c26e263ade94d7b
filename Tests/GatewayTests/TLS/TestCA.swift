import Foundation
@testable import Gateway

/// A certificate authority made by the test with the `openssl` CLI in its own temp directory, and server
/// certificates it signs (P-256, `IP:127.0.0.1` and `DNS:localhost` unless told otherwise). Keys are 0600.
struct TestCA {
    let directory: URL
    var certificate: String { directory.appendingPathComponent("ca.pem").path }
    private var caKey: String { directory.appendingPathComponent("ca.key").path }

    static let openssl = Tool.path("openssl")

    init(in directory: URL) throws {
        self.directory = directory
        try Self.run(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", caKey,
                      "-out", certificate, "-days", "2", "-subj", "/CN=dualgate test CA"])
    }

    /// A server certificate and key signed by this CA: (certificate path, key path).
    func issue(_ name: String, serial: Int, subjectAltName: String = "IP:127.0.0.1,DNS:localhost") throws -> (certificate: String, key: String) {
        let key = directory.appendingPathComponent("\(name).key").path
        let request = directory.appendingPathComponent("\(name).csr").path
        let certificate = directory.appendingPathComponent("\(name).pem").path
        let extensions = directory.appendingPathComponent("\(name).ext")
        try "subjectAltName=\(subjectAltName)\n".write(to: extensions, atomically: true, encoding: .utf8)
        try Self.run(["req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key,
                      "-out", request, "-subj", "/CN=\(name)"])
        try Self.run(["x509", "-req", "-in", request, "-CA", self.certificate, "-CAkey", caKey, "-set_serial", String(serial),
                      "-days", "2", "-extfile", extensions.path, "-out", certificate])
        chmod(key, 0o600)
        return (certificate, key)
    }

    static func run(_ arguments: [String]) throws {
        guard let openssl else { throw HarnessError("openssl not found") }
        let result = try CLIResult.run(executable: openssl, arguments)
        guard result.status == 0 else { throw HarnessError("openssl \(arguments.first ?? "") failed: \(result.stderr)") }
    }

    /// The serial number (hex, as `openssl x509 -serial` prints it) of the certificate a fresh connection gets.
    static func servedSerial(port: UInt16, caFile: String) throws -> String {
        let script = "openssl s_client -connect 127.0.0.1:\(port) -CAfile '\(caFile)' -verify_return_error </dev/null 2>/dev/null"
            + " | openssl x509 -noout -serial"
        let result = try CLIResult.run(executable: URL(fileURLWithPath: "/bin/sh"), ["-c", script])
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// A real ClientHello (Python's `ssl` writing into memory), for tests that send a broken or stalled one.
enum ClientHello {
    static func bytes() throws -> [UInt8] {
        let script = """
            import ssl, sys
            context = ssl.create_default_context()
            incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
            session = context.wrap_bio(incoming, outgoing, server_hostname="localhost")
            try:
                session.do_handshake()
            except ssl.SSLWantReadError:
                pass
            sys.stdout.write(outgoing.read().hex())
            """
        let result = try Tool.python(script, [])
        let hex = Array(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines).utf8)
        guard result.status == 0, hex.count > 200 else { throw HarnessError("no ClientHello from python: \(result.stderr)") }
        return stride(from: 0, to: hex.count, by: 2).map { UInt8(String(decoding: hex[$0..<$0 + 2], as: UTF8.self), radix: 16)! }
    }
}
