import Foundation
import Testing

/// Issue 13 item 6: dualgate in gateway mode (`serve --upstream`) in front of a real WordPress
/// (Debian's, `Tests/WordPressSite`), with unmodified clients. Each test has its own WordPress and
/// its own dualgate (`GatewayFixture`); after each scenario the WordPress recorder's
/// `received.jsonl` is grepped: no dualgate client password (chunked, unchunked, or as a Basic
/// token) ever reaches WordPress, and a refused request never does (each carries a unique marker
/// that must not appear in anything WordPress received). Serialized: each test starts a MariaDB
/// and a PHP server, and two cores are enough for one at a time.
@Suite(.enabled(if: WordPressSite.shouldRun, WordPressSite.skipMessage), .enabled(if: Tool.python3 != nil, "needs python3 on PATH"),
       .serialized, .timeLimit(.minutes(3)))
struct GatewayWordPressTests {
    static let editor = "editor1"

    static func marker() -> String { "dg" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased() }

    // MARK: XML-RPC: python-wordpress-xmlrpc

    @Test("python-wordpress-xmlrpc: an XML-RPC write password creates a post, a read-only one reads and gets 401 on NewPost, a REST-only one 403")
    func xmlrpcClientPosts() throws {
        let packages = try GatewayClients.wordpressXMLRPC()
        let site = try GatewayFixture()
        let editorID = try site.wordpressUser(Self.editor).id
        let write = try site.clientPassword(Self.editor, "desktop client", "--api", "xmlrpc").password
        let read = try site.clientPassword(Self.editor, "reader", "--api", "xmlrpc", "--read-only").password
        let restOnly = try site.clientPassword(Self.editor, "REST script", "--api", "rest").password
        let marker = Self.marker()
        let (answer, during) = try site.receivedDuring {
            try GatewayClients.run("wpxmlrpc_posts.py", [packages, site.xmlrpcURL, Self.editor, write, read, restOnly, marker])
        }

        // NewPost with the write password: a post id, and the post is in WordPress, by the editor.
        let created = try #require((answer["new_post"] as? [String: Any])?["ok"] as? String, "\(answer)")
        let post = try site.wordpressAsAdmin("GET", "/wp-json/wp/v2/posts/\(created)?context=edit")
        #expect(post.status == 200)
        #expect(post.json["title"]?["raw"]?.string == marker + "-write")
        #expect(post.json["author"]?.int == editorID)
        #expect(post.json["status"]?.string == "publish")

        // GetPosts with the read-only password: WordPress's posts, the new one among them.
        let titles = try #require((answer["get_posts"] as? [String: Any])?["ok"] as? [String], "\(answer)")
        #expect(titles.contains(marker + "-write") && titles.contains("Hello world!"))

        // NewPost with the read-only password: fault 401, nothing created, never sent to WordPress.
        let refused = try #require(answer["read_only_new_post"] as? [String: Any])
        #expect(refused["fault"] as? Int == 401, "\(refused)")
        #expect(try site.wordpressPostTitles(search: marker).contains(marker + "-readonly") == false)
        #expect(during.filter { $0.mentions(marker + "-readonly") }.isEmpty)

        // A REST-only password on XML-RPC: fault 403 (the client raises InvalidCredentialsError).
        let restRefused = try #require(answer["rest_only_get_posts"] as? [String: Any])
        #expect(restRefused["fault"] as? Int == 403, "\(restRefused)")

        // What went to WordPress: the calls dualgate allowed, with the editor's upstream credential in place
        // of the client's; the NewPost that was allowed is among them.
        let forwarded = during.filter { $0.isXMLRPC }
        let upstreamPassword = try site.wordpressUser(Self.editor).password
        #expect(forwarded.contains { $0.mentions(marker + "-write") && ($0.body ?? "").contains(upstreamPassword) })
        #expect(forwarded.allSatisfy { !($0.body ?? "").contains(marker + "-readonly") })
        site.expectNothingLeaked()
    }

