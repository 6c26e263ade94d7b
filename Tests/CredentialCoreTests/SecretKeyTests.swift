@testable import CredentialCore
import Foundation
import Glibc
import Testing

@Suite("secret key file")
struct SecretKeyTests {
    @Test("created with 32 random bytes and mode 0600 even under a permissive umask; loaded back")
    func createAndLoad() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("site.sqlite.key")
        let previous = umask(0)                      // would give 0666 to a file created carelessly
        defer { umask(previous) }
        let (key, created) = try SecretKey.loadOrCreate(path: path)
        #expect(created)
        var status = stat()
        #expect(stat(path, &status) == 0)
        #expect(status.st_mode & 0o777 == 0o600)
        #expect(FileManager.default.contents(atPath: path).map(Array.init) == key.bytes)
        let (again, createdAgain) = try SecretKey.loadOrCreate(path: path)
        #expect(!createdAgain && again == key)
        #expect(try SecretKey.load(path: path) == key)
        // No temporary file left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path) == ["site.sqlite.key"])
        let other = try SecretKey.loadOrCreate(path: directory.path("other.key")).key
        #expect(other != key)
    }

    @Test("a key file readable by group or others is refused with the chmod to run")
    func refusesOpenModes() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("k")
        _ = try SecretKey.loadOrCreate(path: path)
        for mode in [0o644, 0o640, 0o604, 0o660, 0o602] as [mode_t] {
            chmod(path, mode)
            #expect(throws: SecretKeyError.accessibleByOthers(path: path, mode: UInt32(mode))) { try SecretKey.load(path: path) }
        }
        do { chmod(path, 0o644); _ = try SecretKey.load(path: path) } catch { #expect("\(error)".contains("chmod 600 \(path)")) }
        chmod(path, 0o400)
        _ = try SecretKey.load(path: path)
    }

    @Test("a key file of the wrong length, or none, is refused and says what to do")
    func refusesWrongLength() throws {
        let directory = try TemporaryDirectory()
        for (length, expected) in [(0, 0 as Int?), (31, 31), (33, nil), (64, nil)] {
            let path = directory.path("k\(length)")
            _ = FileManager.default.createFile(atPath: path, contents: Data(repeating: 7, count: length), attributes: [.posixPermissions: 0o600])
            #expect(throws: SecretKeyError.wrongLength(path: path, length: expected)) { try SecretKey.load(path: path) }
            // loadOrCreate never overwrites an existing (even broken) key file.
            #expect(throws: SecretKeyError.wrongLength(path: path, length: expected)) { try SecretKey.loadOrCreate(path: path) }
        }
        let missing = directory.path("none")
        #expect(throws: SecretKeyError.missing(path: missing)) { try SecretKey.load(path: missing) }
        #expect("\(SecretKeyError.missing(path: missing))".contains("--secret-key-file"))
    }

    @Test("descriptions never show the key")
    func redacted() throws {
        let key = SecretKey.random()
        let hex = key.bytes.hex
        for text in ["\(key)", String(reflecting: key), { var out = ""; dump(key, to: &out); return out }()] {
            #expect(!text.contains(hex) && !text.contains("\(key.bytes)"), "\(text)")
        }
        #expect(SecretKey.defaultPath(forDatabase: "/srv/dualgate.db") == "/srv/dualgate.db.key")
    }
}
