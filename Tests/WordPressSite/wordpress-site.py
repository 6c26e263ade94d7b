#!/usr/bin/env python3
"""A throwaway real WordPress on 127.0.0.1, for comparing dualgate with the real thing and for
running dualgate in front of it (gateway mode, issue 13).

    wordpress-site.py start [--parent-pid PID]   prints one JSON line: url, port, dir, version, users,
                                                   received, export, export_users, startup_seconds
    wordpress-site.py stop DIR                     stops the site started in DIR and removes DIR
    wordpress-site.py pause DIR                    stops the web server only (MariaDB keeps running)
    wordpress-site.py resume DIR                   starts the web server again, on the same port
    wordpress-site.py missing                      names the Debian packages that are missing

Uses Debian's packages only (wordpress, php-cli, php-mysql, php-xml, mariadb-server): a MariaDB on
a Unix socket in a temp directory (no network, no grant tables: nothing but this site can reach
it), WordPress served by PHP's built-in server through a router, installed by a PHP script
calling wp_install, and one application password per user. Nothing is written outside the temp
directory: Debian's /usr/share/wordpress/wp-config.php wants /etc/wordpress/config-HOST.php, so
the router defines ABSPATH as the temp docroot, whose wp-config.php is ours and whose other
entries are symlinks into /usr/share/wordpress.

A must-use plugin (record-requests.php) appends one JSON line per request WordPress receives to
DIR/received.jsonl: method, URI, raw Authorization header, headers, body (whole for xmlrpc.php).
DIR/export.json and DIR/export-users.json are WP-CLI-shaped exports for `dualgate import
wordpress` (with WordPress's application passwords, and without any). DIR/site.json repeats the
start line.

With --parent-pid, a watchdog stops the site when that process ends (a test run that crashes
leaves nothing running). Exit code 3 when a package is missing, with the missing ones named.
"""
import json, os, secrets, shutil, signal, socket, subprocess, sys, tempfile, time, urllib.request

WORDPRESS = "/usr/share/wordpress"
HERE = os.path.dirname(os.path.abspath(__file__))


def missing_packages():
    checks = [("wordpress", os.path.isfile(f"{WORDPRESS}/wp-settings.php")),
              ("php-cli", shutil.which("php") is not None),
              ("mariadb-server", shutil.which("mariadbd") is not None or os.path.exists("/usr/sbin/mariadbd"))]
    if shutil.which("php"):
        modules = subprocess.run(["php", "-m"], capture_output=True, text=True).stdout.split()
        checks += [("php-mysql", "mysqli" in modules), ("php-xml", "xml" in modules)]
    return [name for name, present in checks if not present]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(predicate, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.02)
    raise SystemExit(f"wordpress-site: {what} did not come up within {seconds} s")


