@testable import CredentialCore
@testable import RESTRoutes
import PostgresFixture
import Testing

/// Issue 11 item 5b: WordPress's CORS headers on every REST answer to a request with `Origin`,
/// and the site setting `cors_allowed_origins` (`*`, a list, or empty).
@Suite struct CORSTests {
    static let origin = "https://app.example"
    static let reflected: [(String, String)] = [
        ("Access-Control-Expose-Headers", "X-WP-Total, X-WP-TotalPages, Link"),
        ("Access-Control-Allow-Headers", "Authorization, X-WP-Nonce, Content-Disposition, Content-MD5, Content-Type"),
        ("Access-Control-Allow-Origin", origin),
        ("Access-Control-Allow-Methods", "OPTIONS, GET, POST, PUT, PATCH, DELETE"),
        ("Access-Control-Allow-Credentials", "true"),
        ("Vary", "Origin"),
    ]

    static func cors(_ answer: Answer) -> [String: String] {
        Dictionary(answer.headers.filter { $0.name.hasPrefix("Access-Control-") || $0.name == "Vary" }.map { ($0.name, $0.value) },
                   uniquingKeysWith: { $0 + ", " + $1 })
    }

    static let expected = Dictionary(uniqueKeysWithValues: reflected)

    @Test("the origin is reflected on success, 401, 404 and an OPTIONS preflight", arguments: StoreBackend.available)
    func reflectedEverywhere(_ backend: StoreBackend) throws {
        let site = try Site(backend)
        let headers = ["Origin": Self.origin]
        #expect(Self.cors(site.admin("GET", "/wp/v2/users/me", headers: headers)) == Self.expected)
        #expect(Self.cors(site.send("GET", "/wp/v2/users/me", as: .basic("admin", "wrong"), headers: headers)) == Self.expected)
        #expect(Self.cors(site.send("GET", "/wp/v2/users/me", headers: headers)) == Self.expected)          // 401 rest_not_logged_in
        #expect(Self.cors(site.send("GET", "/wp/v2/nothing", headers: headers)) == Self.expected)           // 404 rest_no_route
        let preflight = site.send("OPTIONS", "/wp/v2/users/me/application-passwords",
                                  headers: headers.merging(["Access-Control-Request-Method": "POST"]) { $1 })
        #expect(preflight.status == 200 && Self.cors(preflight) == Self.expected)
        #expect(Self.cors(site.send("GET", "/", headers: ["Origin": "null"]))["Access-Control-Allow-Origin"] == "null")
    }

    @Test("without Origin: nothing, except WordPress's Vary on an anonymous GET", arguments: StoreBackend.available)
    func withoutOrigin(_ backend: StoreBackend) throws {
        let site = try Site(backend)
        #expect(Self.cors(site.admin("GET", "/wp/v2/users/me")).isEmpty)
        #expect(Self.cors(site.send("GET", "/")) == ["Vary": "Origin"])
        #expect(Self.cors(site.send("HEAD", "/")).isEmpty)
        #expect(Self.cors(site.send("OPTIONS", "/")).isEmpty)
    }

    @Test("a list allows exactly its origins; empty turns CORS off; both applied live", arguments: StoreBackend.available)
    func setting(_ backend: StoreBackend) throws {
        let site = try Site(backend)
        try site.store.setSetting(.corsAllowedOrigins, to: "https://app.example, http://localhost:3000")
        #expect(Self.cors(site.admin("GET", "/wp/v2/users/me", headers: ["Origin": Self.origin])) == Self.expected)
        #expect(Self.cors(site.admin("GET", "/wp/v2/users/me", headers: ["Origin": "http://localhost:3000"]))["Access-Control-Allow-Origin"]
                == "http://localhost:3000")
        for other in ["https://evil.example", "https://app.example:443", "https://APP.example", "http://app.example"] {
            #expect(Self.cors(site.admin("GET", "/wp/v2/users/me", headers: ["Origin": other])) == ["Vary": "Origin"], "\(other)")
        }
        try site.store.setSetting(.corsAllowedOrigins, to: "")
        #expect(Self.cors(site.admin("GET", "/wp/v2/users/me", headers: ["Origin": Self.origin])).isEmpty)
        #expect(Self.cors(site.send("GET", "/")).isEmpty)
    }

    @Test("an Origin that is no browser's origin is not echoed", arguments: StoreBackend.available, ["<script>", "https://a.example/\"x", "a b", "plain"])
    func oddOrigins(_ backend: StoreBackend, _ origin: String) throws {
        let site = try Site(backend)
        #expect(Self.cors(site.admin("GET", "/wp/v2/users/me", headers: ["Origin": origin])) == ["Vary": "Origin"])
    }
}
