#!/usr/bin/env python3
"""dualgate beside a static nginx, same machine, same run (issue: performance).

Each workload runs against dualgate and against nginx's `return 200` alternately (A B A B …),
PAIRS times, after a discarded warm-up on both; the table shows medians and the median of the
per-pair ratios. Then: idle RSS, RSS with 1 000 open connections, start-to-first-answer,
instructions per request under callgrind, and W1/W3 on a small store against a copy of it filled
with 100 000 passwords over 10 000 users: both servers up at once, measured in alternation the
same way (small large small large …), plus callgrind's instructions per request on each.

Environment: DURATION (seconds per wrk run, default 10), PAIRS (default 3), WARMUP (seconds of
discarded wrk before each workload's pairs, default 2, 0 for none), WRK_THREADS (2),
SKIP_CALLGRIND=1, SKIP_LARGE_STORE=1. Appends the result to bench/RESULTS.md.
"""
import base64
import datetime
import os
import platform
import re
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
# run.sh sets DUALGATE_BINARY to its statically linked build; by hand the ordinary release build.
BINARY = Path(os.environ.get("DUALGATE_BINARY", ROOT / ".build" / "release" / "dualgate"))
DURATION = int(os.environ.get("DURATION", "10"))
PAIRS = int(os.environ.get("PAIRS", "3"))
WARMUP = int(os.environ.get("WARMUP", "2"))
WRK_THREADS = os.environ.get("WRK_THREADS", "2")
# CALLGRIND_ONLY=1: only the instruction counts (no wrk, no nginx), for profiling between runs;
# KEEP_PROFILES=DIR keeps each workload's callgrind dump there for callgrind_annotate.
CALLGRIND_ONLY = os.environ.get("CALLGRIND_ONLY") == "1"
KEEP_PROFILES = os.environ.get("KEEP_PROFILES")
# ONLY=W1,W3: only those workloads against nginx, printed and not appended to RESULTS.md.
ONLY = [name for name in os.environ.get("ONLY", "").split(",") if name]
CLOCK_TICK = os.sysconf("SC_CLK_TCK")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def proc_ticks(pids):
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])     # utime, stime
        except (FileNotFoundError, ProcessLookupError):
            pass
    return total