    @Test("python-wordpress-xmlrpc: wp.uploadFile of 1 MiB arrives whole in WordPress")
    func xmlrpcUploadFile() throws {
        let packages = try GatewayClients.wordpressXMLRPC()
        let site = try GatewayFixture()
        let write = try site.clientPassword(Self.editor, "uploader", "--api", "xmlrpc").password
        let name = Self.marker() + ".txt"
        let (answer, during) = try site.receivedDuring {
            try GatewayClients.run("wpxmlrpc_upload.py", [packages, site.xmlrpcURL, Self.editor, write, name])
        }
        let uploaded = try #require(answer["ok"] as? [String: Any], "\(answer)")
        #expect(uploaded["type"] as? String == "text/plain")
        let url = try #require(uploaded["url"] as? String)
        #expect(url.hasPrefix(site.wordpress.url + "/wp-content/uploads/"))
        let stored = try Checksum.ofURL(url)
        #expect(stored.bytes == 1 << 20)
        #expect(stored.sha256 == answer["sha256"] as? String)
        let forwarded = during.filter { $0.isXMLRPC && $0.mentions("wp.uploadFile") }
        #expect(forwarded.count == 1)
        #expect((forwarded.first?.bodyBytes ?? 0) > (1 << 20) * 4 / 3, "the base64 of 1 MiB")
        site.expectNothingLeaked()
    }

    // MARK: REST: requests and wordpress-api

    @Test("REST clients: a read-only password lists posts and gets 403 unsupported_http_method on POST, a write password creates one, an XML-RPC-only password 401 invalid_api_type",
          arguments: ["requests", "wordpress-api"])
    func restClientPosts(_ client: String) throws {
        try GatewayFixture.requireRequests()
        var packages = "-"
        if client == "wordpress-api" {
            switch PythonRESTClients.installWordPressAPI() {
            case .success(let directory): packages = directory.path
            case .failure(let reason):
                print("SKIPPED (wordpress-api): \(reason)")
                try Test.cancel("skipped: \(reason)")
            }
        }
        let site = try GatewayFixture()
        let editorID = try site.wordpressUser(Self.editor).id
        let read = try site.clientPassword(Self.editor, "\(client) reader", "--api", "rest", "--read-only").password
        let write = try site.clientPassword(Self.editor, "\(client) writer", "--api", "rest").password
        let xmlrpcOnly = try site.clientPassword(Self.editor, "old client", "--api", "xmlrpc").password
        let marker = Self.marker()
        let (answer, during) = try site.receivedDuring {
            try GatewayClients.run("rest_posts.py", [client, packages, site.server.baseURL, Self.editor, read, write, xmlrpcOnly, marker])
        }
        let list = try #require(answer["list"] as? [String: Any])
        #expect(list["status"] as? Int == 200, "\(list)")
        #expect((list["titles"] as? [String])?.contains("Hello world!") == true, "WordPress's own first post, through dualgate")

        let readOnly = try #require(answer["read_only_create"] as? [String: Any])
        #expect(readOnly["status"] as? Int == 403 && readOnly["code"] as? String == "unsupported_http_method", "\(readOnly)")
        #expect(try site.wordpressPostTitles(search: marker).contains(marker + "-readonly") == false)
        #expect(during.filter { $0.mentions(marker + "-readonly") }.isEmpty)

        let create = try #require(answer["create"] as? [String: Any])
        #expect(create["status"] as? Int == 201, "\(create)")
        let id = try #require(create["id"] as? Int)
        let post = try site.wordpressAsAdmin("GET", "/wp-json/wp/v2/posts/\(id)?context=edit")
        #expect(post.json["title"]?["raw"]?.string == marker + "-write")
        #expect(post.json["author"]?.int == editorID)

        let wrongAPI = try #require(answer["xmlrpc_only"] as? [String: Any])
        #expect(wrongAPI["status"] as? Int == 401 && wrongAPI["code"] as? String == "invalid_api_type", "\(wrongAPI)")

        // Forwarded with the editor's upstream credential, and only the list and the create.
        let upstream = try site.upstreamBasic(Self.editor)
        let posts = during.filter { $0.uri.hasPrefix("/wp-json/wp/v2/posts") }
        #expect(posts.map(\.method).sorted() == ["GET", "POST"], "\(posts.map { "\($0.method) \($0.uri)" })")
        #expect(posts.allSatisfy { $0.authorization == upstream })

        if client == "requests" {
            // Cookie and X-WP-Nonce are not forwarded (no --upstream-pass-cookies).
            let (reply, seen) = try site.receivedDuring {
                try SameRequest.send("GET", site.server.baseURL + "/wp-json/wp/v2/posts?dgmark=\(marker)-cookie", basic: (Self.editor, read),
                                     headers: [("Cookie", "wordpress_logged_in_x=\(marker)"), ("X-WP-Nonce", "0123456789")])
            }
            #expect(reply.status == 200)
            let forwarded = try #require(seen.first { $0.uri.contains("\(marker)-cookie") })
            #expect(forwarded.headers["cookie"] == nil && forwarded.headers["x-wp-nonce"] == nil, "\(forwarded.headers)")
            #expect(reply.header("Set-Cookie") == nil)
        }
        site.expectNothingLeaked()
    }

