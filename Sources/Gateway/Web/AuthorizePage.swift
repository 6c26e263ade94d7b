import CredentialCore

/// `/wp-admin/authorize-application.php` (issue 16 item 4): WordPress's flow, its parameters,
/// checks and messages (`wp_is_authorize_application_password_request_valid`), without JavaScript
/// (WordPress's no-JS path: the form posts here, the password is made, the browser is sent on).
/// The person also chooses the APIs and read-only, as on the profile page.
extension WebUI {
    func authorize(_ request: WebRequest) -> HTTPResponse {
        signedIn(request) { session in
            // GET carries the request in the query; the form repeats it in hidden fields.
            func value(_ name: String) -> String { (request.isPost ? request.formValue(name) : request.queryValue(name)) ?? "" }
            let appName = value("app_name"), appID = value("app_id"), successURL = value("success_url")
            var rejectURL = value("reject_url")
            let errors = AuthorizeRequestCheck.errors(successURL: successURL, rejectURL: rejectURL, appID: appID,
                                                      isLocal: request.origin.transport == .loopback)
            guard errors.isEmpty else {
                return page(session, status: 400, title: "Cannot Authorize Application", body: """
                    <h1>Cannot Authorize Application</h1>
                    <div class="notice notice-error" role="alert"><p>The Authorize Application request is not allowed.</p>
                    \(errors.map { "<p>\(HTML.escape($0))</p>" }.joined())</div>
                    """)
            }
            if rejectURL.isEmpty, !successURL.isEmpty { rejectURL = Self.appending(successURL, "success=false") }
            let settings = store.settings
            guard settings.applicationPasswordsEnabled, settings.allows(session.user.role) else {
                let back = rejectURL.isEmpty ? "/wp-admin/profile.php" : Self.appending(rejectURL, "error=disabled")
                return page(session, status: 501, title: "Cannot Authorize Application", body: """
                    <h1>Cannot Authorize Application</h1>
                    <div class="notice notice-error" role="alert"><p>Application passwords are not available for your account. Please contact the site administrator for assistance.</p></div>
                    <p><a class="button" href="\(HTML.escape(back))">Go Back</a></p>
                    """)
            }
            if !request.isPost, let uuid = request.queryValue("created") {
                let clearing = NewPasswordFlash.clearing(https: request.origin.isHTTPS)
                guard let plain = NewPasswordFlash.take(request, uuid: uuid, session: session),
                      let record = try? store.password(uuid: uuid, of: session.user.id) else {
                    var gone = page(session, status: 410, title: "Authorize Application", body: """
                        <h1>Authorize Application</h1>
                        <div class="notice notice-warning"><p>This password was shown once and cannot be shown again. If you did not save it, revoke it on your profile and authorize the application again.</p></div>
                        <p><a class="button" href="/wp-admin/profile.php">Your profile</a></p>
                        """)
                    gone.headers.append(clearing)
                    return gone
                }
                var shownPage = shown(session, NewPassword(record: record, plain: plain))
                shownPage.headers.append(clearing)
                return shownPage
            }
            if request.isPost {
                if let refused = checkedPost(request, session) { return refused }
                if request.formHas("reject") {
                    return WebPage.redirect(rejectURL.isEmpty ? "/wp-admin/profile.php" : rejectURL)
                }
                return approve(request, session, appID: appID, successURL: successURL, rejectURL: rejectURL)
            }
            return form(session, appName: appName, appID: appID, successURL: successURL, rejectURL: value("reject_url"), site: SiteURL.of(request.http, https: request.origin.isHTTPS))
        }
    }

    private func approve(_ request: WebRequest, _ session: WebSession, appID: String, successURL: String, rejectURL: String) -> HTTPResponse {
        var enabledFor: Set<APIType> = []
        if request.formHas("api_rest") { enabledFor.insert(.rest) }
        if request.formHas("api_xmlrpc") { enabledFor.insert(.xmlrpc) }
        let created: NewPassword
        do {
            created = try store.createPassword(PasswordRequest(name: request.formValue("app_name") ?? "", appID: appID, enabledFor: enabledFor,
                                                               restAPIPermission: request.formHas("rest_read_only") ? .read : .write,
                                                               xmlRPCPermission: request.formHas("xmlrpc_read_only") ? .read : .write),
                                               for: session.user.id)
        } catch {
            return page(session, status: 400, title: "Authorize Application", body: """
                <h1>Authorize Application</h1>
                <div class="notice notice-error" role="alert"><p>\(HTML.escape(PasswordActions.wording(error)))</p></div>
                <p><a href="/wp-admin/profile.php" class="button">Back to your profile</a></p>
                """)
        }
        let site = SiteURL.of(request.http, https: request.origin.isHTTPS)
        guard successURL.isEmpty else {
            // WordPress's no-JS path: the raw 24 characters, form-encoded. The password leaves in the
            // redirect to the application's own URL, never in a URL dualgate serves.
            let query = "site_url=\(HTML.queryEscape(site))&user_login=\(HTML.queryEscape(session.user.login))&password=\(HTML.queryEscape(created.plain.raw))"
            return WebPage.redirect(Self.appending(successURL, query), headers: [("Referrer-Policy", "no-referrer")])
        }
        return WebPage.redirect("/wp-admin/authorize-application.php?created=" + created.record.uuid,
                                headers: [NewPasswordFlash.cookie(created, session: session, https: request.origin.isHTTPS)])
    }