def proc_status_kib(pids, key):
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith(key + ":"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            pass
    return total


def http(port, raw):
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(raw)
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    return data


class Dualgate:
    def __init__(self, db, extra=()):
        self.port = free_port()
        self.started_at = time.monotonic()
        self.process = subprocess.Popen([str(BINARY), "serve", "--port", str(self.port), "--db", db, *extra],
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.first_answer_ms = None
        while self.first_answer_ms is None:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: b\r\nConnection: close\r\n\r\n")
                    if s.recv(64).startswith(b"HTTP/1.1 200"):
                        self.first_answer_ms = (time.monotonic() - self.started_at) * 1000
            except OSError:
                if self.process.poll() is not None:
                    raise SystemExit("dualgate serve exited at start")
                time.sleep(0.0005)

    @property
    def pids(self):
        return [self.process.pid]

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


class Nginx:
    started = []

    def __init__(self):
        self.port = free_port()
        self.directory = tempfile.mkdtemp(prefix="dualgate-bench-nginx-")
        conf = Path(self.directory) / "nginx.conf"
        conf.write_text(f"""
worker_processes auto;
pid {self.directory}/nginx.pid;
error_log {self.directory}/error.log;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {self.directory};
    server {{
        listen 127.0.0.1:{self.port} reuseport;
        location / {{ return 200 "ok\\n"; }}
    }}
}}
""")
        self.process = subprocess.Popen(["nginx", "-c", str(conf), "-p", self.directory, "-g", "daemon off;"],
                                        stderr=subprocess.DEVNULL)
        Nginx.started.append(self.process)
        for _ in range(2000):
            try:
                if http(self.port, b"GET / HTTP/1.1\r\nHost: b\r\nConnection: close\r\n\r\n").startswith(b"HTTP/1.1 200"):
                    break
            except OSError:
                time.sleep(0.005)

    @property
    def pids(self):
        children = subprocess.run(["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True).stdout.split()
        return [self.process.pid, *map(int, children)]

    def stop(self):
        self.process.send_signal(signal.SIGQUIT)
        self.process.wait(timeout=30)


def to_ms(text):
    number, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk_command(port, workload, seconds):
    args = ["wrk", "-t", WRK_THREADS, "-c", str(workload["connections"]), "-d", f"{seconds}s", "--latency"]
    env = dict(os.environ)
    if workload.get("body"):
        env.update(BODY_FILE=workload["body"], CONTENT_TYPE=workload["type"], AUTH=workload.get("auth", ""))
        args += ["-s", str(BENCH / "lua" / "post.lua")]
    elif workload.get("auth"):
        args += ["-H", "Authorization: " + workload["auth"]]
    args.append(f"http://127.0.0.1:{port}{workload['path']}")
    return args, env


def warm_up(servers, workload):
    """A discarded wrk run on each server: the first run after a start or a change of workload
    once read 20 % low (W1 0.57 against nginx instead of 0.71)."""
    if WARMUP > 0:
        for server in servers:
            args, env = wrk_command(server.port, workload, WARMUP)
            subprocess.run(args, capture_output=True, env=env)


def wrk(server, workload):
    args, env = wrk_command(server.port, workload, DURATION)
    before = proc_ticks(server.pids)
    out = subprocess.run(args, capture_output=True, text=True, env=env).stdout
    cpu_seconds = (proc_ticks(server.pids) - before) / CLOCK_TICK
    distribution = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+(?:us|ms|s))\s*$", out, re.M))
    if len(distribution) < 2:
        raise SystemExit(f"wrk gave no latency figures for {workload['name']} on port {server.port}:\n{out}")
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    result = {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": to_ms(distribution["50"]),
        "p99": to_ms(distribution["99"]),
        "cpu_us": cpu_seconds * 1e6 / max(requests, 1),
        "errors": ("Socket errors" in out),
        "non2xx": int((re.search(r"Non-2xx or 3xx responses: (\d+)", out) or [0, 0])[1]),
        "requests": requests,
    }
    return result


def xml_call(method, params):
    def value(v):
        return f"<value><int>{v}</int></value>" if isinstance(v, int) else f"<value><string>{v}</string></value>"
    return (f"<?xml version='1.0'?><methodCall><methodName>{method}</methodName><params>"
            + "".join(f"<param>{value(p)}</param>" for p in params) + "</params></methodCall>")


def multicall(calls):
    entries = "".join(
        "<value><struct><member><name>methodName</name><value><string>%s</string></value></member>"
        "<member><name>params</name><value><array><data>%s</data></array></value></member></struct></value>"
        % (m, "".join(f"<value><string>{p}</string></value>" for p in ps)) for m, ps in calls)
    return ("<?xml version='1.0'?><methodCall><methodName>system.multicall</methodName><params><param>"
            f"<value><array><data>{entries}</data></array></value></param></params></methodCall>")


def cli(db, *args):
    return subprocess.run([str(BINARY), *args, "--db", db], capture_output=True, text=True, check=True).stdout


def make_store(directory):
    db = str(Path(directory) / "bench.sqlite")
    cli(db, "user", "add", "bench", "--role", "administrator", "--email", "bench@example.com")
    password = re.search(r'"password":"([^"]+)"', cli(db, "app-password", "create", "bench", "--name", "bench", "--json")).group(1)
    # W6 writes as another user, so that the passwords it creates do not grow the list that W1/W3 verify against.
    cli(db, "user", "add", "writer", "--role", "author")
    writer = re.search(r'"password":"([^"]+)"', cli(db, "app-password", "create", "writer", "--name", "writer", "--json")).group(1)
    return db, password, writer


def workloads(directory, login, password, writer_password):
    basic = "Basic " + base64.b64encode(f"{login}:{password}".encode()).decode()
    writer = "Basic " + base64.b64encode(f"writer:{writer_password}".encode()).decode()

    def body(name, text):
        path = Path(directory) / name
        path.write_text(text)
        return str(path)

    return [
        {"name": "W1 GET users/me (Basic)", "path": "/wp-json/wp/v2/users/me", "auth": basic, "connections": 64, "expect": b"200"},
        {"name": "W1 GET users/me (Basic), 256 conns", "path": "/wp-json/wp/v2/users/me", "auth": basic, "connections": 256, "expect": b"200"},
        {"name": "W2 XML-RPC demo.addTwoNumbers", "path": "/xmlrpc.php", "body": body("w2.xml", xml_call("demo.addTwoNumbers", [3, 4])),
         "type": "text/xml", "connections": 64, "expect": b"<int>7</int>"},
        {"name": "W3 XML-RPC wp.getUsersBlogs", "path": "/xmlrpc.php", "body": body("w3.xml", xml_call("wp.getUsersBlogs", [login, password])),
         "type": "text/xml", "connections": 64, "expect": b"blogid"},
        {"name": "W4 GET users/me, no credentials (401)", "path": "/wp-json/wp/v2/users/me", "connections": 64, "expect": b"401"},
        {"name": "W5 multicall of 10 wp.getUsersBlogs", "path": "/xmlrpc.php",
         "body": body("w5.xml", multicall([("wp.getUsersBlogs", [login, password])] * 10)), "type": "text/xml", "connections": 64,
         "expect": b"blogid"},
        {"name": "W6 POST application-passwords (write)", "path": "/wp-json/wp/v2/users/me/application-passwords", "auth": writer,
         "body": body("w6.json", '{"name":"bench"}'), "type": "application/json", "connections": 64, "expect": b"201"},
    ]


def check(port, workload):
    """One request before measuring, so that a broken workload is not measured as fast."""
    head = f"{'POST' if workload.get('body') else 'GET'} {workload['path']} HTTP/1.1\r\nHost: b\r\nConnection: close\r\n"
    payload = Path(workload["body"]).read_bytes() if workload.get("body") else b""
    if workload.get("auth"):
        head += f"Authorization: {workload['auth']}\r\n"
    if payload:
        head += f"Content-Type: {workload['type']}\r\nContent-Length: {len(payload)}\r\n"
    answer = http(port, head.encode() + b"\r\n" + payload)
    if workload["expect"] not in answer[:4096] and not answer.split(b"\r\n", 1)[0].endswith(workload["expect"] + b" Unauthorized"):
        raise SystemExit(f"{workload['name']}: unexpected answer {answer[:300]!r}")


def run_pairs(first, second, workload):
    """first second first second …, PAIRS pairs taken close together, so that the machine's drift
    (±10 % over minutes on a shared box) touches both sides of a pair alike."""
    warm_up((first, second), workload)
    return [(wrk(first, workload), wrk(second, workload)) for _ in range(PAIRS)]


def median_ratio(pairs):
    """The median over the pairs of second/first."""
    return statistics.median(p[1]["rps"] / p[0]["rps"] for p in pairs)


def against_nginx(pairs):
    median = lambda key, side: statistics.median(p[side][key] for p in pairs)
    return {
        "rps": median("rps", 0), "nginx_rps": median("rps", 1),
        "ratio": statistics.median(p[0]["rps"] / p[1]["rps"] for p in pairs),
        "p50": median("p50", 0), "p99": median("p99", 0), "nginx_p99": median("p99", 1),
        "cpu_us": median("cpu_us", 0), "nginx_cpu_us": median("cpu_us", 1),
        "errors": any(p[0]["errors"] for p in pairs),
    }


def open_connections(port, count):
    sockets = []
    for _ in range(count):
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: b\r\n\r\n")
        sockets.append(s)
    for s in sockets:
        s.recv(4096)
    return sockets


def callgrind(db, work, requests=int(os.environ.get("CALLGRIND_REQUESTS", "2000"))):
    """Instructions per request: zero the counters after a warm-up, send `requests`, dump."""
    port = free_port()
    out_file = Path(tempfile.mkdtemp(prefix="dualgate-callgrind-")) / "callgrind.out"
    process = subprocess.Popen(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out_file}", "--compress-strings=no", str(BINARY), "serve",
                                "--threads", "1", "--port", str(port), "--db", db],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(6000):
            try:
                http(port, b"GET /healthz HTTP/1.1\r\nHost: b\r\nConnection: close\r\n\r\n")
                break
            except OSError:
                time.sleep(0.01)
        figures = {}
        for workload in work:
            payload = Path(workload["body"]).read_bytes() if workload.get("body") else b""
            head = f"{'POST' if payload else 'GET'} {workload['path']} HTTP/1.1\r\nHost: b\r\n"
            if workload.get("auth"):
                head += f"Authorization: {workload['auth']}\r\n"
            if payload:
                head += f"Content-Type: {workload['type']}\r\nContent-Length: {len(payload)}\r\n"
            request = head.encode() + b"\r\n" + payload

            def send(count):
                with socket.create_connection(("127.0.0.1", port)) as s:
                    for _ in range(count):
                        s.sendall(request)
                        answer = b""
                        while b"\r\n\r\n" not in answer:
                            answer += s.recv(65536)
                        length = int(re.search(rb"Content-Length: (\d+)", answer, re.I).group(1))
                        body = answer.split(b"\r\n\r\n", 1)[1]
                        while len(body) < length:
                            body += s.recv(65536)

            # A write costs thousands of times a read: fewer of them keep the run short.
            count = requests if not workload["name"].startswith("W6") else max(requests // 10, 1)
            send(50)
            subprocess.run(["callgrind_control", "--zero", str(process.pid)], capture_output=True)
            send(count)
            for old in out_file.parent.glob("callgrind.out*"):
                old.unlink()
            subprocess.run(["callgrind_control", "--dump", str(process.pid)], capture_output=True)
            total = 0
            for dump in out_file.parent.glob("callgrind.out*"):
                match = re.search(r"^(?:summary|totals): (\d+)", dump.read_text(errors="replace"), re.M)
                total += int(match.group(1)) if match else 0
                if KEEP_PROFILES:
                    Path(KEEP_PROFILES).mkdir(parents=True, exist_ok=True)
                    (Path(KEEP_PROFILES) / (workload["name"].split()[0] + "." + dump.name)).write_bytes(dump.read_bytes())
            figures[workload["name"]] = total / count
        return figures
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()


def copy_store(db, name):
    """A copy beside `db` through SQLite's backup API, which reads the WAL too: the copy holds the
    same users and passwords."""
    copy = str(Path(db).with_name(name))
    source, target = sqlite3.connect(db), sqlite3.connect(copy)
    source.backup(target)
    source.close()
    target.close()
    return copy


def password_count(db):
    connection = sqlite3.connect(db)
    count = connection.execute("SELECT count(*) FROM application_passwords").fetchone()[0]
    connection.close()
    return count


def fill_large_store(db, users=10_000, per_user=10):
    """100 000 filler passwords over 10 000 users, inserted in one transaction (the CLI would
    spend an fsync per password). Their hashes match no password; the bench user's real one stays."""
    connection = sqlite3.connect(db)
    now = int(time.time())
    with connection:
        connection.executemany(
            "INSERT INTO users (login, email, display_name, nicename, role, registered) VALUES (?, ?, ?, ?, 'subscriber', ?)",
            ((f"filler{i}", f"filler{i}@example.com", f"filler{i}", f"filler{i}", now) for i in range(users)))
        ids = [row[0] for row in connection.execute("SELECT id FROM users WHERE login LIKE 'filler%'")]
        connection.executemany(
            "INSERT INTO application_passwords (uuid, user_id, app_id, name, password_hash, created, enabled_for, "
            "rest_api_permissions, xml_rpc_permissions) VALUES (?, ?, '', 'filler', ?, ?, 'rest-api,xml-rpc', 'write', 'write')",
            ((str(uuid.uuid4()), user, "$generic$" + base64.urlsafe_b64encode(os.urandom(30)).decode(), now)
             for user in ids for _ in range(per_user)))
    connection.close()


def machine():
    model = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines() if l.startswith("model name")), "?")
    return f"{os.cpu_count()} cores, {model}, Linux {platform.release()}"


def main():
    try:
        return measure()
    finally:
        for process in Nginx.started:
            if process.poll() is None:
                process.send_signal(signal.SIGQUIT)


def measure():
    directory = tempfile.mkdtemp(prefix="dualgate-bench-")
    db, password, writer = make_store(directory)
    work = workloads(directory, "bench", password, writer)
    if ONLY:
        # A quick look between changes: those workloads against nginx, printed, not recorded.
        work = [w for w in work if w["name"].split()[0] in ONLY]
        nginx, server = Nginx(), Dualgate(db)
        try:
            for workload in work:
                check(server.port, workload)
                r = against_nginx(run_pairs(server, nginx, workload))
                print(f"  {workload['name']}: {r['rps']:.0f} req/s (nginx {r['nginx_rps']:.0f}), x{r['ratio']:.2f}, "
                      f"p99 {r['p99']:.2f} ms (nginx {r['nginx_p99']:.2f}), CPU {r['cpu_us']:.1f} µs/req (nginx {r['nginx_cpu_us']:.1f})", flush=True)
        finally:
            server.stop()
            nginx.stop()
        return 0
    if CALLGRIND_ONLY:
        for name, figure in callgrind(db, [w for w in work if "256" not in w["name"]]).items():
            print(f"{name}: {figure:,.0f} instructions/request")
        return 0
    stores = None
    if os.environ.get("SKIP_LARGE_STORE") != "1":
        # Copied before W6 adds passwords to `db`: the small store keeps only the bench and writer
        # passwords; the large one is the same plus the filler.
        stores = copy_store(db, "small.sqlite"), copy_store(db, "large.sqlite")
        fill_large_store(stores[1])
    nginx = Nginx()
    server = Dualgate(db)
    idle_rss = proc_status_kib(server.pids, "VmRSS")
    results = []
    try:
        for workload in work:
            check(server.port, workload)
            results.append((workload, against_nginx(run_pairs(server, nginx, workload))))
            print(f"  {workload['name']}: {results[-1][1]['rps']:.0f} req/s, x{results[-1][1]['ratio']:.2f}", flush=True)
        sockets = open_connections(server.port, 1000)
        rss_1000 = proc_status_kib(server.pids, "VmRSS")
        for s in sockets:
            s.close()
        peak_rss = proc_status_kib(server.pids, "VmHWM")
        nginx_peak = proc_status_kib(nginx.pids, "VmHWM")
        first_answer = server.first_answer_ms
    finally:
        server.stop()

    nginx.stop()

    store_pairs = {}
    if stores:
        # Both up at once and measured in alternation, so that the comparison is paired like the
        # one with nginx rather than two runs minutes apart.
        small_server = Dualgate(stores[0])
        large_server = Dualgate(stores[1])
        try:
            for workload in (work[0], work[3]):
                check(large_server.port, workload)
                store_pairs[workload["name"]] = run_pairs(small_server, large_server, workload)
                print(f"  {workload['name']}, large store against small: x{median_ratio(store_pairs[workload['name']]):.3f}", flush=True)
        finally:
            small_server.stop()
            large_server.stop()

    skip_callgrind = os.environ.get("SKIP_CALLGRIND") == "1"
    instructions = {} if skip_callgrind else callgrind(db, [w for w in work if "256" not in w["name"]])
    store_instructions = ({}, {})
    if stores and not skip_callgrind:
        # On the two copies, which differ only by the filler (`db` has W6's passwords by now).
        store_instructions = tuple(callgrind(store, [work[0], work[3]]) for store in stores)

    lines = [f"## {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC — {machine()}",
             f"commit {subprocess.run(['git', '-C', str(ROOT), 'rev-parse', '--short', 'HEAD'], capture_output=True, text=True).stdout.strip()}, "
             f"wrk -t{WRK_THREADS} -d{DURATION}s, {PAIRS} A/B pairs per workload (medians), load generator on the same cores",
             "",
             "| workload | dualgate req/s | nginx req/s | ratio | p50 ms | p99 ms (nginx) | CPU µs/req (nginx) | instr/req |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for workload, r in results:
        ir = instructions.get(workload["name"])
        lines.append(f"| {workload['name']} | {r['rps']:.0f} | {r['nginx_rps']:.0f} | {r['ratio']:.2f} | {r['p50']:.2f} | {r['p99']:.2f} ({r['nginx_p99']:.2f}) | "
                     f"{r['cpu_us']:.1f} ({r['nginx_cpu_us']:.1f}) | {'' if ir is None else f'{ir:,.0f}'} |"
                     + (" socket errors" if r["errors"] else ""))
    lines += ["", f"- RSS idle {idle_rss / 1024:.1f} MB; with 1 000 open connections {rss_1000 / 1024:.1f} MB; "
                  f"peak {peak_rss / 1024:.1f} MB (nginx, all processes: {nginx_peak / 1024:.1f} MB)",
              f"- process start to first answered request: {first_answer:.1f} ms"]
    for name, pairs in store_pairs.items():
        rps = lambda side: statistics.median(p[side]["rps"] for p in pairs)
        small, large = (password_count(store) for store in stores)
        line = (f"- {name}: {rps(0):.0f} req/s on a small store ({small} passwords), {rps(1):.0f} on {large:,} passwords "
                f"over 10 000 users ({median_ratio(pairs) - 1:+.1%}, median of {len(pairs)} paired ratios, both servers up at once)")
        if name in store_instructions[1]:
            line += f" (callgrind: {store_instructions[0][name]:,.0f} instr/req small, {store_instructions[1][name]:,.0f} large)"
        lines.append(line)
    text = "\n".join(lines) + "\n"
    print("\n" + text)
    results_file = BENCH / "RESULTS.md"
    if not results_file.exists():
        results_file.write_text("# Benchmark results\n\nAppended by `bench/run.sh`; newest last.\n\n")
    with results_file.open("a") as f:
        f.write(text + "\n")


if __name__ == "__main__":
    sys.exit(main())
