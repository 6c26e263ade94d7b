extension CredentialStore {
    /// The site settings, re-read first when another connection changed the file (one
    /// `PRAGMA data_version` step). Read it once per request and keep the value.
    public var settings: SiteSettings {
        refreshIfChanged()
        return cachedSettings
    }

    /// The settings as last read, without checking the file (for the rest of a request that
    /// already read `settings`).
    public var lastReadSettings: SiteSettings { cachedSettings }

    /// `cors_allowed_origins` as last read: asked on anonymous GETs, and a copy of the whole
    /// settings (their role set retained and released) showed in the 401 path's instruction count.
    public var lastReadAllowedOrigins: AllowedOrigins { cachedSettings.corsAllowedOrigins }

    /// Validates and stores one setting; returns the settings as they now are.
    @discardableResult
    public func setSetting(_ key: SettingKey, to value: String) throws(StoreError) -> SiteSettings {
        var updated = settings
        try updated.set(key, to: value)
        let text = updated.value(of: key)                       // normalised (e.g. role order)
        try writing { () throws(StoreError) in try sqlite { () throws(SQLiteError) in try settingsTable.set(key.rawValue, text) } }
        audit(AuditEvent(.setting, time: now(), name: key.rawValue, detail: text))
        return cachedSettings
    }
}