    /// The password made without a `success_url`, shown once.
    private func shown(_ session: WebSession, _ created: NewPassword) -> HTTPResponse {
        page(session, status: 200, title: "Authorize Application", body: "<h1>Authorize Application</h1>\n" + newPasswordNotice(created))
    }

    private func form(_ session: WebSession, appName: String, appID: String, successURL: String, rejectURL: String, site: String) -> HTTPResponse {
        let destination = successURL.isEmpty
            ? "You will be given a password to manually enter into the application in question."
            : "This will grant access to the application at: \(successURL)"
        return page(session, status: 200, title: "Authorize Application", body: """
            <h1>Authorize Application</h1>
            <form method="post" action="/wp-admin/authorize-application.php" class="card" id="authorize-application">
            \(hidden(session))
            <input type="hidden" name="app_id" value="\(HTML.escape(appID))">
            <input type="hidden" name="success_url" value="\(HTML.escape(successURL))">
            <input type="hidden" name="reject_url" value="\(HTML.escape(rejectURL))">
            <p>\(appName.isEmpty ? "An application" : "<strong>" + HTML.escape(appName) + "</strong>") would like to connect to your account on \(HTML.escape(site)) as <strong>\(HTML.escape(session.user.login))</strong>. Only approve applications you trust.</p>
            <div class="field"><label for="app_name">New Application Password Name</label>
            <input type="text" name="app_name" id="app_name" value="\(HTML.escape(appName))" required maxlength="200"></div>
            <fieldset><legend>Valid for</legend>
            <label class="check"><input type="checkbox" name="api_rest" id="api_rest" value="1" checked> REST API</label>
            <label class="check"><input type="checkbox" name="api_xmlrpc" id="api_xmlrpc" value="1" checked> XML-RPC</label>
            </fieldset>
            <fieldset><legend>Read-only</legend>
            <label class="check"><input type="checkbox" name="rest_read_only" id="rest_read_only" value="1"> REST API read-only</label>
            <label class="check"><input type="checkbox" name="xmlrpc_read_only" id="xmlrpc_read_only" value="1"> XML-RPC read-only</label>
            </fieldset>
            <p class="description">\(HTML.escape(destination))</p>
            <div class="actions">
            <button type="submit" name="approve" value="1" class="button button-primary" id="approve">Yes, I approve of this connection</button>
            <button type="submit" name="reject" value="1" class="button" id="reject" formnovalidate>No, I do not approve of this connection</button>
            </div>
            </form>
            """)
    }

    private func page(_ session: WebSession, status: Int, title: String, body: String) -> HTTPResponse {
        var page = WebPage(title: title, body: body, status: status, session: session, current: .none)
        page.noReferrer = true
        return page.response()
    }

    /// `url` with `query` appended after `?` or `&` (WordPress's `add_query_arg` for new keys).
    static func appending(_ url: String, _ query: String) -> String {
        var base = url
        var fragment = ""
        if let hash = base.firstIndex(of: "#") { fragment = String(base[hash...]); base = String(base[..<hash]) }
        return base + (base.contains("?") ? "&" : "?") + query + fragment
    }
}

/// `wp_is_authorize_application_password_request_valid`: every error, in WordPress's words.
enum AuthorizeRequestCheck {
    static func errors(successURL: String, rejectURL: String, appID: String, isLocal: Bool) -> [String] {
        var errors: [String] = []
        for url in [successURL, rejectURL] where !url.isEmpty {
            if let problem = problem(url, isLocal: isLocal) { errors.append(problem) }
        }
        if !appID.isEmpty, !UUIDFormat.isValid(appID) { errors.append("The application ID must be a UUID.") }
        return errors
    }

    /// A scheme (letter, then letters, digits, `+ . -`) and a host; not `javascript`/`data`; `http`
    /// only when the site is local (here: the request came over loopback).
    private static func problem(_ url: String, isLocal: Bool) -> String? {
        guard let colon = url.firstIndex(of: ":") else { return "Invalid URL format." }
        let scheme = url[..<colon]
        func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") }
        guard let first = scheme.utf8.first, isLetter(first),
              scheme.utf8.allSatisfy({ isLetter($0) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") })
        else { return "Invalid URL format." }
        let rest = url[url.index(after: colon)...]
        guard rest.hasPrefix("//") else { return "Invalid URL format." }
        let authority = rest.dropFirst(2).prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let host = authority.split(separator: "@").last.map { $0.split(separator: ":").first ?? "" } ?? ""
        guard !host.isEmpty else { return "Invalid URL format." }
        let lowered = scheme.lowercased()
        if lowered == "javascript" || lowered == "data" { return "Invalid URL format." }
        if lowered == "http", !isLocal { return "The URL must be served over a secure connection." }
        return nil
    }
}
