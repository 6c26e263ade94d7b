import Glibc
import CredentialCore
import RESTRoutes

/// `/wp-admin/profile.php` (your own) and `/wp-admin/user-edit.php?user_id=N` (an administrator's
/// view of anyone's): the Application Passwords section (issue 16 item 3).
extension WebUI {
    func profile(_ request: WebRequest) -> HTTPResponse {
        signedIn(request) { session in passwordsPage(request, session, target: session.user, base: "/wp-admin/profile.php") }
    }

    func userEdit(_ request: WebRequest) -> HTTPResponse {
        signedIn(request) { session in
            let raw = request.queryValue("user_id") ?? ""
            let id = raw.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } ? Int64(raw) ?? 0 : 0
            if id == session.user.id { return WebPage.redirect("/wp-admin/profile.php") }
            // `edit_user` on another user: administrators only (as REST's UserTarget.canEdit).
            guard session.user.role.canEditOtherUsers else { return notAllowed(session) }
            guard id > 0, let target = try? store.user(id: id) else {
                return WebPage(title: "Edit User", body: "<h1>Invalid user ID.</h1>", status: 404, session: session, current: .users).response()
            }
            return passwordsPage(request, session, target: target, base: "/wp-admin/user-edit.php?user_id=\(target.id)")
        }
    }

    func notAllowed(_ session: WebSession) -> HTTPResponse {
        WebPage(title: "Not allowed", body: """
            <h1>Sorry, you are not allowed to do that.</h1><p><a href="/wp-admin/profile.php">Back to your profile</a></p>
            """, status: 403, session: session, current: .none).response()
    }

    private func passwordsPage(_ request: WebRequest, _ session: WebSession, target: User, base: String) -> HTTPResponse {
        if request.isPost {
            if let refused = checkedPost(request, session) { return refused }
            return PasswordActions(ui: self, request: request, session: session, target: target, base: base).run()
        }
        switch request.queryValue("confirm") {
        case "revoke": return confirmRevoke(request, session, target: target, base: base)
        case "revoke-all": return confirmRevokeAll(session, target: target, base: base)
        default: break
        }
        let notice = request.queryValue("updated").flatMap(PasswordActions.Outcome.init(rawValue:)).map { Notice.success($0.message) }
        // The new password, once: from the browser's sealed cookie, with the record read from the store.
        let created = request.queryValue("created").flatMap { uuid -> NewPassword? in
            guard let plain = NewPasswordFlash.take(request, uuid: uuid, session: session),
                  let record = try? store.password(uuid: uuid, of: target.id) else { return nil }
            return NewPassword(record: record, plain: plain)
        }
        var response = render(session, target: target, base: base, notice: notice, created: created)
        if request.cookie(NewPasswordFlash.cookieName) != nil { response.headers.append(NewPasswordFlash.clearing(https: request.origin.isHTTPS)) }
        return response
    }

    /// The page; `created` is the password just made (shown once, in this answer only).
    func render(_ session: WebSession, target: User, base: String, notice: Notice? = nil, created: NewPassword? = nil, status: Int = 200) -> HTTPResponse {
        let own = target.id == session.user.id
        let records = (try? store.passwords(of: target.id)) ?? []
        let settings = store.settings
        let now = Int64(time(nil))
        var body = "<h1>\(own ? "Profile" : "Edit User " + HTML.escape(target.login))</h1>\n"
        if let notice { body += notice.html }
        if let created { body += newPasswordNotice(created) }
        body += """
            <section class="card" aria-labelledby="about-user">
            <h2 id="about-user">About \(own ? "yourself" : "the user")</h2>
            <p><strong>Username:</strong> \(HTML.escape(target.login)) · <strong>Name:</strong> \(HTML.escape(target.displayName)) · <strong>Role:</strong> \(HTML.escape(target.role.rawValue))\(target.email.isEmpty ? "" : " · <strong>Email:</strong> " + HTML.escape(target.email))</p>
            </section>
            <section class="card" aria-labelledby="application-passwords">
            <h2 id="application-passwords">Application Passwords</h2>
            <p class="description">Application passwords let programs sign in to the XML-RPC and REST APIs on \(own ? "your" : "this user's") behalf without \(own ? "your" : "their") account password. Each can be limited to one API, to reading only, to a date and to networks, and revoked on its own. They never open these pages.</p>
            """
        if !settings.applicationPasswordsEnabled || !settings.allows(target.role) {
            body += "<div class=\"notice notice-warning\"><p>Application passwords are not available for \(own ? "you" : "this user") (site settings).</p></div>"
        } else {
            body += addForm(session, base: base, requireApproval: settings.requireApproval)
        }
        body += passwordTable(records, session, base: base, now: now)
        body += "</section>"
        var page = WebPage(title: own ? "Profile" : "Edit User", body: body, status: status, session: session, current: own ? .profile : .users)
        page.noReferrer = created != nil
        return page.response()
    }

    /// The new password, once, with its Copy button: on the profile and on the authorize page.
    func newPasswordNotice(_ created: NewPassword) -> String {
        let chunked = created.plain.chunked
        return """
            <div class="notice notice-success new-password-notice" role="status" id="new-application-password-notice">
            <p>Your new password for <strong>\(HTML.escape(created.record.name))</strong> is:</p>
            <div class="new-password">
            <label class="sr-only" for="new-application-password">New application password</label>
            <input type="text" id="new-application-password" readonly value="\(HTML.escape(chunked))" size="30">
            <button type="button" class="button" data-copy="new-application-password" hidden>Copy</button>
            <span id="new-application-password-status" class="muted" aria-live="polite"></span>
            </div>
            <p>Be sure to save this in a safe location. You will not be able to see it again.\(created.record.status == .pending ? " It works once an administrator approves it." : "")</p>
            </div>
            """
    }

    private func addForm(_ session: WebSession, base: String, requireApproval: Bool) -> String {
        """
        <form method="post" action="\(HTML.escape(base))" class="add-password" id="add-application-password">
        \(hidden(session))<input type="hidden" name="action" value="create">
        <h3>Add New Application Password</h3>
        <div class="field"><label for="new_application_password_name">New Application Password Name</label>
        <input type="text" name="name" id="new_application_password_name" required maxlength="200" aria-describedby="name-hint">
        <p class="hint" id="name-hint">Required: a name that tells you which program uses it.</p></div>
        <fieldset><legend>Valid for</legend>
        <label class="check"><input type="checkbox" name="api_rest" id="api_rest" value="1" checked> REST API</label>
        <label class="check"><input type="checkbox" name="api_xmlrpc" id="api_xmlrpc" value="1" checked> XML-RPC</label>
        </fieldset>
        <fieldset><legend>Read-only</legend>
        <label class="check"><input type="checkbox" name="rest_read_only" id="rest_read_only" value="1"> REST API read-only</label>
        <label class="check"><input type="checkbox" name="xmlrpc_read_only" id="xmlrpc_read_only" value="1"> XML-RPC read-only</label>
        </fieldset>
        <div class="field"><label for="expires">Expires (optional)</label>
        <input type="date" name="expires" id="expires" aria-describedby="expires-hint">
        <p class="hint" id="expires-hint">The password stops working at the end of that day (UTC). Empty: the site's default.</p></div>
        <div class="field"><label for="allowed_networks">Allowed networks (optional)</label>
        <input type="text" name="allowed_networks" id="allowed_networks" placeholder="192.0.2.0/24, 2001:db8::/32" aria-describedby="networks-hint">
        <p class="hint" id="networks-hint">Addresses or CIDR ranges, separated by commas. Empty: from anywhere.</p></div>
        \(requireApproval ? "<p class=\"description\">New application passwords wait for an administrator's approval on this site.</p>" : "")
        <button type="submit" class="button button-primary" id="do_new_application_password">Add New Application Password</button>
        </form>
        """
    }

    private func passwordTable(_ records: [ApplicationPassword], _ session: WebSession, base: String, now: Int64) -> String {
        guard !records.isEmpty else { return "<p class=\"muted\" id=\"no-application-passwords\">No application passwords yet.</p>" }
        let isAdmin = session.user.role.canEditOtherUsers
        let join = base.contains("?") ? "&" : "?"
        var rows = ""
        for record in records {
            let status = record.isExpired(at: now) ? "expired" : record.status.rawValue
            var actions = "<a class=\"button button-danger\" href=\"\(HTML.escape(base + join + "confirm=revoke&uuid=" + record.uuid))\">Revoke<span class=\"sr-only\"> \(HTML.escape(record.name))</span></a>"
            func button(_ action: String, _ label: String) -> String {
                """
                <form method="post" action="\(HTML.escape(base))" class="inline">\(hidden(session))<input type="hidden" name="action" value="\(action)"><input type="hidden" name="uuid" value="\(record.uuid)"><button type="submit" class="button">\(label)<span class="sr-only"> \(HTML.escape(record.name))</span></button></form>
                """
            }
            switch record.status {
            case .active: actions += button("disable", "Disable")
            case .disabled: if isAdmin { actions += button("enable", "Enable") }
            case .pending: if isAdmin { actions += button("approve", "Approve") }
            }
            rows += """
                <tr data-uuid="\(record.uuid)">
                <th scope="row" data-label="Name">\(HTML.escape(record.name))</th>
                <td data-label="API types">\(Self.apiTypes(record))</td>
                <td data-label="Permission">\(Self.permissions(record))</td>
                <td data-label="Status"><span class="status status-\(status)">\(status.capitalized)</span></td>
                <td data-label="Expires">\(record.expires.map { Self.date($0) } ?? "Never")</td>
                <td data-label="Created">\(Self.date(record.created))</td>
                <td data-label="Last used">\(record.lastUsed.map { Self.date($0) } ?? "—")</td>
                <td data-label="Last IP">\(HTML.escape(record.lastIP ?? "—"))</td>
                <td data-label="Actions"><div class="actions">\(actions)</div></td>
                </tr>
                """
        }
        return """
            <h3 class="list-heading">\(records.count) application password\(records.count == 1 ? "" : "s")</h3>
            <table class="list" id="application-passwords-list">
            <caption class="sr-only">Application passwords</caption>
            <thead><tr><th scope="col">Name</th><th scope="col">API types</th><th scope="col">Permission</th><th scope="col">Status</th><th scope="col">Expires</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col">Last IP</th><th scope="col">Actions</th></tr></thead>
            <tbody>\(rows)</tbody>
            </table>
            <p><a class="button button-danger" id="revoke-all-application-passwords" href="\(HTML.escape(base + join + "confirm=revoke-all"))">Revoke all application passwords</a></p>
            """
    }

    static func apiTypes(_ record: ApplicationPassword) -> String {
        switch (record.isEnabled(for: .rest), record.isEnabled(for: .xmlrpc)) {
        case (true, true): "REST API and XML-RPC"
        case (true, false): "REST API"
        case (false, true): "XML-RPC"
        case (false, false): "—"
        }
    }

    static func permissions(_ record: ApplicationPassword) -> String {
        func word(_ api: APIType) -> String { record.permission(for: api) == .read ? "Read-only" : "Read and write" }
        var parts: [String] = []
        if record.isEnabled(for: .rest) { parts.append("REST: " + word(.rest)) }
        if record.isEnabled(for: .xmlrpc) { parts.append("XML-RPC: " + word(.xmlrpc)) }
        return parts.joined(separator: "<br>")
    }

    /// `2026-12-07 04:12 UTC`.
    static func date(_ seconds: Int64) -> String {
        let text = WordPressDate.gmt(seconds)                     // Y-m-d\TH:i:s
        return HTML.escape(String(text.prefix(16)).replacingOccurrences(of: "T", with: " ") + " UTC")
    }

    private func confirmRevoke(_ request: WebRequest, _ session: WebSession, target: User, base: String) -> HTTPResponse {
        let uuid = request.queryValue("uuid") ?? ""
        guard let record = try? store.password(uuid: uuid, of: target.id) else {
            return render(session, target: target, base: base, notice: .error("That application password does not exist (any more)."), status: 404)
        }
        return WebPage(title: "Revoke application password", body: """
            <h1>Revoke “\(HTML.escape(record.name))”?</h1>
            <form method="post" action="\(HTML.escape(base))" class="card">\(hidden(session))
            <input type="hidden" name="action" value="revoke"><input type="hidden" name="uuid" value="\(record.uuid)">
            <p>Any application using this password will stop working at once. This cannot be undone.</p>
            <div class="actions"><button type="submit" class="button button-danger" id="confirm-revoke">Revoke</button>
            <a class="button" href="\(HTML.escape(base))">Cancel</a></div>
            </form>
            """, session: session, current: target.id == session.user.id ? .profile : .users).response()
    }

    private func confirmRevokeAll(_ session: WebSession, target: User, base: String) -> HTTPResponse {
        WebPage(title: "Revoke all application passwords", body: """
            <h1>Revoke all application passwords?</h1>
            <form method="post" action="\(HTML.escape(base))" class="card">\(hidden(session))
            <input type="hidden" name="action" value="revoke-all">
            <p>Every application using one of \(target.id == session.user.id ? "your" : HTML.escape(target.login) + "’s") application passwords will stop working at once. This cannot be undone.</p>
            <div class="actions"><button type="submit" class="button button-danger" id="confirm-revoke-all">Revoke all</button>
            <a class="button" href="\(HTML.escape(base))">Cancel</a></div>
            </form>
            """, session: session, current: target.id == session.user.id ? .profile : .users).response()
    }
}

/// A message at the top of a page.
struct Notice {
    let text: String
    let isError: Bool

    static func success(_ text: String) -> Notice { Notice(text: text, isError: false) }
    static func error(_ text: String) -> Notice { Notice(text: text, isError: true) }

    var html: String {
        "<div class=\"notice \(isError ? "notice-error" : "notice-success")\" role=\"\(isError ? "alert" : "status")\"><p>\(HTML.escape(text))</p></div>"
    }
}
