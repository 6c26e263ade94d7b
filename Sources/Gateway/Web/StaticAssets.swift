/// The web UI's one stylesheet and one script, served from dualgate itself (the CSP allows
/// nothing else). The script only adds copy-to-clipboard; every page works without it.
enum StaticAssets {
    static func response(for path: Substring) -> HTTPResponse? {
        switch path {
        case "/wp-admin/css/dualgate.css": return asset("text/css; charset=UTF-8", stylesheet)
        case "/wp-admin/js/dualgate.js": return asset("text/javascript; charset=UTF-8", script)
        default: return nil
        }
    }

    private static func asset(_ type: String, _ text: String) -> HTTPResponse {
        HTTPResponse(status: 200, contentType: type,
                     headers: [("Cache-Control", "public, max-age=3600"), ("X-Content-Type-Options", "nosniff")], body: Array(text.utf8))
    }

    static let script = """
        // dualgate: copy-to-clipboard for a new password. Buttons stay hidden without JavaScript.
        document.addEventListener('DOMContentLoaded', function () {
          document.querySelectorAll('button[data-copy]').forEach(function (button) {
            var target = document.getElementById(button.getAttribute('data-copy'));
            if (!target) { return; }
            button.hidden = false;
            var status = document.getElementById(button.getAttribute('data-copy') + '-status');
            button.addEventListener('click', function () {
              var text = target.value !== undefined ? target.value : target.textContent;
              var done = function () { if (status) { status.textContent = 'Copied!'; } };
              if (navigator.clipboard && window.isSecureContext) {
                navigator.clipboard.writeText(text).then(done, function () { target.select(); document.execCommand('copy'); done(); });
              } else {
                target.select();
                document.execCommand('copy');
                done();
              }
            });
          });
        });

        """

