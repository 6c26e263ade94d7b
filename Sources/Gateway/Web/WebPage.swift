import CredentialCore

/// One rendered page and the headers every page carries (issue 16 item 5): a strict CSP (no inline
/// script or style, no framing), no caching (the pages show personal data, some a password once),
/// no MIME sniffing. `body` is HTML already built from escaped values.
struct WebPage {
    var title: String
    var body: String
    var status = 200
    /// Who is signed in: the admin bar and menu; nil on the sign-in page.
    var session: WebSession?
    /// The menu entry to highlight.
    var current: MenuEntry = .profile
    /// The authorize page: no `Referer` leaves it (its URL names the application's callbacks).
    var noReferrer = false
    var extraHeaders: [(name: String, value: String)] = []

    enum MenuEntry { case profile, users, settings, none }

    static let securityHeaders: [(name: String, value: String)] = [
        ("Content-Security-Policy", "default-src 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'"),
        ("X-Frame-Options", "DENY"),
        ("X-Content-Type-Options", "nosniff"),
        ("Cache-Control", "no-store"),
    ]

    func response() -> HTTPResponse {
        var headers = Self.securityHeaders
        headers.append(("Referrer-Policy", noReferrer ? "no-referrer" : "same-origin"))
        headers += extraHeaders
        return HTTPResponse(status: status, contentType: "text/html; charset=UTF-8", headers: headers, body: Array(document.utf8))
    }

    private var document: String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTML.escape(title)) ‹ dualgate</title>
        <link rel="stylesheet" href="/wp-admin/css/dualgate.css">
        <script src="/wp-admin/js/dualgate.js" defer></script>
        </head>
        <body class="\(session == nil ? "login" : "admin")">
        \(session.map(chrome) ?? "")
        <main id="content" class="content">
        \(body)
        </main>
        </body>
        </html>
        """
    }

    /// The admin bar (site name, who is signed in, sign-out) and the side menu.
    private func chrome(_ session: WebSession) -> String {
        let isAdmin = session.user.role == .administrator
        func entry(_ entry: MenuEntry, _ href: String, _ label: String) -> String {
            let mark = entry == current ? " class=\"current\" aria-current=\"page\"" : ""
            return "<li><a href=\"\(href)\"\(mark)>\(label)</a></li>"
        }
        return """
        <header class="adminbar">
        <span class="brand">dualgate</span>
        <span class="whoami">Howdy, \(HTML.escape(session.user.displayName))</span>
        <form method="post" action="/wp-login.php?action=logout" class="signout">
        <input type="hidden" name="_csrf" value="\(session.csrfToken)">
        <button type="submit" class="linkish">Log Out</button>
        </form>
        </header>
        <nav class="menu" aria-label="Main menu"><ul>
        \(entry(.profile, "/wp-admin/profile.php", "Profile"))
        \(isAdmin ? entry(.users, "/wp-admin/users.php", "Users") : "")
        \(isAdmin ? entry(.settings, "/wp-admin/options-general.php", "Settings") : "")
        </ul></nav>
        """
    }

    /// A 303 to a path on this site (after a POST: the browser then GETs it, so a reload does not
    /// repeat the action).
    static func redirect(_ location: String, headers: [(name: String, value: String)] = []) -> HTTPResponse {
        HTTPResponse(status: 303, contentType: "text/plain; charset=UTF-8",
                     headers: [("Location", location), ("Cache-Control", "no-store")] + headers, body: Array("See \(location)\n".utf8))
    }
}
