@testable import CredentialCore
import Foundation
import PostgresFixture
import Testing

@Suite("web sessions")
struct WebSessionTests {
    @Test("a session token is 256 random bits, stored only as its SHA-256, and finds its user", arguments: StoreBackend.available)
    func tokenStoredAsHash(_ backend: StoreBackend) throws {
        let fixture = try StoreFixture(backend)
        let alice = try fixture.store.addUser(login: "alice")
        let token = try fixture.store.startSession(for: alice)
        #expect(token.utf8.count == 43 && token.utf8.allSatisfy { $0 == 45 || $0 == 95 || (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0) })
        #expect(try fixture.store.session(token: token)?.user.id == alice.id)
        #expect(try fixture.store.startSession(for: alice) != token)
        if backend == .sqlite {   // the file's bytes; on PostgreSQL the same table holds the same row
            #expect(fixture.fileBytes().range(of: Data(token.utf8)) == nil)
            #expect(fixture.fileBytes().range(of: Data(CredentialStore.sessionHash(token).utf8)) != nil)
        }
        #expect(try fixture.store.session(token: String(token.dropLast()) + (token.hasSuffix("A") ? "B" : "A")) == nil)
    }

    @Test("the idle and the absolute timeout end a session; sign-out and a new account password too", arguments: StoreBackend.available)
    func timeouts(_ backend: StoreBackend) throws {
        let fixture = try StoreFixture(backend)
        let alice = try fixture.store.addUser(login: "alice")
        let idle = try fixture.store.startSession(for: alice)
        fixture.clock.now += WebSessionPolicy.idleSeconds + 1
        #expect(try fixture.store.session(token: idle) == nil)

        let busy = try fixture.store.startSession(for: alice)
        var elapsed: Int64 = 0
        while elapsed + 600 < WebSessionPolicy.absoluteSeconds {               // a request every 10 minutes
            fixture.clock.now += 600
            elapsed += 600
            #expect(try fixture.store.session(token: busy) != nil)
        }
        fixture.clock.now += 601
        #expect(try fixture.store.session(token: busy) == nil)

        let ended = try fixture.store.startSession(for: alice)
        try fixture.store.endSession(token: ended, from: "192.0.2.1")
        #expect(try fixture.store.session(token: ended) == nil)
        let reset = try fixture.store.startSession(for: alice)
        try fixture.store.setAccountPassword("new one", forUserID: alice.id)
        #expect(try fixture.store.session(token: reset) == nil)
    }

    @Test("the form token is bound to the session", arguments: StoreBackend.available)
    func csrfBound(_ backend: StoreBackend) throws {
        let fixture = try StoreFixture(backend)
        let alice = try fixture.store.addUser(login: "alice")
        let one = try #require(try fixture.store.session(token: try fixture.store.startSession(for: alice)))
        let two = try #require(try fixture.store.session(token: try fixture.store.startSession(for: alice)))
        #expect(one.csrfToken.count == 64 && one.csrfToken != two.csrfToken)
    }
}
