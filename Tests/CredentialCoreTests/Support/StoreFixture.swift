@testable import CredentialCore
import PostgresFixture
import Foundation

/// One temp directory, one fresh store (a SQLite file in it, or a new PostgreSQL database), and a
/// store on it with a hand-moved clock.
final class StoreFixture {
    let directory: TemporaryDirectory
    let clock = TestClock()
    let backend: StoreBackend
    /// The SQLite file's path or the PostgreSQL URL.
    let path: String
    let store: CredentialStore

    let services: StoreServices

    init(_ backend: StoreBackend = .sqlite, services: StoreServices = StoreServices()) throws {
        directory = try TemporaryDirectory()
        self.backend = backend
        path = try backend.freshLocation(in: directory)
        self.services = services
        let clock = self.clock
        store = try CredentialStore(path: path, clock: { clock.now }, services: services)
    }

    /// A second, independent instance on the same file (as another loop thread would open),
    /// sharing this one's services (lockouts, audit) as the loops of one process do.
    func secondStore() throws -> CredentialStore {
        let clock = self.clock
        return try CredentialStore(path: path, clock: { clock.now }, services: services)
    }

    /// A user with one password for both APIs; returns both.
    func userWithPassword(login: String = "alice", email: String = "alice@example.com", _ request: PasswordRequest = PasswordRequest(name: "client")) throws -> (User, NewPassword) {
        let user = try store.addUser(login: login, email: email)
        return (user, try store.createPassword(request, for: user.id))
    }

    /// The bytes of the database file and its WAL, as a reader of the disk would see them.
    func fileBytes() -> Data {
        var bytes = Data()
        for suffix in ["", "-wal", "-journal"] {
            if let data = FileManager.default.contents(atPath: path + suffix) { bytes.append(data) }
        }
        return bytes
    }
}
