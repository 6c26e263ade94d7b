import Foundation
import Testing
@testable import Gateway

/// `dualgate serve --tls-cert --tls-key` end to end: real clients (curl, Python's `ssl` with
/// `xmlrpc.client` and `requests`), SIGHUP reload, and the refusals at start.
@Suite("serve over HTTPS", .serialized, .timeLimit(.minutes(3)))
struct TLSServeTests {
    struct Site {
        let directory: URL
        let ca: TestCA
        let certificate: String
        let key: String
        let server: LiveServer

        static func start() throws -> Site {
            let directory = try TempDirectory.make()
            let ca = try TestCA(in: directory)
            let issued = try ca.issue("server", serial: 0x51)
            let server = try LiveServer.start(["--tls-cert", issued.certificate, "--tls-key", issued.key], directory: directory)
            return Site(directory: directory, ca: ca, certificate: issued.certificate, key: issued.key, server: server)
        }
    }

    @Test func listeningLineSaysHTTPSAndCurlReachesREST() throws {
        let site = try Site.start()
        defer { site.server.stop() }
        #expect(site.server.stdoutAtStart.contains("listening on https://127.0.0.1:\(site.server.port)"))
        let password = try #require(site.server.bootstrapPassword)
        let headers = site.directory.appendingPathComponent("headers.txt").path
        let result = try Tool.curl(["--cacert", site.ca.certificate, "-u", "admin:\(password)", "-D", headers,
                                    "\(site.server.baseURL)/wp-json/wp/v2/users/me"])
        #expect(result.status == 0, "\(result.stderr)")
        let me = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(me?["slug"] as? String == "admin", "\(result.stdout)")
        // A request on our own TLS counts as HTTPS: HSTS goes out (require_https would let a remote client in).
        #expect(try String(contentsOfFile: headers, encoding: .utf8).lowercased().contains("strict-transport-security: max-age=31536000"))
    }

    @Test func pythonXMLRPCClientOverHTTPSWithAnSSLContext() throws {
        let site = try Site.start()
        defer { site.server.stop() }
        let password = try #require(site.server.bootstrapPassword)
        let script = """
            import json, ssl, sys, xmlrpc.client
            url, cafile, password = sys.argv[1], sys.argv[2], sys.argv[3]
            proxy = xmlrpc.client.ServerProxy(url, context=ssl.create_default_context(cafile=cafile))
            blogs = proxy.wp.getUsersBlogs("admin", password)
            try:
                proxy.wp.getUsersBlogs("admin", "wrong")
                refused = None
            except xmlrpc.client.Fault as fault:
                refused = fault.faultCode
            print(json.dumps({"blogs": len(blogs), "refused": refused}))
            """
        let run = try Tool.python(script, ["\(site.server.baseURL)/xmlrpc.php", site.ca.certificate, password])
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        #expect(object?["blogs"] as? Int == 1, "\(run.stdout) \(run.stderr)")
        #expect(object?["refused"] as? Int == 403)
    }

