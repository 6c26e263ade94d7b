import CredentialCore

/// `/wp-login.php` (issue 16 item 2): the sign-in form, its POST, and `?action=logout`.
extension WebUI {
    func login(_ request: WebRequest) -> HTTPResponse {
        if request.queryValue("action") == "logout" { return logout(request) }
        if request.isPost { return signIn(request) }
        // `reauth=1` (WordPress's parameter) shows the form even to a signed-in browser.
        if request.queryValue("reauth") != "1", session(request) != nil { return WebPage.redirect(localTarget(request.queryValue("redirect_to"))) }
        return loginForm(request, message: request.queryValue("loggedout") == "true" ? ("You are now logged out.", false) : nil)
    }

    /// The form carries a random token that is also set as a cookie (double submit): another site
    /// can make a browser post the form but cannot read or set the cookie's value.
    private func loginForm(_ request: WebRequest, message: (text: String, isError: Bool)?, login: String = "", status: Int = 200) -> HTTPResponse {
        let token = Hex.lowercase(SecureRandom.bytes(16))
        let redirect = request.formValue("redirect_to") ?? request.queryValue("redirect_to") ?? ""
        let notice = message.map { "<div class=\"notice \($0.isError ? "notice-error" : "notice-success")\" role=\"\($0.isError ? "alert" : "status")\"><p>\(HTML.escape($0.text))</p></div>" } ?? ""
        var cookie = "\(Self.loginCookie)=\(token); Path=/wp-login.php; HttpOnly; SameSite=Lax"
        if request.origin.isHTTPS { cookie += "; Secure" }
        return WebPage(title: "Log In", body: """
            <h1>dualgate</h1>
            \(notice)
            <form method="post" action="/wp-login.php" class="card" id="loginform">
            <input type="hidden" name="_csrf" value="\(token)">
            <input type="hidden" name="redirect_to" value="\(HTML.escape(redirect))">
            <div class="field"><label for="user_login">Username or Email Address</label>
            <input type="text" name="log" id="user_login" value="\(HTML.escape(login))" autocomplete="username" autocapitalize="off" required></div>
            <div class="field"><label for="user_pass">Password</label>
            <input type="password" name="pwd" id="user_pass" autocomplete="current-password" required></div>
            <button type="submit" class="button button-primary" id="wp-submit">Log In</button>
            </form>
            <p class="description">Your account password opens these pages only. Applications use application passwords.</p>
            """, status: status, session: nil, extraHeaders: [("Set-Cookie", cookie)]).response()
    }

    private func signIn(_ request: WebRequest) -> HTTPResponse {
        let sent = request.formValue("_csrf") ?? ""
        guard !request.isCrossOrigin, let expected = request.cookie(Self.loginCookie), ConstantTimeText.equals(sent, expected) else {
            return loginForm(request, message: ("The sign-in form expired or came from another site. Please try again.", true), status: 403)
        }
        let login = request.formValue("log") ?? ""
        let password = request.formValue("pwd") ?? ""
        guard !login.isEmpty, !password.isEmpty else {
            return loginForm(request, message: ("Both the username and the password are required.", true), login: login, status: 400)
        }
        let user: User
        do {
            user = try store.signIn(login: login, password: password, from: request.origin.address, transport: request.origin.transport)
        } catch {
            return loginForm(request, message: (Self.signInMessage(error), true), login: PasswordFormat.withheldIfPassword(login) == login ? login : "",
                             status: error == .insecureTransport ? 403 : 200)
        }
        // A new token at every sign-in; an earlier session of this browser ends.
        if let old = request.cookie(Self.sessionCookie) { try? store.endSession(token: old, from: request.origin.address) }
        let token: String
        do { token = try store.startSession(for: user) } catch {
            return loginForm(request, message: ("The sign-in could not be recorded. Please try again.", true), status: 500)
        }
        return WebPage.redirect(localTarget(request.formValue("redirect_to")),
                                headers: [Self.sessionCookieHeader(token, https: request.origin.isHTTPS)])
    }

    /// Only a path on this site's admin pages is followed after sign-in (no open redirect).
    private func localTarget(_ wanted: String?) -> String {
        guard let wanted, wanted.hasPrefix("/wp-admin/"), !wanted.contains("//"), !wanted.contains("\\"),
              wanted.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return "/wp-admin/profile.php" }
        return wanted
    }

    private func logout(_ request: WebRequest) -> HTTPResponse {
        guard let session = session(request) else { return WebPage.redirect("/wp-login.php?loggedout=true") }
        guard request.isPost else {
            return WebPage(title: "Log Out", body: """
                <h1>Log out</h1>
                <form method="post" action="/wp-login.php?action=logout" class="card">\(hidden(session))
                <p>Do you really want to log out?</p>
                <button type="submit" class="button button-primary">Log Out</button> <a href="/wp-admin/profile.php">Cancel</a>
                </form>
                """, session: session, current: .none).response()
        }
        if let refused = checkedPost(request, session) { return refused }
        if let token = request.cookie(Self.sessionCookie) { try? store.endSession(token: token, from: request.origin.address) }
        return WebPage.redirect("/wp-login.php?loggedout=true", headers: [Self.sessionCookieHeader("", https: request.origin.isHTTPS, maxAge: 0)])
    }

    static func signInMessage(_ failure: AuthFailure) -> String {
        switch failure {
        case .lockedOut(let seconds): "Too many failed sign-ins. Try again in \(max(1, seconds / 60)) minute\(seconds < 120 ? "" : "s")."
        case .insecureTransport: "Signing in needs HTTPS on this site (setting require_https). Use the https:// address."
        case .internalError, .storeUnavailable: "The sign-in could not be checked. Please try again later."
        case .unknownUser, .unknownEmail, .incorrectPassword, .wrongAPIType, .expired, .pending, .disabled, .networkDenied,
             .applicationPasswordsUnavailable, .notCheckedAfterEarlierFailure:
            "The username or password you entered is incorrect."
        }
    }
}