    // MARK: revocation

    @Test("a revoked password is refused on the very next request, which never reaches WordPress (REST and XML-RPC)")
    func revokedPasswordIsRefusedAtOnce() throws {
        try GatewayFixture.requireRequests()
        let site = try GatewayFixture()
        let rest = try site.clientPassword(Self.editor, "REST to revoke", "--api", "rest")
        let xmlrpc = try site.clientPassword(Self.editor, "XML-RPC to revoke", "--api", "xmlrpc")
        let marker = Self.marker()
        func revoke(_ uuid: String) throws -> String {
            let argv = [DualgateBinary.url.path, "app-password", "revoke", Self.editor, uuid, "--db", site.server.databasePath]
            return String(decoding: try JSONSerialization.data(withJSONObject: argv), as: UTF8.self)
        }
        let (answer, during) = try site.receivedDuring {
            try GatewayClients.run("revoke.py", [site.server.baseURL, Self.editor, rest.password, xmlrpc.password, marker,
                                                 try revoke(rest.uuid), try revoke(xmlrpc.uuid)])
        }
        #expect((answer["rest_before"] as? [String: Any])?["status"] as? Int == 200, "\(answer)")
        #expect(answer["rest_revoke_status"] as? Int == 0)
        let after = try #require(answer["rest_after"] as? [String: Any])
        #expect(after["status"] as? Int == 401 && after["code"] as? String == "incorrect_password", "\(after)")
        #expect((answer["xmlrpc_before"] as? [String: Any])?["ok"] != nil, "\(answer)")
        #expect(answer["xmlrpc_revoke_status"] as? Int == 0)
        #expect((answer["xmlrpc_after"] as? [String: Any])?["fault"] as? Int == 403, "\(answer)")

        #expect(during.filter { $0.mentions(marker + "-before") }.count == 1)
        let upstream = try site.upstreamBasic(Self.editor)
        #expect(during.first { $0.mentions(marker + "-before") }?.authorization == upstream)
        #expect(during.filter { $0.mentions(marker + "-xbefore") }.count == 1)
        #expect(during.filter { $0.mentions(marker + "-after") }.isEmpty, "the refused REST request reached WordPress")
        #expect(during.filter { $0.mentions(marker + "-xafter") }.isEmpty, "the refused XML-RPC call reached WordPress")
        site.expectNothingLeaked()
    }

    // MARK: multicall

    @Test("a multicall of good, wrong, read-only-writing and unknown entries: refusals answered by dualgate, the rest in one upstream multicall, in order")
    func mixedMulticall() throws {
        let site = try GatewayFixture(serveArguments: ["--xmlrpc-unknown", "refuse"])
        let write = try site.clientPassword(Self.editor, "writer", "--api", "xmlrpc").password
        let read = try site.clientPassword(Self.editor, "reader", "--api", "xmlrpc", "--read-only").password
        let marker = Self.marker()
        let (answer, during) = try site.receivedDuring {
            try GatewayClients.run("multicall.py", [site.xmlrpcURL, Self.editor, write, read, marker])
        }
        let results = try #require(answer["results"] as? [[String: Any]], "\(answer)")
        try #require(results.count == 5, "\(answer)")
        #expect((results[0]["ok"] as? [String])?.count == 1, "good read: \(results[0])")
        let created = try #require(results[1]["ok"] as? String, "good write: \(results[1])")
        #expect(results[2]["fault"] as? Int == 401, "read-only writing: \(results[2])")
        #expect(results[3]["fault"] as? Int == -32601, "unknown: \(results[3])")
        #expect(results[4]["fault"] as? Int == 403, "wrong password: \(results[4])")

        let post = try site.wordpressAsAdmin("GET", "/wp-json/wp/v2/posts/\(created)?context=edit")
        #expect(post.json["title"]?["raw"]?.string == marker + "-good")
        #expect(try site.wordpressPostTitles(search: marker) == [marker + "-good"])

        // One request upstream: a multicall of the two good entries only, with the upstream credential.
        let forwarded = during.filter { $0.isXMLRPC }
        try #require(forwarded.count == 1, "\(forwarded.map(\.uri))")
        let body = forwarded[0].body ?? ""
        #expect(body.contains("system.multicall") && body.contains(marker + "-good"))
        let upstreamPassword = try site.wordpressUser(Self.editor).password
        #expect(body.contains(upstreamPassword))
        #expect(!body.contains(marker + "-readonly") && !body.contains("unknown" + marker) && !body.contains("wrongwrongwrong"))
        site.expectNothingLeaked()
    }