    static let stylesheet = """
        /* dualgate web UI: close to WordPress's admin look, readable on a phone. */
        *, *::before, *::after { box-sizing: border-box; }
        html { font-size: 14px; }
        body { margin: 0; background: #f0f0f1; color: #3c434a; line-height: 1.4;
          font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Oxygen-Sans, Ubuntu, Cantarell, "Helvetica Neue", sans-serif; }
        a { color: #2271b1; }
        a:hover, a:focus { color: #135e96; }
        h1 { font-size: 23px; font-weight: 400; margin: 0 0 16px; color: #1d2327; }
        h2 { font-size: 1.3em; margin: 24px 0 8px; color: #1d2327; }
        .adminbar { position: fixed; top: 0; left: 0; right: 0; height: 32px; background: #1d2327; color: #f0f0f1;
          display: flex; align-items: center; gap: 16px; padding: 0 12px; z-index: 10; font-size: 13px; }
        .adminbar .brand { font-weight: 600; }
        .adminbar .whoami { margin-left: auto; }
        .adminbar form { margin: 0; }
        .linkish { background: none; border: 0; color: #72aee6; cursor: pointer; font: inherit; padding: 0; }
        .linkish:hover, .linkish:focus { color: #fff; text-decoration: underline; }
        .menu { position: fixed; top: 32px; bottom: 0; left: 0; width: 160px; background: #1d2327; }
        .menu ul { list-style: none; margin: 12px 0; padding: 0; }
        .menu a { display: block; padding: 8px 12px; color: #f0f0f1; text-decoration: none; }
        .menu a:hover, .menu a:focus { color: #72aee6; background: #2c3338; }
        .menu a.current { background: #2271b1; color: #fff; }
        .admin .content { margin: 32px 0 0 160px; padding: 20px; max-width: 1200px; }
        .login .content { max-width: 340px; margin: 8% auto 0; padding: 0 12px; }
        .login h1 { text-align: center; font-size: 20px; margin-bottom: 24px; }
        .card { background: #fff; border: 1px solid #c3c4c7; box-shadow: 0 1px 1px rgba(0,0,0,.04); padding: 16px 20px; margin: 0 0 20px; }
        .login .card { padding: 26px 24px; }
        .card > h2:first-child, .card > h1:first-child { margin-top: 0; }
        .card > input[type=hidden] + p, .card > p:first-of-type { margin-top: 0; }
        .add-password { border-bottom: 1px solid #dcdcde; padding-bottom: 20px; margin-bottom: 20px; }
        .add-password h3, .list-heading { font-size: 1.1em; margin: 16px 0 12px; color: #1d2327; }
        .card .description + .actions { margin-top: 16px; }
        label { display: block; font-weight: 600; margin: 0 0 4px; color: #1d2327; }
        .field { margin: 0 0 16px; }
        .field .hint, .description { color: #646970; font-size: 13px; font-weight: 400; margin: 4px 0 0; }
        input[type=text], input[type=password], input[type=date], select { width: 100%; max-width: 25em; padding: 4px 8px; min-height: 34px;
          border: 1px solid #8c8f94; border-radius: 4px; font-size: 14px; background: #fff; color: #2c3338; }
        input:focus, select:focus, button:focus { outline: 2px solid #2271b1; outline-offset: 1px; }
        fieldset { border: 0; margin: 0 0 16px; padding: 0; }
        legend { font-weight: 600; color: #1d2327; margin-bottom: 4px; padding: 0; }
        .check { display: inline-flex; align-items: center; gap: 6px; font-weight: 400; margin: 0 16px 4px 0; }
        .button { display: inline-block; border: 1px solid #2271b1; border-radius: 3px; background: #f6f7f7; color: #2271b1;
          padding: 0 10px; min-height: 30px; line-height: 28px; font-size: 13px; cursor: pointer; text-decoration: none; }
        .button-primary { background: #2271b1; color: #fff; }
        .button-primary:hover, .button-primary:focus { background: #135e96; color: #fff; }
        .button-danger { border-color: #d63638; color: #d63638; }
        .button-danger:hover, .button-danger:focus { background: #d63638; color: #fff; }
        .inline { display: inline; margin: 0; }
        .actions { display: flex; flex-wrap: wrap; gap: 6px; }
        .notice { background: #fff; border: 1px solid #c3c4c7; border-left: 4px solid #72aee6; padding: 10px 12px; margin: 0 0 16px; }
        .notice-success { border-left-color: #00a32a; }
        .notice-error { border-left-color: #d63638; }
        .notice-warning { border-left-color: #dba617; }
        .notice p { margin: 4px 0; }
        .new-password { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; margin: 8px 0; }
        .new-password input { font-family: Consolas, Monaco, monospace; font-size: 16px; max-width: 22em; letter-spacing: .04em; }
        table.list { width: 100%; border-collapse: collapse; background: #fff; border: 1px solid #c3c4c7; }
        .list th, .list td { text-align: left; padding: 8px 10px; vertical-align: top; border-bottom: 1px solid #f0f0f1; }
        .list thead th { border-bottom: 1px solid #c3c4c7; font-weight: 400; color: #1d2327; }
        .list tbody tr:nth-child(odd) { background: #f6f7f7; }
        .status { font-weight: 600; }
        .status-pending { color: #996800; }
        .status-disabled, .status-expired { color: #b32d2e; }
        .status-active { color: #007017; }
        .settings th { width: 240px; font-weight: 600; }
        .settings code { font-size: 12px; color: #646970; }
        .muted { color: #646970; }
        .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
        @media (max-width: 782px) {
          html { font-size: 16px; }
          .adminbar { height: 46px; }
          .menu { position: static; width: auto; margin-top: 46px; }
          .menu ul { display: flex; flex-wrap: wrap; margin: 0; }
          .admin .content { margin: 0; padding: 12px; }
          .list thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
          .list, .list tbody, .list tr, .list td, .list th { display: block; width: 100%; }
          .list tr { border-bottom: 1px solid #c3c4c7; padding: 6px 0; }
          .list td, .list th { border: 0; padding: 4px 10px; }
          .list td[data-label]::before { content: attr(data-label) ": "; font-weight: 600; color: #1d2327; }
          .settings th { width: auto; }
          input[type=text], input[type=password], input[type=date], select { max-width: none; }
        }

        """
}
