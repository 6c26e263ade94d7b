import CredentialCore
import PostgresFixture
import Testing

@Suite("AuthGate")
struct AuthGateTests {
    @Test("after one failure in a request, later attempts are not checked", arguments: StoreBackend.available)
    func amplificationDefence(_ backend: StoreBackend) throws {
        let fixture = try StoreFixture(backend)
        let (user, created) = try fixture.userWithPassword()
        let gate = AuthGate(store: fixture.store, api: .xmlrpc, clientAddress: "192.0.2.7")
        #expect(try gate.authenticate(login: "alice", password: created.plain.chunked).user == user)
        #expect(throws: AuthFailure.incorrectPassword) { try gate.authenticate(login: "alice", password: "wrong") }
        #expect(throws: AuthFailure.notCheckedAfterEarlierFailure) { try gate.authenticate(login: "alice", password: created.plain.raw) }
        let fresh = AuthGate(store: fixture.store, api: .xmlrpc, clientAddress: "192.0.2.7")
        #expect(try fresh.authenticate(login: "alice", password: created.plain.raw).password.lastIP == "192.0.2.7")
    }
}
