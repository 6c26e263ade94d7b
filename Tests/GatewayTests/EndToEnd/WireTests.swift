import Foundation
import Testing

/// Dispatch and framing on the live server: every bad request gets its answer, and a normal
/// request on another connection still succeeds afterwards.
@Suite(.timeLimit(.minutes(3)))
struct WireTests {
    @Test func healthzNeedsNoAuthentication() throws {
        let server = try LiveServer.start()
        let reply = try RawHTTP.request("GET", "/healthz", port: server.port)
        #expect(reply.status == 200)
        #expect(reply.text == #"{"status":"ok"}"#)
        #expect(reply.header("Content-Type")?.hasPrefix("application/json") == true)
        #expect(reply.header("Date") != nil)
    }

    @Test func unknownPathIs404AndGETOnXMLRPCIs405() throws {
        let server = try LiveServer.start()
        #expect(try RawHTTP.request("GET", "/nothing-here", port: server.port).status == 404)
        for path in ["/xmlrpc.php", "/xmlrpc", "/RPC2"] {
            let reply = try RawHTTP.request("GET", path, port: server.port)
            #expect(reply.status == 405, "\(path)")
            #expect(reply.header("Allow") == "POST")
            #expect(reply.text == "XML-RPC server accepts POST requests only.")
        }
    }

    @Test func restRouteQueryFormReachesTheSameRouter() throws {
        let server = try LiveServer.start()
        let password = try #require(server.bootstrapPassword)
        let reply = try RawHTTP.request("GET", "/?rest_route=/wp/v2/users/me", port: server.port, basic: ("admin", password))
        #expect(reply.status == 200 && reply.json["slug"] as? String == "admin")
        let anonymous = try RawHTTP.request("GET", "/?rest_route=%2Fwp%2Fv2%2Fusers%2Fme", port: server.port)
        #expect(anonymous.status == 401 && anonymous.json["code"] as? String == "rest_not_logged_in")
        #expect(anonymous.header("WWW-Authenticate") == nil)
    }

    @Test(arguments: [
        ("garbage", "\u{1}\u{2}hello there\r\n\r\n", 400),
        ("content-length and transfer-encoding", "POST /xmlrpc.php HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
        ("two content-lengths", "POST /xmlrpc.php HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", 400),
        ("bad chunk size", "POST /xmlrpc.php HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n", 400),
        ("unsupported version", "GET /healthz HTTP/2.0\r\nHost: a\r\n\r\n", 505),
        ("oversized headers", "GET /healthz HTTP/1.1\r\nHost: a\r\nX-Filler: \(String(repeating: "a", count: 17 * 1024))\r\n\r\n", 431),
        ("body over the limit", "POST /xmlrpc.php HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999\r\n\r\n", 413),
    ])
    func badRequestGetsItsStatusAndOthersAreStillServed(name: String, raw: String, status: Int) throws {
        let server = try LiveServer.start()
        let bad = try RawClient(port: server.port)
        try bad.send(raw)
        let reply = try bad.readResponse()
        #expect(reply.status == status, "\(name)")
        #expect(reply.header("Connection")?.lowercased() == "close", "\(name)")
        #expect(bad.waitForClose(), "\(name): connection left open")
        #expect(try RawHTTP.request("GET", "/healthz", port: server.port).status == 200, "after \(name)")
    }

    @Test func halfSentRequestDoesNotBlockOthersAndIsClosed() throws {
        let server = try LiveServer.start()
        let stalled = try RawClient(port: server.port, receiveTimeoutSeconds: 25)
        try stalled.send("POST /xmlrpc.php HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\n<?xml")
        let staller2 = try RawClient(port: server.port, receiveTimeoutSeconds: 25)
        try staller2.send("GET /healthz HTTP/1.1\r\nHost: a\r\n")
        #expect(try RawHTTP.request("GET", "/healthz", port: server.port).status == 200)
        #expect(stalled.waitForClose(), "a stalled body must be cut off")
        #expect(staller2.waitForClose(), "a stalled head must be cut off")
        #expect(try RawHTTP.request("GET", "/healthz", port: server.port).status == 200)
    }

    // Regression: Swift Testing spawns `serve` from a libdispatch worker, which blocks SIGTERM; the
    // child inherited that mask and never stopped until `Signals` unblocked it on its own thread.
    @Test func sigtermStopsTheServerWithExitZeroEvenWhenSpawnedWithSignalsBlocked() throws {
        let server = try LiveServer.start()
        #expect(try RawHTTP.request("GET", "/healthz", port: server.port).status == 200)
        #expect(server.stop() == 0)
    }
}
