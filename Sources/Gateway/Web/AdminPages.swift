import CredentialCore

/// The administrator's pages (issue 16 item 3): every user with their pending passwords, and every
/// site setting with its explanation.
extension WebUI {
    func users(_ request: WebRequest) -> HTTPResponse {
        signedIn(request) { session in
            guard session.user.role.canEditOtherUsers else { return notAllowed(session) }
            let everyone = (try? store.listUsers()) ?? []
            var rows = ""
            for user in everyone {
                let records = (try? store.passwords(of: user.id)) ?? []
                let pending = records.filter { $0.status == .pending }.count
                rows += """
                    <tr><th scope="row" data-label="Username"><a href="/wp-admin/user-edit.php?user_id=\(user.id)">\(HTML.escape(user.login))</a></th>
                    <td data-label="Name">\(HTML.escape(user.displayName))</td><td data-label="Email">\(HTML.escape(user.email))</td>
                    <td data-label="Role">\(HTML.escape(user.role.rawValue))</td><td data-label="Application passwords">\(records.count)</td>
                    <td data-label="Pending approval">\(pending > 0 ? "<a href=\"/wp-admin/user-edit.php?user_id=\(user.id)\"><strong>\(pending) pending</strong></a>" : "—")</td></tr>
                    """
            }
            return WebPage(title: "Users", body: """
                <h1>Users</h1>
                <table class="list" id="users-list"><caption class="sr-only">Users</caption>
                <thead><tr><th scope="col">Username</th><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Application passwords</th><th scope="col">Pending approval</th></tr></thead>
                <tbody>\(rows)</tbody></table>
                <p class="description">Users are added with <code>dualgate user add</code>; account passwords are set with <code>dualgate user set-password</code>.</p>
                """, session: session, current: .users).response()
        }
    }

    /// `manage_options`: administrators only.
    func settingsPage(_ request: WebRequest) -> HTTPResponse {
        signedIn(request) { session in
            guard session.user.role == .administrator else { return notAllowed(session) }
            var notices: [Notice] = []
            if request.isPost {
                if let refused = checkedPost(request, session) { return refused }
                let current = store.settings
                for key in SettingKey.allCases {
                    guard let sent = request.formValue(key.rawValue), sent != current.value(of: key) else { continue }
                    do throws(StoreError) { try store.setSetting(key, to: sent) } catch { notices.append(.error(PasswordActions.wording(error))) }
                }
                if notices.isEmpty { return WebPage.redirect("/wp-admin/options-general.php?updated=true") }
            } else if request.queryValue("updated") == "true" {
                notices.append(.success("Settings saved."))
            }
            let settings = store.settings
            var rows = ""
            for key in SettingKey.allCases {
                let id = "setting-" + key.rawValue
                rows += """
                    <tr><th scope="row"><label for="\(id)">\(HTML.escape(key.rawValue))</label></th>
                    <td><input type="text" id="\(id)" name="\(key.rawValue)" value="\(HTML.escape(settings.value(of: key)))" aria-describedby="\(id)-help">
                    <p class="description" id="\(id)-help">\(HTML.escape(SettingExplanations.text(key)))</p></td></tr>
                    """
            }
            return WebPage(title: "Settings", body: """
                <h1>Settings</h1>
                \(notices.map(\.html).joined())
                <form method="post" action="/wp-admin/options-general.php">\(hidden(session))
                <table class="list settings" id="settings-table"><caption class="sr-only">Site settings</caption><tbody>\(rows)</tbody></table>
                <p><button type="submit" class="button button-primary" id="save-settings">Save Changes</button></p>
                </form>
                """, status: notices.contains(where: \.isError) ? 400 : 200, session: session, current: .settings).response()
        }
    }
}

/// What each site setting does, as the settings page explains it (README "Settings" in a sentence).
enum SettingExplanations {
    static func text(_ key: SettingKey) -> String {
        switch key {
        case .applicationPasswordsEnabled: "true or false. Off: no application password works or can be made, on either API."
        case .allowedRoles: "Comma-separated roles whose users may have and use application passwords."
        case .maxPerUser: "The most application passwords one user may hold; 0 = no limit."
        case .maxPolicy: "refuse (a new password past max_per_user is refused) or delete_oldest (the oldest ones go)."
        case .requireApproval: "true: new application passwords wait as pending until an administrator approves them."
        case .uniqueNames: "true: a user's application passwords must have different names."
        case .crossProtocolIssuing: "true: a password may make others for an API or permission it lacks itself (the no-escalation rule is off)."
        case .lockoutLoginFailures: "Failed logins of one account within the window before it is locked; 0 = off. Also counts web sign-ins."
        case .lockoutAddressFailures: "Failed logins from one address (IPv6: one /64) within the window before it is locked; 0 = off."
        case .lockoutWindowSeconds: "The window, in seconds, in which failures are counted."
        case .lockoutDurationSeconds: "How long, in seconds, a lockout lasts."
        case .defaultLifetimeSeconds: "Lifetime in seconds of a new password that asks for none; 0 = it never expires."
        case .maxLifetimeSeconds: "The longest lifetime in seconds a new password may have; 0 = no limit."
        case .corsAllowedOrigins: "Browser origins the REST API answers with CORS headers: * for any, or a comma-separated list."
        case .requireHTTPS: "true: credentials (application passwords and web sign-ins) over plain HTTP are refused, except from this machine."
        case .hstsMaxAge: "Strict-Transport-Security max-age in seconds on HTTPS answers; 0 = not sent."
        case .xmlrpcEnabled: "Gateway mode: true serves XML-RPC, false refuses it."
        case .restAnonymous: "Gateway mode: allow forwards anonymous REST requests upstream, refuse answers them 401."
        case .xmlrpcPingbacks: "Gateway mode: true forwards pingback calls (which need no login)."
        case .storeOutageGraceSeconds: "PostgreSQL store: seconds a verification cached before an outage is still honoured while the database is unreachable; 0 = refuse at once (fail closed)."
        }
    }
}
