import CredentialCore

/// The web pages (issue 16): sign-in, the profile page with its application passwords, the
/// administrator's users list and settings, and WordPress's authorize-application flow. One per
/// event loop, on the loop's own store; pages are plain synchronous functions like REST routes.
final class WebUI {
    let store: CredentialStore

    static let sessionCookie = "dualgate_session"
    static let loginCookie = "dualgate_login_csrf"

    init(store: CredentialStore) { self.store = store }

    static let pages: Set<Substring> = [
        "/wp-login.php", "/wp-admin", "/wp-admin/", "/wp-admin/index.php", "/wp-admin/profile.php", "/wp-admin/user-edit.php",
        "/wp-admin/users.php", "/wp-admin/options-general.php", "/wp-admin/authorize-application.php",
        "/wp-admin/css/dualgate.css", "/wp-admin/js/dualgate.js",
    ]

    /// Whether a path is one of dualgate's pages (in gateway mode these are not forwarded).
    static func serves(_ path: Substring) -> Bool { pages.contains(path) }

    /// The page at `request`'s path, or nil when the path is not one of ours.
    func answer(_ http: HTTPRequest, origin: ClientOrigin) -> HTTPResponse? {
        let path = http.path
        if let asset = StaticAssets.response(for: path) { return asset }
        let page: (WebUI) -> (WebRequest) -> HTTPResponse
        switch path {
        case "/wp-login.php": page = WebUI.login
        case "/wp-admin", "/wp-admin/", "/wp-admin/index.php": return WebPage.redirect("/wp-admin/profile.php")
        case "/wp-admin/profile.php": page = WebUI.profile
        case "/wp-admin/user-edit.php": page = WebUI.userEdit
        case "/wp-admin/users.php": page = WebUI.users
        case "/wp-admin/options-general.php": page = WebUI.settingsPage
        case "/wp-admin/authorize-application.php": page = WebUI.authorize
        default: return nil
        }
        guard http.method == "GET" || http.method == "HEAD" || http.method == "POST" else {
            return HTTPResponse(status: 405, contentType: "text/plain; charset=UTF-8", headers: [("Allow", "GET, HEAD, POST")],
                                body: Array("Method Not Allowed\n".utf8))
        }
        return page(self)(WebRequest(http, origin: origin))
    }

    // MARK: sessions and form tokens

    /// The signed-in session, or nil (no cookie, unknown, timed out, or the store failed).
    func session(_ request: WebRequest) -> WebSession? {
        guard let token = request.cookie(Self.sessionCookie) else { return nil }
        return try? store.session(token: token)
    }

    /// A page that needs a session: the page, or a redirect to sign in that comes back here.
    func signedIn(_ request: WebRequest, _ page: (WebSession) -> HTTPResponse) -> HTTPResponse {
        guard let session = session(request) else {
            return WebPage.redirect("/wp-login.php?redirect_to=" + HTML.queryEscape(String(request.http.target)))
        }
        return page(session)
    }

    /// Every POST of a signed-in page: the form token must be the session's and the request must
    /// not come from another origin; otherwise 403 and nothing is done.
    func checkedPost(_ request: WebRequest, _ session: WebSession) -> HTTPResponse? {
        let sent = request.formValue("_csrf") ?? ""
        guard !request.isCrossOrigin, ConstantTimeText.equals(sent, session.csrfToken) else { return forbidden(session) }
        return nil
    }

    func forbidden(_ session: WebSession?) -> HTTPResponse {
        WebPage(title: "Something went wrong", body: """
            <h1>The link you followed has expired.</h1>
            <div class="notice notice-error" role="alert"><p>This form was not sent from your current dualgate session (a missing or wrong form token, or another site). Nothing was changed.</p></div>
            <p><a href="/wp-admin/profile.php">Back to your profile</a></p>
            """, status: 403, session: session, current: .none).response()
    }

    func hidden(_ session: WebSession) -> String {
        "<input type=\"hidden\" name=\"_csrf\" value=\"\(session.csrfToken)\">"
    }

    /// `Set-Cookie` for the session: HttpOnly, SameSite=Lax, Secure over HTTPS, for the whole site.
    static func sessionCookieHeader(_ value: String, https: Bool, maxAge: Int64? = nil) -> (name: String, value: String) {
        var text = "\(sessionCookie)=\(value); Path=/; HttpOnly; SameSite=Lax"
        if let maxAge { text += "; Max-Age=\(maxAge)" }
        if https { text += "; Secure" }
        return ("Set-Cookie", text)
    }
}

@available(*, unavailable) extension WebUI: Sendable {}

/// Constant-time comparison of two tokens (lengths are public).
enum ConstantTimeText {
    static func equals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count, !x.isEmpty else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}