def start_database(root):
    data, sock = f"{root}/mysql", f"{root}/mysql.sock"
    os.mkdir(data)
    mariadbd = shutil.which("mariadbd") or "/usr/sbin/mariadbd"
    # No grant tables (so no mariadb-install-db, which takes seconds) and no TCP: only a process
    # that can open this socket file, inside our 0700 temp directory, reaches the server.
    # Durability is not wanted from a throwaway database.
    process = subprocess.Popen(
        [mariadbd, "--no-defaults", f"--datadir={data}", f"--socket={sock}", "--skip-networking",
         "--user=root", "--skip-grant-tables", "--skip-log-bin", f"--pid-file={root}/mysql.pid",
         f"--log-error={root}/mysql.log", "--innodb-buffer-pool-size=32M", "--innodb-log-file-size=16M",
         "--innodb-flush-log-at-trx-commit=0", "--innodb-doublewrite=0", "--skip-innodb-file-per-table"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    wait_for(lambda: os.path.exists(sock) or process.poll() is not None, 20, "mariadbd")
    if process.poll() is not None:
        raise SystemExit(f"wordpress-site: mariadbd exited; see {root}/mysql.log")
    return process, sock


def make_docroot(root, url, sock):
    docroot = f"{root}/docroot"
    os.mkdir(docroot)
    for entry in os.listdir(WORDPRESS):
        if entry not in ("wp-config.php", "wp-content"):
            os.symlink(f"{WORDPRESS}/{entry}", f"{docroot}/{entry}")
    os.makedirs(f"{docroot}/wp-content/uploads")
    # WPMU_PLUGIN_DIR is WP_CONTENT_DIR/mu-plugins (WP_CONTENT_DIR is this docroot's wp-content).
    os.makedirs(f"{docroot}/wp-content/mu-plugins")
    shutil.copy(f"{HERE}/record-requests.php", f"{docroot}/wp-content/mu-plugins/record-requests.php")
    for entry in ("themes", "plugins", "languages"):
        os.symlink(f"{WORDPRESS}/wp-content/{entry}", f"{docroot}/wp-content/{entry}")
    keys = "".join(f"define('{name}', '{secrets.token_hex(32)}');\n" for name in
                   ("AUTH_KEY", "SECURE_AUTH_KEY", "LOGGED_IN_KEY", "NONCE_KEY",
                    "AUTH_SALT", "SECURE_AUTH_SALT", "LOGGED_IN_SALT", "NONCE_SALT"))
    with open(f"{docroot}/wp-config.php", "w") as config:
        config.write(f"""<?php
define('DB_NAME', 'wordpress');
define('DB_USER', 'root');
define('DB_PASSWORD', '');
define('DB_HOST', 'localhost:{sock}');
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
{keys}define('WP_HOME', '{url}');
define('WP_SITEURL', '{url}');
define('WP_CONTENT_DIR', ABSPATH . 'wp-content');
// WordPress refuses application passwords over plain HTTP unless the site is 'local'.
define('WP_ENVIRONMENT_TYPE', 'local');
// No network: no update checks, no cron, no outgoing HTTP at all.
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('DISABLE_WP_CRON', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_DEBUG', false);
// The test recorder (mu-plugins/record-requests.php) writes every request received here.
define('DUALGATE_RECEIVED_LOG', '{root}/received.jsonl');
$table_prefix = 'wp_';
require_once ABSPATH . 'wp-settings.php';
""")
    shutil.copy(f"{HERE}/router.php", f"{root}/router.php")
    shutil.copy(f"{HERE}/install.php", f"{root}/install.php")
    return docroot


def php_environment(docroot):
    return dict(os.environ, DUALGATE_WP_DOCROOT=docroot, DUALGATE_WP_EXPORT_DIR=os.path.dirname(docroot))


def start_web_server(root, port):
    """PHP's built-in server on 127.0.0.1:port serving ROOT/docroot; returns the process once
    WordPress answers `/wp-json/` (or raises). Used by start and by resume."""
    docroot, url = f"{root}/docroot", f"http://127.0.0.1:{port}"
    log = open(f"{root}/php.log", "a")
    php = subprocess.Popen(["php", "-S", f"127.0.0.1:{port}", "-t", docroot, f"{root}/router.php"],
                           stdin=subprocess.DEVNULL, stdout=log, stderr=log, env=php_environment(docroot),
                           cwd=docroot, start_new_session=True)

    def answers():
        try:
            request = urllib.request.Request(f"{url}/wp-json/", headers={"X-Dualgate-Harness": "ready-check"})
            with urllib.request.urlopen(request, timeout=2) as reply:
                return reply.status == 200
        except Exception:
            return php.poll() is not None
    try:
        wait_for(answers, 20, "php -S")
    except BaseException:
        php.kill()
        raise
    if php.poll() is not None:
        raise SystemExit(f"wordpress-site: php -S exited; see {root}/php.log")
    return php


def start(parent_pid):
    absent = missing_packages()
    if absent:
        print(f"wordpress-site: missing Debian packages: {' '.join(absent)}", file=sys.stderr)
        sys.exit(3)
    began = time.monotonic()
    root = tempfile.mkdtemp(prefix="dualgate-wp-")
    try:
        launch(root, began, parent_pid)
    except BaseException:
        stop(root)
        raise


def launch(root, began, parent_pid):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    database, sock = start_database(root)
    docroot = make_docroot(root, url, sock)
    subprocess.run(["mariadb", "--no-defaults", f"--socket={sock}", "-u", "root", "-e",
                    "CREATE DATABASE wordpress CHARACTER SET utf8mb4"], check=True)
    installed = subprocess.run(["php", f"{root}/install.php"], capture_output=True, text=True,
                               env=php_environment(docroot), cwd=root)
    if installed.returncode != 0 or not installed.stdout.strip().startswith("["):
        raise SystemExit(f"wordpress-site: install failed: {installed.stdout[-2000:]} {installed.stderr[-2000:]}")
    users = json.loads(installed.stdout.strip().splitlines()[-1])
    php = start_web_server(root, port)
    with open(f"{root}/pids", "w") as pids:
        pids.write(f"{database.pid} {php.pid}\n")
    if parent_pid:
        watch(parent_pid, root)
    version = subprocess.run(["php", "-r", f"include '{WORDPRESS}/wp-includes/version.php'; echo $wp_version;"],
                             capture_output=True, text=True).stdout.strip()
    line = json.dumps({"url": url, "port": port, "dir": root, "version": version, "users": users,
                       "received": f"{root}/received.jsonl", "export": f"{root}/export.json",
                       "export_users": f"{root}/export-users.json",
                       "startup_seconds": round(time.monotonic() - began, 2)})
    with open(f"{root}/site.json", "w") as site:
        site.write(line + "\n")
    print(line, flush=True)


def pids_of(root):
    with open(f"{root}/pids") as pids:
        return [int(word) for word in pids.read().split()]


def pause(root):
    """Stops PHP's web server only: MariaDB keeps running, so `resume` brings WordPress back as it was.
    Returns once the port refuses connections."""
    pids = pids_of(root)
    if len(pids) < 2:
        raise SystemExit("wordpress-site: the web server is not running (paused already?)")
    database, php = pids[0], pids[1]
    try:
        os.killpg(php, signal.SIGKILL)
    except ProcessLookupError:
        pass
    with open(f"{root}/pids", "w") as file:
        file.write(f"{database}\n")
    port = site_port(root)

    def refused():
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return False
        except OSError:
            return True
    wait_for(refused, 10, "the web server's stop")


def resume(root):
    """Starts PHP's web server again on the port of the start line; returns when WordPress answers."""
    pids = pids_of(root)
    if len(pids) != 1:
        raise SystemExit("wordpress-site: the web server is running (not paused)")
    port = site_port(root)
    # The port was ours a moment ago; a bind can still fail briefly (e.g. a late connection's TIME_WAIT
    # without SO_REUSEADDR): retry for a few seconds.
    deadline = time.monotonic() + 10
    while True:
        try:
            php = start_web_server(root, port)
            break
        except SystemExit:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    with open(f"{root}/pids", "w") as file:
        file.write(f"{pids[0]} {php.pid}\n")


def site_port(root):
    with open(f"{root}/site.json") as site:
        return json.loads(site.read())["port"]


def watch(parent_pid, root):
    """Starts a detached watchdog (`watch ROOT PID`) that stops the site once `parent_pid` is gone.
    A new process, not a fork: a fork would keep every descriptor of ours open, and a parent that
    learns of our exit from a pipe closing (Foundation's Process does) would wait for the watchdog."""
    subprocess.Popen([sys.executable, os.path.abspath(__file__), "watch", root, str(parent_pid)],
                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                     close_fds=True, start_new_session=True)


def watchdog(root, parent_pid):
    while os.path.isdir(root):
        try:
            os.kill(parent_pid, 0)
        except ProcessLookupError:
            stop(root)
            break
        time.sleep(0.5)


def stop(root):
    try:
        with open(f"{root}/pids") as pids:
            for pid in (int(word) for word in pids.read().split()):
                try:
                    os.killpg(pid, signal.SIGKILL)   # each child leads its own session (start_new_session)
                except ProcessLookupError:
                    pass
    except FileNotFoundError:
        pass
    shutil.rmtree(root, ignore_errors=True)


def main(argv):
    if len(argv) >= 2 and argv[1] == "start":
        parent = int(argv[3]) if len(argv) >= 4 and argv[2] == "--parent-pid" else 0
        start(parent)
    elif len(argv) == 3 and argv[1] == "stop":
        if not os.path.basename(argv[2].rstrip("/")).startswith("dualgate-wp-"):
            raise SystemExit("wordpress-site: not a site directory")
        stop(argv[2])
    elif len(argv) == 3 and argv[1] in ("pause", "resume"):
        if not os.path.basename(argv[2].rstrip("/")).startswith("dualgate-wp-"):
            raise SystemExit("wordpress-site: not a site directory")
        (pause if argv[1] == "pause" else resume)(argv[2])
    elif len(argv) == 4 and argv[1] == "watch":
        watchdog(argv[2], int(argv[3]))
    elif len(argv) == 2 and argv[1] == "missing":
        print(" ".join(missing_packages()))
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main(sys.argv)
