@testable import CredentialCore
import Testing

/// Issue 5 item 8: with a `UsageRecorder`, `verify` does not write; the background writer does,
/// once per password however many requests arrive, and listings show the use before it lands.
@Suite("usage recorded off the request path")
struct UsageRecorderTests {
    let directory: TemporaryDirectory
    let path: String
    let recorder: UsageRecorder
    let clock = TestClock()
    let store: CredentialStore

    init() throws {
        directory = try TemporaryDirectory()
        path = directory.path("usage.sqlite")
        let clock = self.clock
        store = try CredentialStore(path: path, clock: { clock.now })     // creates and migrates the file
        recorder = UsageRecorder(databasePath: path)
    }

    private func serving() throws -> CredentialStore {
        let clock = self.clock
        return try CredentialStore(path: path, clock: { clock.now }, services: StoreServices(usage: recorder))
    }

    @Test func aUseIsShownAtOnceAndWrittenByTheRecorder() throws {
        let user = try store.addUser(login: "ann")
        let created = try store.createPassword(PasswordRequest(name: "reader"), for: user.id)
        let loop = try serving()
        let caller = try loop.verify(login: "ann", password: created.plain.raw, for: .rest, from: "192.0.2.7")
        #expect(caller.password.lastUsed == clock.now && caller.password.lastIP == "192.0.2.7")
        #expect(try loop.password(uuid: created.record.uuid, of: user.id)?.lastIP == "192.0.2.7", "listing before the write lands")
        recorder.flush()
        let onDisk = try #require(try CredentialStore(path: path).password(uuid: created.record.uuid, of: user.id))
        #expect(onDisk.lastUsed == clock.now && onDisk.lastIP == "192.0.2.7")
        recorder.stop()
    }

    @Test func aBurstOfRequestsRecordsTheFirstUseOnly() throws {
        let user = try store.addUser(login: "bo")
        let created = try store.createPassword(PasswordRequest(name: "burst"), for: user.id)
        let loop = try serving()
        let first = clock.now
        for index in 0..<200 {
            clock.now = first + Int64(index)
            _ = try loop.verify(login: "bo", password: created.plain.raw, for: .xmlrpc, from: "192.0.2.\(index % 250)")
        }
        recorder.flush()
        let onDisk = try #require(try CredentialStore(path: path).password(uuid: created.record.uuid, of: user.id))
        #expect(onDisk.lastUsed == first && onDisk.lastIP == "192.0.2.0", "once a day: later uses the same day are not recorded")
        recorder.stop()
    }

    @Test func stopWritesWhatIsQueued() throws {
        let user = try store.addUser(login: "cy")
        let created = try store.createPassword(PasswordRequest(name: "late"), for: user.id)
        _ = try serving().verify(login: "cy", password: created.plain.raw, for: .rest, from: "::1")
        recorder.stop()
        #expect(try CredentialStore(path: path).password(uuid: created.record.uuid, of: user.id)?.lastIP == "::1")
    }
}
