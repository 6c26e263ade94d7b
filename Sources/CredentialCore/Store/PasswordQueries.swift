/// The SQL for the `application_passwords` table. Internal: no SQL leaves the module.
struct PasswordQueries {
    let connection: Connection

    /// The record's columns, then (at index 10) the stored hash, then the per-password controls.
    private static let columns = """
        uuid, user_id, app_id, name, created, last_used, last_ip, enabled_for, rest_api_permissions, xml_rpc_permissions, password_hash, \
        expires, status, allowed_networks
        """
    // Built once: statements are cached by their text, and these run on every request.
    private static let selectOfUser = "SELECT \(columns) FROM application_passwords WHERE user_id = ?1 ORDER BY seq"
    private static let selectOne = "SELECT \(columns) FROM application_passwords WHERE uuid = ?1 AND user_id = ?2"
    // Two ranges of the (user_id, password_hash) index: the candidate's own fast hash, and the
    // salted legacy phpass hashes, which can only be checked one by one ('%' follows '$'). Spelled
    // as a UNION ALL, not an OR: without statistics SQLite would read every entry of the user.
    static let selectCandidatesOfUser = """
        SELECT uuid, password_hash FROM application_passwords WHERE user_id = ?1 AND password_hash = ?2 \
        UNION ALL \
        SELECT uuid, password_hash FROM application_passwords WHERE user_id = ?1 AND password_hash >= '$P$' AND password_hash < '$P%'
        """

    static func record(from row: Statement) -> ApplicationPassword {
        ApplicationPassword(uuid: row.text(0), userID: row.int64(1), appID: row.text(2), name: row.text(3), created: row.int64(4),
                            lastUsed: row.optionalInt64(5), lastIP: row.optionalText(6), enabledFor: decodeAPITypes(row.text(7)),
                            // Unknown text (from a newer build) reads as the narrower permission.
                            restAPIPermission: Permission(rawValue: row.text(8)) ?? .read,
                            xmlRPCPermission: Permission(rawValue: row.text(9)) ?? .read,
                            // An unknown status (from a newer build) reads as disabled: it never authenticates.
                            expires: row.optionalInt64(11), status: PasswordStatus(rawValue: row.text(12)) ?? .disabled,
                            allowedNetworks: decodeNetworks(row.text(13)))
    }

    static func encodeNetworks(_ ranges: [NetworkRange]) -> String { ranges.map(\.description).joined(separator: ",") }

    /// An entry that no longer parses is kept as a range that matches nothing (::/128 would match
    /// the unspecified address only), so a damaged list never widens access.
    static func decodeNetworks(_ text: String) -> [NetworkRange] {
        text.split(separator: ",").map { NetworkRange(String($0)) ?? NetworkRange.nothing }
    }

    /// `enabled_for` is stored as its wire names joined by commas: `rest-api,xml-rpc`.
    static func encodeAPITypes(_ types: Set<APIType>) -> String { types.sorted().map(\.rawValue).joined(separator: ",") }

    static func decodeAPITypes(_ text: String) -> Set<APIType> {
        Set(text.split(separator: ",").compactMap { APIType(rawValue: String($0)) })
    }

    func all(of userID: Int64) throws(SQLiteError) -> [ApplicationPassword] {
        try connection.rows(Self.selectOfUser, [.integer(userID)], Self.record)
    }

    /// The user's passwords that `fastHash` could be the hash of, as uuid and stored hash (in no
    /// particular order): the one stored with exactly that fast hash (the fast hash has no salt), and
    /// every legacy phpass one. Two index look-ups, whatever the number of the user's passwords;
    /// only the matching record is then read whole.
    func candidates(of userID: Int64, fastHash: String) throws(SQLiteError) -> [(uuid: String, hash: String)] {
        try connection.rows(Self.selectCandidatesOfUser, [.integer(userID), .text(fastHash)]) { ($0.text(0), $0.text(1)) }
    }

    /// The uuid comparison is exact (case-sensitive), as WordPress's.
    func find(uuid: String, of userID: Int64) throws(SQLiteError) -> ApplicationPassword? {
        try connection.firstRow(Self.selectOne,
                                [.text(uuid), .integer(userID)], Self.record)
    }

    /// Where a password came from (migration 5): only imported ones are revoked by a re-import
    /// whose export no longer holds them.
    enum Origin: String { case dualgate, wordpress }

