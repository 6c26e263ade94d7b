/// The database layout as numbered migrations. To change the schema, append a `Migration` with the
/// next version; never edit one that has shipped.
enum Schema {
    static let migrations: [Migration] = [
        Migration(version: 1, sql: """
            CREATE TABLE users (
                id INTEGER PRIMARY KEY,
                login TEXT NOT NULL UNIQUE COLLATE NOCASE,
                email TEXT NOT NULL DEFAULT '' COLLATE NOCASE,
                display_name TEXT NOT NULL,
                nicename TEXT NOT NULL,
                role TEXT NOT NULL,
                registered INTEGER NOT NULL
            );
            -- WordPress refuses a second account with the same email; empty means "none".
            CREATE UNIQUE INDEX users_email ON users(email) WHERE email <> '';

            CREATE TABLE application_passwords (
                -- Creation order (WordPress lists items in storage order). AUTOINCREMENT: never
                -- reused, and stable across VACUUM, unlike an implicit rowid.
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                uuid TEXT NOT NULL UNIQUE,
                user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                app_id TEXT NOT NULL DEFAULT '',
                name TEXT NOT NULL,
                password_hash TEXT NOT NULL,
                created INTEGER NOT NULL,
                last_used INTEGER,
                last_ip TEXT,
                enabled_for TEXT NOT NULL,
                rest_api_permissions TEXT NOT NULL DEFAULT 'write',
                xml_rpc_permissions TEXT NOT NULL DEFAULT 'write'
            );
            CREATE INDEX application_passwords_user ON application_passwords(user_id, seq);
            """),
        // Issue 3: site settings, like WordPress options. A missing key means its default.
        Migration(version: 2, sql: """
            CREATE TABLE settings (
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL
            ) WITHOUT ROWID;
            """),
        // Issue 3: dualgate's per-password controls (contract.md).
        Migration(version: 3, sql: """
            -- Unix seconds; NULL = never expires.
            ALTER TABLE application_passwords ADD COLUMN expires INTEGER;
            -- active | pending | disabled
            ALTER TABLE application_passwords ADD COLUMN status TEXT NOT NULL DEFAULT 'active';
            -- CIDR ranges joined by commas; '' = anywhere.
            ALTER TABLE application_passwords ADD COLUMN allowed_networks TEXT NOT NULL DEFAULT '';
            """),
        // Verification looks a candidate's fast hash up instead of comparing it with each of the
        // user's stored hashes: a user with thousands of passwords costs what a user with one does.
        Migration(version: 4, sql: """
            CREATE INDEX application_passwords_hash ON application_passwords(user_id, password_hash);
            """),
        // Issue 11 (a re-import is a sync from WordPress): where each password came from, and
        // every uuid ever revoked here, so a re-import never brings a revoked password back.
        Migration(version: 5, sql: """
            -- 'dualgate' (created here) | 'wordpress' (imported). Only imported passwords are revoked
            -- by a re-import whose export no longer holds them.
            ALTER TABLE application_passwords ADD COLUMN origin TEXT NOT NULL DEFAULT 'dualgate';
            -- dualgate never writes a phpass hash, so a $P$ row was imported by an earlier build.
            -- (An imported one already re-hashed cannot be told apart; the next re-import that
            -- still holds its uuid marks it.)
            UPDATE application_passwords SET origin = 'wordpress' WHERE password_hash >= '$P$' AND password_hash < '$P%';

            CREATE TABLE revoked_passwords (
                uuid TEXT PRIMARY KEY,
                user_id INTEGER NOT NULL,
                revoked INTEGER NOT NULL
            ) WITHOUT ROWID;
            -- The one place a password leaves the store: every revoke path (CLI, REST, XML-RPC,
            -- revoke-all, the delete_oldest policy, a re-import, a user's cascade) passes here,
            -- including any written later, so none can forget to remember the uuid.
            CREATE TRIGGER application_passwords_remember_revoked AFTER DELETE ON application_passwords
            BEGIN
                INSERT OR IGNORE INTO revoked_passwords (uuid, user_id, revoked)
                VALUES (old.uuid, old.user_id, CAST(strftime('%s', 'now') AS INTEGER));
            END;
            """),
        // Issue 13 (gateway mode): each user's credential of the upstream WordPress, sealed with
        // ChaCha20-Poly1305 under the key file (`SecretKey`): nonce ‖ ciphertext ‖ tag.
        Migration(version: 6, sql: """
            CREATE TABLE upstream_credentials (
                user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
                upstream_login TEXT NOT NULL,
                sealed BLOB NOT NULL,
                created INTEGER NOT NULL,
                updated INTEGER NOT NULL
            );
            """),
        // Issue 16 (web UI): people's own account passwords (never valid for the APIs) and their
        // browser sessions. '' = no account password: that user cannot sign in to the pages.
        Migration(version: 7, sql: """
            ALTER TABLE users ADD COLUMN account_password TEXT NOT NULL DEFAULT '';
            -- The session token is never stored: only its SHA-256 (hex).
            CREATE TABLE web_sessions (
                token_hash TEXT PRIMARY KEY,
                user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                created INTEGER NOT NULL,
                last_seen INTEGER NOT NULL
            );
            CREATE INDEX web_sessions_user ON web_sessions(user_id);
            """),
    ]

    static var latestVersion: Int { migrations.last?.version ?? 0 }

    /// Applies every migration newer than the file's `user_version`, each with its version bump in
    /// one `BEGIN IMMEDIATE` transaction, so concurrent openers apply each step exactly once.
    static func migrate(_ connection: SQLiteConnection) throws(SQLiteError) {
        let found = try connection.userVersion()
        if found > latestVersion { throw newerSchema(found) }
        guard found < latestVersion else { return }          // the common case: no write lock taken
        for migration in migrations where migration.version > found {
            try connection.immediateTransaction { () throws(SQLiteError) in
                let current = try connection.userVersion()
                if current > latestVersion { throw newerSchema(current) }
                guard current < migration.version else { return }
                try connection.executeScript(migration.sql)
                try connection.executeScript("PRAGMA user_version = \(migration.version)")
            }
        }
    }

    private static func newerSchema(_ version: Int) -> SQLiteError {
        SQLiteError(code: 1, message: "the database was written by a newer dualgate (schema \(version); this build knows \(latestVersion))")
    }
}
