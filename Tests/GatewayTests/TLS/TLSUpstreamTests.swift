import Foundation
import Testing

/// Gateway mode with `--upstream https://…` (issue 14 item 2): the upstream's certificate is verified
/// (system trust store plus `--upstream-ca`, host name against the URL's host), over the event loops.
@Suite("HTTPS upstream", .serialized, .timeLimit(.minutes(3)))
struct TLSUpstreamTests {
    @Test func framesAndKeepAliveCrossAnHTTPSUpstreamVerifiedWithUpstreamCA() throws {
        let directory = try TempDirectory.make()
        let ca = try TestCA(in: directory)
        let upstream = try FixtureUpstream.start(in: directory, tls: try ca.issue("origin", serial: 3, subjectAltName: "IP:127.0.0.1"))
        defer { upstream.stop() }
        let server = try LiveServer.start(["--upstream", upstream.url, "--upstream-ca", ca.certificate, "--threads", "1"], directory: directory)
        defer { server.stop() }
        let client = try RawClient(port: server.port)
        for index in 0..<5 {
            try client.send("GET /echo/\(index) HTTP/1.1\r\nHost: gateway\r\n\r\n")
            let answer = try client.readResponse()
            #expect(answer.status == 200)
            #expect((try JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any])?["target"] as? String == "/echo/\(index)")
        }
        try client.send("GET /big/300000 HTTP/1.1\r\nHost: gateway\r\n\r\n")
        let big = try client.readResponse()
        #expect(big.body.count == 300_000 && big.body.enumerated().allSatisfy { $0.element == UInt8($0.offset & 0xFF) })
        try client.send("GET /chunked HTTP/1.1\r\nHost: gateway\r\n\r\n")
        #expect(try client.readResponse().body.count == "first,second,".count + 70000 + ",last".count)
        #expect(Set(upstream.received().map(\.connection)).count == 1, "one kept-alive TLS connection upstream")
    }

    @Test(arguments: [("untrusted CA", "IP:127.0.0.1", false), ("wrong name", "DNS:elsewhere.test", true)])
    func anUpstreamCertificateThatDoesNotVerifyIsA502(_ label: String, _ subjectAltName: String, _ trustCA: Bool) throws {
        let directory = try TempDirectory.make()
        let ca = try TestCA(in: directory)
        let upstream = try FixtureUpstream.start(in: directory, tls: try ca.issue("origin", serial: 4, subjectAltName: subjectAltName))
        defer { upstream.stop() }
        let server = try LiveServer.start(["--upstream", upstream.url] + (trustCA ? ["--upstream-ca", ca.certificate] : []), directory: directory)
        defer { server.stop() }
        let client = try RawClient(port: server.port)
        try client.send("GET /echo/x HTTP/1.1\r\nHost: gateway\r\n\r\n")
        #expect(try client.readResponse().status == 502, "\(label)")
        #expect(upstream.received().isEmpty, "\(label): nothing may cross an unverified connection")
    }

    @Test func upstreamCAWithoutAnHTTPSUpstreamIsAUsageError() throws {
        let run = try CLIResult.run(["serve", "--port", "0", "--upstream", "http://127.0.0.1:9", "--upstream-ca", "/nonexistent"])
        #expect(run.status != 0 && run.stderr.contains("--upstream-ca goes with an https:// upstream"), "\(run.stderr)")
    }
}