    func insert(_ record: ApplicationPassword, hash: String, origin: Origin = .dualgate) throws(SQLiteError) {
        try connection.run("""
            INSERT INTO application_passwords
                (uuid, user_id, app_id, name, password_hash, created, last_used, last_ip, enabled_for, rest_api_permissions, xml_rpc_permissions,
                 expires, status, allowed_networks, origin)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
            """, [.text(record.uuid), .integer(record.userID), .text(record.appID), .text(record.name), .text(hash),
                  .integer(record.created), .optional(record.lastUsed), .optional(record.lastIP),
                  .text(Self.encodeAPITypes(record.enabledFor)), .text(record.restAPIPermission.rawValue), .text(record.xmlRPCPermission.rawValue),
                  .optional(record.expires), .text(record.status.rawValue), .text(Self.encodeNetworks(record.allowedNetworks)),
                  .text(origin.rawValue)])
    }

    /// Every password that came from an import, in creation order.
    func allImported() throws(SQLiteError) -> [ApplicationPassword] {
        try connection.rows("SELECT \(Self.columns) FROM application_passwords WHERE origin = 'wordpress' ORDER BY seq", [], Self.record)
    }

    /// A password created before migration 5 and found again in an export came from WordPress.
    func markImported(uuid: String) throws(SQLiteError) {
        try connection.run("UPDATE application_passwords SET origin = 'wordpress' WHERE uuid = ?1 AND origin <> 'wordpress'", [.text(uuid)])
    }

    /// Whether this uuid was ever revoked here (the trigger of migration 5 records every delete).
    func wasRevoked(uuid: String) throws(SQLiteError) -> Bool {
        try connection.firstRow("SELECT 1 FROM revoked_passwords WHERE uuid = ?1", [.text(uuid)]) { _ in true } ?? false
    }

    /// Writes the mutable fields (name and the extension's flags) of `record`.
    func update(_ record: ApplicationPassword) throws(SQLiteError) {
        try connection.run("""
            UPDATE application_passwords SET name = ?3, enabled_for = ?4, rest_api_permissions = ?5, xml_rpc_permissions = ?6,
                expires = ?7, status = ?8, allowed_networks = ?9
            WHERE uuid = ?1 AND user_id = ?2
            """, [.text(record.uuid), .integer(record.userID), .text(record.name), .text(Self.encodeAPITypes(record.enabledFor)),
                  .text(record.restAPIPermission.rawValue), .text(record.xmlRPCPermission.rawValue),
                  .optional(record.expires), .text(record.status.rawValue), .text(Self.encodeNetworks(record.allowedNetworks))])
    }

    /// A phpass hash replaced by the fast hash after its first successful use.
    func replaceHash(uuid: String, from old: String, to new: String) throws(SQLiteError) -> Int {
        try connection.run("UPDATE application_passwords SET password_hash = ?3 WHERE uuid = ?1 AND password_hash = ?2",
                           [.text(uuid), .text(old), .text(new)])
    }

    func count(of userID: Int64) throws(SQLiteError) -> Int {
        try connection.firstRow("SELECT count(*) FROM application_passwords WHERE user_id = ?1", [.integer(userID)]) { Int($0.int64(0)) } ?? 0
    }

    /// Whether any password with this uuid exists (for any user): import idempotence.
    func exists(uuid: String) throws(SQLiteError) -> Int64? {
        try connection.firstRow("SELECT user_id FROM application_passwords WHERE uuid = ?1", [.text(uuid)]) { $0.int64(0) }
    }

    func delete(uuid: String, of userID: Int64) throws(SQLiteError) -> Int {
        try connection.run("DELETE FROM application_passwords WHERE uuid = ?1 AND user_id = ?2", [.text(uuid), .integer(userID)])
    }

    func deleteAll(of userID: Int64) throws(SQLiteError) -> Int {
        try connection.run("DELETE FROM application_passwords WHERE user_id = ?1", [.integer(userID)])
    }

    /// WordPress records a use at most once a day (§4.5); the condition is repeated here so two
    /// racing connections write at most once.
    func recordUsage(uuid: String, at now: Int64, from address: String) throws(SQLiteError) -> Int {
        try connection.run("""
            UPDATE application_passwords SET last_used = ?2, last_ip = ?3
            WHERE uuid = ?1 AND (last_used IS NULL OR last_used + \(UsagePolicy.interval) <= ?2)
            """, [.text(uuid), .integer(now), .text(address)])
    }
}
