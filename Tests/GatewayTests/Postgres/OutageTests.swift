import Foundation
import PostgresFixture
import Testing

/// Issue 15 item 4: PostgreSQL stops and starts again under a running `serve` (a cluster of the
/// test's own, stopped by PID).
@Suite("PostgreSQL: the store away", .serialized, .enabled(if: PostgresCluster.shouldRun, Comment(rawValue: PostgresCluster.skipMessage)),
       .timeLimit(.minutes(3)))
struct OutageTests {
    @Test("stopped: 503 store_unavailable and fault -32603 at once, cached passwords included (grace 0); started: recovers by itself")
    func failsClosedAndRecovers() throws {
        let cluster = try PostgresCluster()
        let site = try PostgresServe(url: try cluster.createDatabase())
        let server = try site.start("a")
        defer { server.stop() }
        let admin = try #require(server.bootstrapPassword)
        for _ in 0..<24 { #expect(try server.usersMe("admin", admin).status == 200) }   // cached on every loop thread
        let (_, fresh) = try site.createPassword(name: "never used")

        cluster.stop()
        let stopped = Date()
        for password in [admin, fresh] {
            let refused = try server.usersMe("admin", password)
            #expect(refused.status == 503, "\(refused.text)")
            #expect(refused.json["code"] as? String == "store_unavailable")
            #expect((refused.json["data"] as? [String: Any])?["status"] as? Int == 503)
            let fault = try server.getUsersBlogs("admin", password)
            #expect(XMLRPCWire.faultCode(fault) == -32603)
            #expect(fault.text.contains("credential store is unavailable"))
        }
        #expect(Date().timeIntervalSince(stopped) < 10, "answers while PostgreSQL is away must not hang")
        #expect(server.isRunning)

        try cluster.start()
        let restarted = Date()
        var status = 0
        while status != 200, Date().timeIntervalSince(restarted) < 20 {
            status = try server.usersMe("admin", fresh).status
            if status != 200 { usleep(50_000) }
        }
        #expect(status == 200, "not recovered \(Date().timeIntervalSince(restarted)) s after the restart")
        #expect(XMLRPCWire.isSuccess(try server.getUsersBlogs("admin", admin)))
    }

    @Test("store_outage_grace_seconds: a cached verification is honoured while PostgreSQL is away, an uncached one is not")
    func graceHonoursOnlyCachedVerifications() throws {
        let cluster = try PostgresCluster()
        let site = try PostgresServe(url: try cluster.createDatabase())
        let server = try site.start("a")
        defer { server.stop() }
        let admin = try #require(server.bootstrapPassword)
        #expect(try site.cli("settings", "set", "store_outage_grace_seconds", "60").status == 0)
        let (_, fresh) = try site.createPassword(name: "never used")
        usleep(300_000)                                    // the change notification reaches serve
        // Each request is a new connection, handed to either loop thread: enough of them that
        // every loop has read the setting and cached the verification.
        for _ in 0..<24 { #expect(try server.usersMe("admin", admin).status == 200) }

        cluster.stop()
        #expect(try server.usersMe("admin", admin).status == 200)
        #expect(try server.usersMe("admin", fresh).status == 503)
        try cluster.start()
    }

    @Test("killed during writes (immediate shutdown): every acknowledged create and revoke survives the restart")
    func acknowledgedWritesSurvive() throws {
        let cluster = try PostgresCluster()
        let site = try PostgresServe(url: try cluster.createDatabase())
        let server = try site.start("a")
        defer { server.stop() }
        let admin = try #require(server.bootstrapPassword)
        let first = try site.createPassword(name: "revoked before the crash")
        let created = ThreadSafeList()
        let writer = Thread {
            for index in 0..<1_000 {
                guard let response = try? RawHTTP.request("POST", "/wp-json/wp/v2/users/1/application-passwords", port: server.port,
                                                          basic: ("admin", admin), headers: [("Content-Type", "application/json")],
                                                          body: "{\"name\":\"load \(index)\"}") else { continue }
                if response.status == 201, let uuid = response.json["uuid"] as? String { created.append(uuid) }
                if response.status == 503 { created.sawOutage() }
                if created.outages > 20 { break }
            }
            created.finish()
        }
        writer.start()
        #expect(try RawHTTP.request("DELETE", "/wp-json/wp/v2/users/1/application-passwords/\(first.uuid)", port: server.port,
                                    basic: ("admin", admin)).status == 200)
        usleep(300_000)
        cluster.stop(immediately: true)
        created.waitUntilFinished()
        try cluster.start()
        let acknowledged = created.items
        #expect(!acknowledged.isEmpty)
        let stored = Set(try cluster.psql("SELECT uuid FROM application_passwords", database: String(site.url.split(separator: "/").last!))
            .split(separator: "\n").map(String.init))
        #expect(Set(acknowledged).isSubset(of: stored), "acknowledged but lost: \(Set(acknowledged).subtracting(stored).count)")
        #expect(!stored.contains(first.uuid))
        var status = 0
        let restarted = Date()
        while status != 401, Date().timeIntervalSince(restarted) < 20 { status = try server.usersMe("admin", first.password).status }
        #expect(status == 401)
    }
}

/// Collected by the writer thread, read by the test.
final class ThreadSafeList: @unchecked Sendable {   // every access under `lock`
    private let lock = NSCondition()
    private var list: [String] = []
    private var done = false
    private(set) var outages = 0

    func append(_ item: String) { lock.withLock { list.append(item) } }
    func sawOutage() { lock.withLock { outages += 1 } }
    var items: [String] { lock.withLock { list } }

    func finish() {
        lock.withLock { done = true; lock.broadcast() }
    }

    func waitUntilFinished() {
        lock.withLock { while !done { lock.wait() } }
    }
}
