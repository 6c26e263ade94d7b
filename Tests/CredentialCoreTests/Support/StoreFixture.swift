@testable import CredentialCore
import Foundation

/// One temp directory, one SQLite file, and a store on it with a hand-moved clock.
final class StoreFixture {
    let directory: TemporaryDirectory
    let clock = TestClock()
    let path: String
    let store: CredentialStore

    init() throws {
        directory = try TemporaryDirectory()
        path = directory.path("store.sqlite")
        let clock = self.clock
        store = try CredentialStore(path: path, clock: { clock.now })
    }

    /// A second, independent instance on the same file (as another loop thread would open).
    func secondStore() throws -> CredentialStore {
        let clock = self.clock
        return try CredentialStore(path: path, clock: { clock.now })
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