    // MARK: media

    @Test("a REST media upload (1 MiB) is forwarded whole, with Content-Length and with chunked framing (curl)")
    func restMediaUpload() throws {
        let site = try GatewayFixture()
        let write = try site.clientPassword(Self.editor, "media", "--api", "rest").password
        let file = site.server.directory.appendingPathComponent("upload.txt")
        var text = ""
        while text.utf8.count < (1 << 20) + 3 { text += UUID().uuidString + "\n" }
        try Data(text.utf8.prefix((1 << 20) + 3)).write(to: file)
        let local = try Checksum.ofFile(file.path)
        let upstream = try site.upstreamBasic(Self.editor)
        for (index, framing) in [[], ["--header", "Transfer-Encoding: chunked"]].enumerated() {
            let name = Self.marker() + "-\(index).txt"
            let output = site.server.directory.appendingPathComponent("media-\(index).json")
            let (run, during) = try site.receivedDuring {
                try Tool.curl(["--user", "\(Self.editor):\(write)", "--header", "Content-Type: text/plain",
                               "--header", "Content-Disposition: attachment; filename=\(name)", "--header", "Expect:"] + framing
                              + ["--data-binary", "@" + file.path, "--output", output.path, "--write-out", "%{http_code}",
                                 site.server.baseURL + "/wp-json/wp/v2/media"])
            }
            #expect(run.stdout == "201", "\(framing): \(run.stdout) \(run.stderr) \((try? String(contentsOf: output, encoding: .utf8))?.prefix(500) ?? "")")
            let answer = (try? WireJSON.parse(Array(Data(contentsOf: output)))) ?? .null
            let source = try #require(answer["source_url"]?.string, "\(answer)")
            let stored = try Checksum.ofURL(source)
            #expect(stored.bytes == local.bytes && stored.sha256 == local.sha256, "\(framing)")
            let forwarded = during.filter { $0.uri.hasPrefix("/wp-json/wp/v2/media") }
            #expect(forwarded.count == 1)
            #expect(forwarded.first?.bodyBytes == local.bytes)
            #expect(forwarded.first?.authorization == upstream)
        }
        site.expectNothingLeaked()
    }

    // MARK: upstream down and back

    @Test("WordPress stopped mid-test: 502 upstream_unavailable and fault -32300; started again: served again by the same dualgate")
    func wordpressStoppedAndStartedAgain() throws {
        let site = try GatewayFixture()
        let rest = try site.clientPassword(Self.editor, "REST", "--api", "rest").password
        let xmlrpc = try site.clientPassword(Self.editor, "XML-RPC", "--api", "xmlrpc").password
        let pid = site.server.processIdentifier
        func restPosts() throws -> Exchange {
            try SameRequest.send("GET", site.server.baseURL + "/wp-json/wp/v2/posts", basic: (Self.editor, rest))
        }
        func xmlrpcPosts() throws -> PythonXMLRPC.Outcome {
            try PythonXMLRPC.call(site.xmlrpcURL, "wp.getPosts", [1, Self.editor, xmlrpc, ["number": 1]])
        }
        #expect(try restPosts().status == 200)
        #expect(try xmlrpcPosts().result != nil)

        try site.wordpress.pause()
        let down = try restPosts()
        #expect(down.status == 502 && down.json["code"]?.string == "upstream_unavailable", "\(down.status) \(down.body)")
        #expect(try xmlrpcPosts().faultCode == -32300)
        let health = try SameRequest.send("GET", site.server.baseURL + "/healthz")
        #expect(health.status == 200, "dualgate itself still answers")

        try site.wordpress.resume()
        let back = try restPosts()
        #expect(back.status == 200, "\(back.status) \(back.body.prefix(300))")
        #expect(back.json.items?.isEmpty == false)
        #expect(try xmlrpcPosts().result != nil)
        #expect(site.server.isRunning && site.server.processIdentifier == pid, "not restarted")
        site.expectNothingLeaked()
    }

    // MARK: enrolment and a user without an upstream credential

