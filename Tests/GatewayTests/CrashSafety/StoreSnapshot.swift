import Foundation

/// What a stopped (or killed) server left in its SQLite file, read by CPython's sqlite3 module
/// opened read-only (`mode=ro`): `PRAGMA integrity_check` and every application password's uuid
/// and name. An independent reader, so the check does not trust our own SQLite code.
struct StoreSnapshot {
    let integrity: String
    /// uuid → name, every row of `application_passwords`.
    let names: [String: String]

    static func read(_ databasePath: String) throws -> StoreSnapshot {
        let script = """
            import json, sqlite3, sys
            db = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
            integrity = "\\n".join(row[0] for row in db.execute("PRAGMA integrity_check"))
            names = dict(db.execute("SELECT uuid, name FROM application_passwords"))
            print(json.dumps({"integrity": integrity, "names": names}))
            """
        let result = try Tool.python(script, [databasePath])
        guard result.status == 0,
              let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
              let integrity = object["integrity"] as? String, let names = object["names"] as? [String: String] else {
            throw HarnessError("reading the store failed (\(result.status)): \(result.stderr)")
        }
        return StoreSnapshot(integrity: integrity, names: names)
    }
}