    /// Read-ahead (one read(2) per request) leaves whole records inside OpenSSL where epoll cannot see
    /// them: requests pipelined in one record, in back-to-back records and byte by byte must all be
    /// answered, in order, without waiting for more input.
    @Test func pipelinedRequestsInOneOrManyRecordsAreAllAnswered() throws {
        let site = try Site.start()
        defer { site.server.stop() }
        let script = """
            import json, socket, ssl, sys, time
            port, cafile = int(sys.argv[1]), sys.argv[2]
            context = ssl.create_default_context(cafile=cafile)
            request = b"GET /healthz HTTP/1.1\\r\\nHost: localhost\\r\\n\\r\\n"
            results = {}
            for mode in ("one record", "three records", "byte by byte"):
                with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
                    with context.wrap_socket(raw, server_hostname="localhost") as tls:
                        started = time.monotonic()
                        if mode == "one record":
                            tls.sendall(request * 3)
                        elif mode == "three records":
                            for _ in range(3): tls.sendall(request)
                        else:
                            for byte in request * 3: tls.sendall(bytes([byte]))
                        answer = b""
                        while answer.count(b'{"status":"ok"}') < 3:
                            chunk = tls.recv(65536)
                            if not chunk: break
                            answer += chunk
                        results[mode] = {"answers": answer.count(b"HTTP/1.1 200 OK"), "seconds": time.monotonic() - started}
            print(json.dumps(results))
            """
        let run = try Tool.python(script, [String(site.server.port), site.ca.certificate])
        // A stall shows as the client's timeout: stderr says which mode it was in.
        let object = try #require((try? JSONSerialization.jsonObject(with: Data(run.stdout.utf8))) as? [String: [String: Any]],
                                  "\(run.stdout) \(run.stderr.suffix(600))")
        for mode in ["one record", "three records", "byte by byte"] {
            #expect(object[mode]?["answers"] as? Int == 3, "\(mode): \(run.stdout)")
            // A stalled reader would wait for the 10 s socket timeout (the server's own timeouts are longer).
            #expect((object[mode]?["seconds"] as? Double ?? 99) < 5, "\(mode): \(run.stdout)")
        }
    }

    @Test func pythonRequestsOverHTTPSVerifiesAgainstTheTestCA() throws {
        let site = try Site.start()
        defer { site.server.stop() }
        let password = try #require(site.server.bootstrapPassword)
        let script = """
            import json, sys
            try:
                import requests
            except ImportError:
                print(json.dumps({"skipped": "requests is not installed"})); sys.exit(0)
            url, cafile, password = sys.argv[1], sys.argv[2], sys.argv[3]
            answer = requests.get(url + "/wp-json/wp/v2/users/me", auth=("admin", password), verify=cafile, timeout=20)
            try:
                requests.get(url + "/wp-json/", timeout=20)   # the system trust store does not know our CA
                unverified = "accepted"
            except requests.exceptions.SSLError:
                unverified = "refused"
            print(json.dumps({"status": answer.status_code, "slug": answer.json().get("slug"), "unverified": unverified}))
            """
        let run = try Tool.python(script, [site.server.baseURL, site.ca.certificate, password])
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        if let skipped = object?["skipped"] as? String { Issue.record("skipped: \(skipped)"); return }
        #expect(object?["status"] as? Int == 200, "\(run.stdout) \(run.stderr)")
        #expect(object?["slug"] as? String == "admin")
        #expect(object?["unverified"] as? String == "refused")
    }

    /// One SIGHUP, two users: with TLS on, `Signals` takes SIGHUP and must still let the access log reopen.
    @Test func oneSighupReloadsTheCertificateAndReopensTheAccessLog() throws {
        let directory = try TempDirectory.make()
        let ca = try TestCA(in: directory)
        let issued = try ca.issue("server", serial: 0x61)
        let log = directory.appendingPathComponent("access.jsonl").path
        let server = try LiveServer.start(["--tls-cert", issued.certificate, "--tls-key", issued.key, "--access-log", log],
                                          directory: directory)
        defer { server.stop() }
        #expect(try Tool.curl(["--cacert", ca.certificate, "\(server.baseURL)/healthz?before=1"]).status == 0)
        #expect(try OperationsHarness.lines(log, atLeast: 1).first?["path"] as? String == "/healthz?before=1")
        try FileManager.default.moveItem(atPath: log, toPath: log + ".1")
        #expect(kill(server.processIdentifier, SIGHUP) == 0)
        let stderrPath = directory.appendingPathComponent("serve.stderr").path
        #expect(waitFor { ((try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "").contains("reloaded the TLS certificate") })
        #expect(waitFor { FileManager.default.fileExists(atPath: log) }, "the access log was not reopened")
        #expect(try Tool.curl(["--cacert", ca.certificate, "\(server.baseURL)/healthz?after=1"]).status == 0)
        #expect(try OperationsHarness.lines(log, atLeast: 1).first?["path"] as? String == "/healthz?after=1")
        #expect(server.isRunning)
    }

    @Test func sighupReloadsForNewConnectionsWhileAnOpenOneFinishesOnTheOld() throws {
        let site = try Site.start()
        defer { site.server.stop() }
        #expect(try TestCA.servedSerial(port: site.server.port, caFile: site.ca.certificate) == "serial=51")
        let renewed = try site.ca.issue("renewed", serial: 0x52)
        // One keep-alive connection is open across the reload; Python tells the test when to reload.
        let script = """
            import http.client, json, os, ssl, sys, time
            port, cafile, ready, go = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
            connection = http.client.HTTPSConnection("127.0.0.1", port, context=ssl.create_default_context(cafile=cafile), timeout=20)
            def ask():
                connection.request("GET", "/healthz"); answer = connection.getresponse(); answer.read(); return answer.status
            first = ask()
            serial_before = connection.sock.getpeercert()["serialNumber"]
            open(ready, "w").close()
            deadline = time.time() + 30
            while not os.path.exists(go) and time.time() < deadline: time.sleep(0.05)
            second = ask()
            print(json.dumps({"first": first, "second": second, "serial": serial_before,
                              "serial_after": connection.sock.getpeercert()["serialNumber"]}))
            """
        let ready = site.directory.appendingPathComponent("ready").path
        let go = site.directory.appendingPathComponent("go").path
        let python = Process()
        python.executableURL = Tool.python3
        python.arguments = ["-c", script, String(site.server.port), site.ca.certificate, ready, go]
        let output = site.directory.appendingPathComponent("python.out")
        python.standardOutput = try FileHandle(forWritingTo: TempDirectory.touch(output))
        python.standardError = try FileHandle(forWritingTo: TempDirectory.touch(site.directory.appendingPathComponent("python.err")))
        try python.run()
        defer { if python.isRunning { python.terminate() } }
        #expect(waitFor { FileManager.default.fileExists(atPath: ready) })
        // Replace the files in place, then SIGHUP.
        try FileManager.default.removeItem(atPath: site.certificate)
        try FileManager.default.copyItem(atPath: renewed.certificate, toPath: site.certificate)
        try Data(contentsOf: URL(fileURLWithPath: renewed.key)).write(to: URL(fileURLWithPath: site.key))
        kill(site.server.processIdentifier, SIGHUP)
        #expect(waitFor { (try? TestCA.servedSerial(port: site.server.port, caFile: site.ca.certificate)) == "serial=52" })
        _ = FileManager.default.createFile(atPath: go, contents: nil)
        python.waitUntilExit()
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: output)) as? [String: Any]
        #expect(report?["first"] as? Int == 200 && report?["second"] as? Int == 200, "\(String(describing: report))")
        #expect(report?["serial"] as? String == "51" && report?["serial_after"] as? String == "51")
        // A reload that fails (a broken certificate) keeps serving the last good one and says why.
        try "not a certificate\n".write(toFile: site.certificate, atomically: false, encoding: .utf8)
        kill(site.server.processIdentifier, SIGHUP)
        let stderrPath = site.directory.appendingPathComponent("serve.stderr").path
        #expect(waitFor { ((try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "").contains("TLS reload failed") })
        #expect(try TestCA.servedSerial(port: site.server.port, caFile: site.ca.certificate) == "serial=52")
        #expect(site.server.isRunning)
    }

    @Test func aKeyFileOthersCanReadIsRefusedAtStartBeforeAnyPasswordIsPrinted() throws {
        let directory = try TempDirectory.make()
        defer { try? FileManager.default.removeItem(at: directory) }
        let issued = try TestCA(in: directory).issue("server", serial: 7)
        chmod(issued.key, 0o640)
        let run = try CLIResult.run(["serve", "--port", "0", "--db", directory.appendingPathComponent("d.sqlite").path,
                                     "--tls-cert", issued.certificate, "--tls-key", issued.key])
        #expect(run.status != 0)
        #expect(run.stderr.contains("open to group or others (mode 640)") && run.stderr.contains("chmod 600 \(issued.key)"), "\(run.stderr)")
        #expect(!run.stdout.contains("password:"))
        let half = try CLIResult.run(["serve", "--port", "0", "--db", directory.appendingPathComponent("d.sqlite").path,
                                      "--tls-cert", issued.certificate])
        #expect(half.status != 0 && half.stderr.contains("--tls-cert and --tls-key go together"))
    }

    @Test func aMissingOpenSSLIsNamedWithTheDebianPackage() throws {
        let directory = try TempDirectory.make()
        defer { try? FileManager.default.removeItem(at: directory) }
        let issued = try TestCA(in: directory).issue("server", serial: 8)
        var environment = ProcessInfo.processInfo.environment
        environment["DUALGATE_LIBSSL"] = "/nonexistent/libssl.so.3"
        let run = try CLIResult.run(["serve", "--port", "0", "--db", directory.appendingPathComponent("d.sqlite").path,
                                     "--tls-cert", issued.certificate, "--tls-key", issued.key], environment: environment)
        #expect(run.status != 0)
        #expect(run.stderr.contains("libssl.so.3") && run.stderr.contains("apt-get install libssl3"), "\(run.stderr)")
        // Plain HTTP never loads it: the same environment serves.
        let plain = try LiveServer.start(directory: directory, environment: ["DUALGATE_LIBSSL": "/nonexistent/libssl.so.3"])
        defer { plain.stop() }
        #expect(plain.scheme == "http")
        #expect(try Tool.curl(["\(plain.baseURL)/healthz"]).status == 0)
    }

    private func waitFor(seconds: Double = 15, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(50_000)
        }
        return false
    }
}
