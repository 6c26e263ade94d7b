#!/usr/bin/env python3
"""Checks the harness itself, without dualgate: the recorder, pause/resume, the start line, the
exports and the slow upstream. Exit 0 when every check holds; each failure is printed.

    python3 Tests/WordPressSite/check-harness.py

Starts its own site (and stops it), so it may run beside a test run.
"""
import base64, http.client, json, os, subprocess, sys, time, urllib.error, urllib.request, xmlrpc.client

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = f"{HERE}/wordpress-site.py"
failures = []


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what, flush=True)
    if not condition:
        failures.append(what)


def records(site):
    try:
        with open(site["received"]) as file:
            return [json.loads(line) for line in file]
    except FileNotFoundError:
        return []


def rest(site, method, path, login=None, password=None, body=None, headers=None):
    request = urllib.request.Request(site["url"] + path, method=method, data=body, headers=dict(headers or {}))
    if login:
        token = base64.b64encode(f"{login}:{password}".encode()).decode()
        request.add_header("Authorization", "Basic " + token)
    try:
        with urllib.request.urlopen(request, timeout=20) as reply:
            return reply.status, json.loads(reply.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def main():
    began = time.monotonic()
    started = subprocess.run([sys.executable, SCRIPT, "start", "--parent-pid", str(os.getpid())],
                             capture_output=True, text=True)
    if started.returncode != 0:
        print(started.stdout, started.stderr)
        return 1
    site = json.loads(started.stdout.strip().splitlines()[-1])
    print(f"site {site['url']} in {site['dir']} (WordPress {site['version']}, {time.monotonic() - began:.1f} s)")
    try:
        run(site)
    finally:
        subprocess.run([sys.executable, SCRIPT, "stop", site["dir"]])
    check(not os.path.exists(site["dir"]), "stop removes the site directory")
    print(f"{len(failures)} failure(s)")
    return 1 if failures else 0


def run(site):
    # The start line: what the gateway tests read.
    for key in ("url", "port", "dir", "version", "users", "received", "export", "export_users"):
        check(key in site, f"start line has {key}")
    check(site["url"].endswith(f":{site['port']}"), "port matches url")
    by_login = {user["login"]: user for user in site["users"]}
    check(sorted(by_login) == ["admin", "editor1", "subscriber1"], "three users")
    check(all({"login", "id", "role", "password", "uuid"} <= set(user) for user in site["users"]),
          "each user has login, id, role, password, uuid")
    check(by_login["admin"]["id"] == 1 and by_login["admin"]["role"] == "administrator", "admin is id 1, administrator")
    with open(site["site_json"] if "site_json" in site else site["dir"] + "/site.json") as file:
        check(json.loads(file.read())["url"] == site["url"], "site.json repeats the start line")
    export = json.load(open(site["export"]))
    users_only = json.load(open(site["export_users"]))
    check([u["user_login"] for u in export["users"]] == ["admin", "editor1", "subscriber1"], "export lists the users")
    check(all(isinstance(export["application_passwords"][str(u["id"])], list) for u in site["users"]),
          "export holds WordPress's stored passwords per user")
    stored = export["application_passwords"][str(by_login["editor1"]["id"])][0]
    check(stored["uuid"] == by_login["editor1"]["uuid"] and stored["password"].startswith("$"), "stored item: uuid and a hash")
    check(users_only["users"] == export["users"] and all(v is None for v in users_only["application_passwords"].values()),
          "export-users: same users, no passwords")
    check(set(export["users"][0]) == {"ID", "user_login", "display_name", "user_email", "user_registered", "roles"},
          "export users have WP-CLI's fields")

    # The recorder: a REST request with Basic auth, an anonymous one, an XML-RPC call.
    editor = by_login["editor1"]
    before = len(records(site))
    status, me = rest(site, "GET", "/wp-json/wp/v2/users/me?marker=rest-basic", editor["login"], editor["password"],
                      headers={"Cookie": "wordpress_test=1", "X-WP-Nonce": "abc"})
    check(status == 200 and me.get("id") == editor["id"], f"WordPress accepts the editor's application password ({status})")
    new = records(site)[before:]
    check(len(new) == 1, f"one line per request ({len(new)})")
    token = base64.b64encode(f"{editor['login']}:{editor['password']}".encode()).decode()
    line = new[0] if new else {}
    check(line.get("authorization") == "Basic " + token, "the raw Authorization header is recorded")
    check(line.get("auth_user") == "editor1", "PHP saw the Basic login (PHP_AUTH_USER)")
    check(line.get("method") == "GET" and line.get("uri") == "/wp-json/wp/v2/users/me?marker=rest-basic", "method and URI")
    check(line.get("headers", {}).get("cookie") == "wordpress_test=1" and line.get("headers", {}).get("x-wp-nonce") == "abc",
          "other headers (Cookie, X-WP-Nonce) are recorded")
    text = open(site["received"]).read()
    check(token in text, "grep finds the Basic token in received.jsonl (slashes unescaped)")

    before = len(records(site))
    status, _ = rest(site, "GET", "/wp-json/wp/v2/posts?marker=anonymous")
    new = records(site)[before:]
    check(status == 200 and len(new) == 1 and new[0]["authorization"] is None, "an anonymous request: no Authorization")

    before = len(records(site))
    proxy = xmlrpc.client.ServerProxy(site["url"] + "/xmlrpc.php")
    posts = proxy.wp.getPosts(1, editor["login"], editor["password"], {"number": 1})
    new = records(site)[before:]
    check(isinstance(posts, list), "XML-RPC wp.getPosts works with the application password")
    check(len(new) == 1 and new[0]["xmlrpc"] and editor["password"] in (new[0]["body"] or ""),
          "the XML-RPC body is recorded whole (the password is in it)")
    check(editor["password"] in open(site["received"]).read(), "grep finds the XML-RPC password in received.jsonl")

    # A 1 MiB body: length and hash, not the bytes.
    before = len(records(site))
    payload = b"a" * (1 << 20)
    status, _ = rest(site, "POST", "/wp-json/wp/v2/posts?marker=big", editor["login"], editor["password"], body=payload,
                     headers={"Content-Type": "text/plain"})
    new = records(site)[before:]
    check(len(new) == 1 and new[0]["body_bytes"] == 1 << 20 and new[0]["body"] is None, "a large body: length, no bytes")

    # Chunked request bodies: PHP's built-in server must read them (dualgate may forward chunked).
    connection = http.client.HTTPConnection("127.0.0.1", site["port"], timeout=20)
    connection.putrequest("POST", "/wp-json/wp/v2/posts?marker=chunked")
    connection.putheader("Authorization", "Basic " + token)
    connection.putheader("Content-Type", "application/json")
    connection.putheader("Transfer-Encoding", "chunked")
    connection.endheaders()
    body = json.dumps({"title": "chunked-harness-check", "status": "draft"}).encode()
    connection.send(b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body))
    reply = connection.getresponse()
    answer = json.loads(reply.read())
    check(reply.status == 201 and answer.get("title", {}).get("raw") == "chunked-harness-check",
          f"PHP's built-in server reads a chunked request body ({reply.status})")
    connection.close()

    # pause / resume: the web server only; same port; same data; the recorder still records.
    paused = subprocess.run([sys.executable, SCRIPT, "pause", site["dir"]], capture_output=True, text=True)
    check(paused.returncode == 0, f"pause exits 0 {paused.stderr}")
    try:
        urllib.request.urlopen(site["url"] + "/wp-json/", timeout=3)
        check(False, "paused site refuses connections")
    except urllib.error.URLError as error:
        check(isinstance(error.reason, ConnectionRefusedError), f"paused site refuses connections ({error.reason})")
    pids = open(site["dir"] + "/pids").read().split()
    check(len(pids) == 1 and os.path.exists(f"/proc/{pids[0]}"), "MariaDB keeps running while paused")
    check(subprocess.run([sys.executable, SCRIPT, "pause", site["dir"]], capture_output=True).returncode != 0,
          "pause twice is refused")
    began = time.monotonic()
    resumed = subprocess.run([sys.executable, SCRIPT, "resume", site["dir"]], capture_output=True, text=True)
    check(resumed.returncode == 0, f"resume exits 0 in {time.monotonic() - began:.1f} s {resumed.stderr}")
    status, me = rest(site, "GET", "/wp-json/wp/v2/users/me?marker=after-resume", editor["login"], editor["password"])
    check(status == 200 and me.get("id") == editor["id"], "after resume: same port, same users and passwords")
    check(any(r["uri"].endswith("marker=after-resume") for r in records(site)), "after resume: the recorder records")
    status, found = rest(site, "GET", "/wp-json/wp/v2/posts?search=chunked-harness-check&status=draft",
                         editor["login"], editor["password"])
    check(status == 200 and len(found) == 1, "after resume: the post written before the pause is there (same database)")

    # Pause/resume while a client holds a keep-alive connection open, then again (twice in a row).
    for round in range(2):
        check(subprocess.run([sys.executable, SCRIPT, "pause", site["dir"]], capture_output=True).returncode == 0, f"pause #{round + 2}")
        check(subprocess.run([sys.executable, SCRIPT, "resume", site["dir"]], capture_output=True).returncode == 0, f"resume #{round + 2}")
    status, _ = rest(site, "GET", "/wp-json/")
    check(status == 200, "answers after three pause/resume rounds")

    # The slow upstream (slow-upstream.py).
    slow = subprocess.Popen([sys.executable, f"{HERE}/slow-upstream.py", "--parent-pid", str(os.getpid())],
                            stdout=subprocess.PIPE, text=True)
    try:
        port = json.loads(slow.stdout.readline())["port"]
        began = time.monotonic()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/wp-json/fast", timeout=5) as reply:
            fast = json.loads(reply.read())
        fast_seconds = time.monotonic() - began
        check(fast.get("delayed") == 0 and fast_seconds < 0.5, f"slow upstream: a fast path at once ({fast_seconds:.3f} s)")
        began = time.monotonic()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/wp-json/slow?delay=1.5", timeout=5) as reply:
            delayed = json.loads(reply.read())
        slow_seconds = time.monotonic() - began
        check(delayed.get("delayed") == 1.5 and 1.4 < slow_seconds < 3, f"slow upstream: ?delay=1.5 ({slow_seconds:.2f} s)")
    finally:
        slow.terminate()
        slow.wait(timeout=5)


if __name__ == "__main__":
    sys.exit(main())