    @Test("a user without an upstream credential: 403 dualgate_no_upstream_credential / fault 403, not forwarded; upstream enroll mints one in WordPress")
    func enrollMintsAnUpstreamCredential() throws {
        let site = try GatewayFixture(upstreamFor: ["admin"])
        let rest = try site.clientPassword(Self.editor, "REST", "--api", "rest").password
        let xmlrpc = try site.clientPassword(Self.editor, "XML-RPC", "--api", "xmlrpc").password
        let marker = Self.marker()
        let (refused, during) = try site.receivedDuring {
            (try SameRequest.send("GET", site.server.baseURL + "/wp-json/wp/v2/posts?dgmark=\(marker)", basic: (Self.editor, rest)),
             try PythonXMLRPC.call(site.xmlrpcURL, "wp.getPosts", [1, Self.editor, xmlrpc, ["number": 1, "s": marker]]))
        }
        #expect(refused.0.status == 403 && refused.0.json["code"]?.string == "dualgate_no_upstream_credential", "\(refused.0.body)")
        #expect(refused.1.faultCode == 403)
        #expect(during.filter { $0.mentions(marker) }.isEmpty)

        let admin = try site.wordpressUser("admin")
        let enrolled = try site.server.cli(["upstream", "enroll", Self.editor, "--admin", "admin", "--password-stdin", "--upstream", site.wordpress.url],
                                           input: admin.password + "\n")
        #expect(enrolled.status == 0, "\(enrolled.stdout) \(enrolled.stderr)")
        let editor = try site.wordpressUser(Self.editor)
        let minted = try site.wordpressAsAdmin("GET", "/wp-json/wp/v2/users/\(editor.id)/application-passwords")
        #expect(minted.json.items?.compactMap { $0["name"]?.string }.contains("dualgate gateway") == true, "\(minted.body.prefix(500))")

        let (served, after) = try site.receivedDuring {
            try SameRequest.send("GET", site.server.baseURL + "/wp-json/wp/v2/posts?dgmark=\(marker)-enrolled", basic: (Self.editor, rest))
        }
        #expect(served.status == 200)
        let forwarded = try #require(after.first { $0.mentions(marker + "-enrolled") })
        #expect(forwarded.authUser == Self.editor)
        let seeded = try site.upstreamBasic(Self.editor)
        #expect(forwarded.authorization != nil && forwarded.authorization != seeded, "the minted password, not the seeded one")
        #expect(!enrolled.stdout.contains(admin.password) && !enrolled.stderr.contains(admin.password))
        site.expectNothingLeaked()
    }
}

extension GatewayFixture {
    /// A request straight to WordPress (not through dualgate) as its administrator, with WordPress's
    /// own application password: to check what the gateway did.
    func wordpressAsAdmin(_ method: String, _ path: String) throws -> Exchange {
        let admin = try wordpressUser("admin")
        return try SameRequest.send(method, wordpress.url + path, basic: (admin.login, admin.password))
    }

    /// Titles (raw) of every post of any status whose title or content holds `search`, straight from WordPress.
    func wordpressPostTitles(search: String) throws -> [String] {
        let found = try wordpressAsAdmin("GET", "/wp-json/wp/v2/posts?context=edit&status=any&per_page=100&search=\(search)")
        guard found.status == 200, let items = found.json.items else { throw HarnessError("WordPress search failed: \(found.status) \(found.body.prefix(300))") }
        return items.compactMap { $0["title"]?["raw"]?.string }
    }
}

/// Size and SHA-256 of a file or of a URL's body, by python3's hashlib (Foundation has no SHA-256 on Linux).
enum Checksum {
    static func ofFile(_ path: String) throws -> (bytes: Int, sha256: String) {
        let run = try Tool.python("import hashlib, sys\ndata = open(sys.argv[1], 'rb').read()\nprint(len(data), hashlib.sha256(data).hexdigest())", [path])
        let words = run.stdout.split(separator: " ")
        guard run.status == 0, words.count == 2, let bytes = Int(words[0]) else { throw HarnessError("checksum of \(path): \(run.stderr)") }
        return (bytes, words[1].trimmingCharacters(in: .whitespacesAndNewlines))
    }

    static func ofURL(_ url: String) throws -> (bytes: Int, sha256: String) {
        let run = try Tool.python("""
            import hashlib, sys, urllib.request
            data = urllib.request.urlopen(sys.argv[1], timeout=20).read()
            print(len(data), hashlib.sha256(data).hexdigest())
            """, [url])
        let words = run.stdout.split(separator: " ")
        guard run.status == 0, words.count == 2, let bytes = Int(words[0]) else { throw HarnessError("checksum of \(url): \(run.stderr)") }
        return (bytes, words[1].trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
