#!/usr/bin/env python3
"""dualgate beside a static nginx, same machine, same run (issue: performance).

Each workload runs against dualgate and against nginx alternately (A B A B …), PAIRS times, after
a discarded warm-up on both; the table shows medians and the median of the per-pair ratios.
nginx is the fair ceiling (issue 11, item 6): for each workload it answers wrk's same request
with the status, Content-Type, other header fields and body length of dualgate's live answer to
it, keeps every connection (keepalive_requests 1e9) and runs as many workers as dualgate has
threads; the run checks that before and after and stops loudly when it does not hold (see
bench/README.md). Then: idle RSS, RSS with 1 000 open connections, start-to-first-answer,
instructions per request under callgrind, and W1/W3 on a small store against a copy of it filled
with 100 000 passwords over 10 000 users: both servers up at once, measured in alternation the
same way (small large small large …), plus callgrind's instructions per request on each.

Environment: DURATION (seconds per wrk run, default 10), PAIRS (default 5), WARMUP (seconds of
discarded wrk before each workload's pairs, default 2, 0 for none), WRK_THREADS (2),
SKIP_CALLGRIND=1, SKIP_LARGE_STORE=1, THREADS (dualgate's event loops = nginx's workers; default
one per core), RUN_NOTE (words added to the RESULTS.md heading), PIN=1 (servers on SERVER_CPUS,
default "0", wrk on LOAD_CPUS, default "1", with taskset; THREADS and WRK_THREADS then default to
the number of CPUs each side has), SUMMARY_JSON=FILE (the figures as JSON, for bench/targets.py).
Appends the result to bench/RESULTS.md (not with ONLY=).
"""
import base64
import datetime
import json
import os
import platform
import re
import signal
import socket
import ssl
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
# The README's release build (Package.swift links the Swift runtime in); run.sh builds it first.
BINARY = Path(os.environ.get("DUALGATE_BINARY", ROOT / ".build" / "release" / "dualgate"))
DURATION = int(os.environ.get("DURATION", "10"))
PAIRS = int(os.environ.get("PAIRS", "5"))
# PIN=1: the servers (dualgate, nginx) on SERVER_CPUS and wrk on LOAD_CPUS (taskset lists), so that
# the load generator never takes the server's core; unpinned, the scheduler mixes them on both.
PIN = os.environ.get("PIN") == "1"
SERVER_CPUS = os.environ.get("SERVER_CPUS", "0")
LOAD_CPUS = os.environ.get("LOAD_CPUS", "1")


def cpu_count(cpus):
    """How many CPUs a taskset list such as "0", "0,2" or "0-1" names."""
    return sum(int(part.split("-")[1]) - int(part.split("-")[0]) + 1 if "-" in part else 1 for part in cpus.split(","))


def on_server_cpus(command):
    """`command` run on the server's CPUs when pinned (taskset execs: the PID stays the command's)."""
    return ["taskset", "-c", SERVER_CPUS, *command] if PIN else list(command)


def on_load_cpus(command):
    return ["taskset", "-c", LOAD_CPUS, *command] if PIN else list(command)


WARMUP = int(os.environ.get("WARMUP", "2"))
WRK_THREADS = os.environ.get("WRK_THREADS", str(cpu_count(LOAD_CPUS)) if PIN else "2")
# CALLGRIND_ONLY=1: only the instruction counts (no wrk, no nginx), for profiling between runs;
# KEEP_PROFILES=DIR keeps each workload's callgrind dump there for callgrind_annotate.
CALLGRIND_ONLY = os.environ.get("CALLGRIND_ONLY") == "1"
# Extra `serve` flags for dualgate, e.g. SERVE_ARGS="--metrics 127.0.0.1:0 --access-log /tmp/a.jsonl" (issue 17's cost).
SERVE_ARGS = os.environ.get("SERVE_ARGS", "").split()
KEEP_PROFILES = os.environ.get("KEEP_PROFILES")
# ONLY=W1,W3: only those workloads against nginx, printed and not appended to RESULTS.md.
ONLY = [name for name in os.environ.get("ONLY", "").split(",") if name]
CLOCK_TICK = os.sysconf("SC_CLK_TCK")
# dualgate's event loops and nginx's worker processes: the same number, so that nginx is as
# parallel as we are (dualgate's own default is also one per core).
THREADS = int(os.environ.get("THREADS", "0")) or (cpu_count(SERVER_CPUS) if PIN else os.cpu_count())
# nginx closes a connection after keepalive_requests answers (default 1 000) and wrk reconnects,
# while dualgate keeps its connections: unlimited in practice here (a 10 s run at 150k req/s over
# 64 connections is ~25k requests per connection).
NGINX_KEEPALIVE_REQUESTS = 1_000_000_000


def free_port():
    """A free port of five digits, so that wrk's `Host: 127.0.0.1:PORT` is as long for every server."""
    while True:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port >= 10000:
            return port


def proc_ticks(pids):
    return sum(proc_ticks_split(pids))


def proc_ticks_split(pids):
    """(user, kernel) clock ticks of `pids` so far: where a server's CPU per request goes."""
    user = kernel = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            user += int(fields[11])      # utime
            kernel += int(fields[12])    # stime
        except (FileNotFoundError, ProcessLookupError):
            pass
    return user, kernel


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


def connect(port, tls=False, timeout=10):
    """A connection to 127.0.0.1:port; with tls, TLS 1.3 without certificate checks (wrk checks none either)."""
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    if not tls:
        return s
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    context.minimum_version = ssl.TLSVersion.TLSv1_3
    return context.wrap_socket(s, server_hostname="localhost")


def http(port, raw, tls=False):
    with connect(port, tls) as s:
        s.sendall(raw)
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    return data


def tcp_passive_opens():
    """Connections accepted on this machine so far (all ports: other loopback traffic counts too)."""
    lines = [l.split() for l in Path("/proc/net/snmp").read_text().splitlines() if l.startswith("Tcp:")]
    return int(lines[1][lines[0].index("PassiveOpens")])


class Answer:
    """One HTTP answer as received: status, header fields, head length (status line to the blank
    line included) and body."""

    def __init__(self, raw_head, body):
        lines = raw_head.decode("latin-1").split("\r\n")
        self.status_line = lines[0]
        self.status = int(lines[0].split()[1])
        self.headers = [tuple(part.strip() for part in line.split(":", 1)) for line in lines[1:] if line]
        self.head_length = len(raw_head) + 4
        self.body = body

    def header(self, name):
        return next((value for key, value in self.headers if key.lower() == name.lower()), None)


def fetch(port, request, tls=False):
    """Sends `request` (exact bytes) on a fresh connection and reads one answer by its Content-Length."""
    with connect(port, tls) as s:
        s.sendall(request)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = s.recv(65536)
            if not chunk:
                raise SystemExit(f"port {port}: connection closed before a whole head: {data[:300]!r}")
            data += chunk
        raw_head, body = data.split(b"\r\n\r\n", 1)
        answer = Answer(raw_head, b"")
        length = int(answer.header("Content-Length") or "0")
        while len(body) < length:
            chunk = s.recv(65536)
            if not chunk:
                break
            body += chunk
        answer.body = body
        return answer


class Dualgate:
    def __init__(self, db, extra=(), tls=None, cwd=None):
        """tls: (certificate, key) PEM paths for `serve --tls-cert --tls-key`; cwd: its working
        directory (files a store puts beside itself land there when the store is a URL)."""
        self.port = free_port()
        self.tls = tls is not None
        self.started_at = time.monotonic()
        tls_args = ["--tls-cert", tls[0], "--tls-key", tls[1]] if tls else []
        # Its output to a file, never an unread pipe (a full pipe would stop the server mid-run).
        self.log = tempfile.NamedTemporaryFile(prefix="dualgate-bench-serve-", suffix=".log", delete=False)
        self.process = subprocess.Popen(on_server_cpus([str(BINARY), "serve", "--port", str(self.port), "--db", db,
                                                        "--threads", str(THREADS), *tls_args, *SERVE_ARGS, *extra]),
                                        stdout=self.log, stderr=subprocess.STDOUT, cwd=cwd)
        self.first_answer_ms = None
        while self.first_answer_ms is None:
            try:
                with connect(self.port, self.tls, timeout=1) as s:
                    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: b\r\nConnection: close\r\n\r\n")
                    if s.recv(64).startswith(b"HTTP/1.1 200"):
                        self.first_answer_ms = (time.monotonic() - self.started_at) * 1000
            except OSError:
                if self.process.poll() is not None:
                    raise SystemExit(f"dualgate serve exited at start:\n{Path(self.log.name).read_text(errors='replace')[-1500:]}")
                time.sleep(0.0005)

    def port_for(self, workload):
        return self.port

    def accepts(self):
        """Not ours alone: the machine's TCP PassiveOpens (exact on a quiet box)."""
        return tcp_passive_opens()

    @property
    def pids(self):
        return [self.process.pid]

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)
        self.log.close()
        os.unlink(self.log.name)


def nginx_string(raw):
    """`raw` (bytes) as one double-quoted nginx config string: nginx's parser turns \\ \" \n \r \t
    back into the bytes; `$` would start a variable, so it is written ${dollar} (a geo constant)."""
    text = raw.decode("latin-1")     # byte for byte; the config file is written as latin-1 too
    for old, new in (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\r", "\\r"), ("\t", "\\t"), ("$", "${dollar}")):
        text = text.replace(old, new)
    return f'"{text}"'


# Headers that nginx writes itself on every answer (Date, Content-Length, and Content-Type from
# default_type); the rest of dualgate's header fields are repeated with add_header.
NGINX_OWN_HEADERS = {"date", "content-type", "content-length", "connection", "server", "transfer-encoding"}


class Nginx:
    """The ceiling: nginx answering each workload on its own port with what dualgate answered to
    the same request (status, Content-Type, other header fields, body of the same bytes), from
    memory (`return`), keep-alive unlimited in practice, access log off, THREADS workers."""
    started = []

    def __init__(self, answers, tls=None):
        """tls: (certificate, key) PEM paths: every workload's server then speaks TLS 1.3 only."""
        self.directory = tempfile.mkdtemp(prefix="dualgate-bench-nginx-")
        self.tls = tls is not None
        self.ports = {name: free_port() for name in answers}
        self.status_port = free_port()
        self.status_queries = 0
        maps, servers = [], []
        for index, (name, answer) in enumerate(answers.items()):
            # One `return` string may hold ~4 000 characters (the config parser's buffer); a longer
            # body (W5's 5 KB) is the concatenation of constant map variables, which costs nginx
            # one copy of the body per request.
            chunks = [answer.body[i:i + 1000] for i in range(0, len(answer.body), 1000)] or [b""]
            if len(chunks) == 1:
                text = nginx_string(chunks[0])
            else:
                for part, chunk in enumerate(chunks):
                    maps.append(f"    map \"\" $body_{index}_{part} {{ default {nginx_string(chunk)}; }}")
                text = '"' + "".join(f"${{body_{index}_{part}}}" for part in range(len(chunks))) + '"'
            headers = "".join(f"            add_header {key} {nginx_string(value.encode('latin-1'))} always;\n"
                              for key, value in answer.headers if key.lower() not in NGINX_OWN_HEADERS)
            servers.append(f"""    server {{   # {name}
        listen 127.0.0.1:{self.ports[name]}{" ssl" if tls else ""} reuseport;
        location / {{
            default_type {nginx_string((answer.header("Content-Type") or "text/plain").encode("latin-1"))};
{headers}            return {answer.status} {text};
        }}
    }}""")
        self.config = f"""# dualgate bench: the fair ceiling (bench/README.md)
worker_processes {THREADS};
pid {self.directory}/nginx.pid;
error_log {self.directory}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    server_tokens off;
    keepalive_requests {NGINX_KEEPALIVE_REQUESTS};
    keepalive_timeout 300s;
    keepalive_time 24h;
    types {{ }}
    client_body_temp_path {self.directory};
    geo $dollar {{ default "$"; }}
{f"    ssl_certificate {tls[0]};{chr(10)}    ssl_certificate_key {tls[1]};{chr(10)}    ssl_protocols TLSv1.3;" if tls else ""}
{chr(10).join(maps)}
{chr(10).join(servers)}
    server {{
        listen 127.0.0.1:{self.status_port};
        location / {{ stub_status; }}
    }}
}}
"""
        conf = Path(self.directory) / "nginx.conf"
        conf.write_text(self.config, encoding="latin-1")
        test = subprocess.run(["nginx", "-t", "-q", "-c", str(conf), "-p", self.directory], capture_output=True, text=True)
        if test.returncode != 0:
            raise SystemExit(f"nginx refused the ceiling's config {conf}:\n{test.stderr}")
        self.process = subprocess.Popen(on_server_cpus(["nginx", "-c", str(conf), "-p", self.directory, "-g", "daemon off;"]),
                                        stderr=subprocess.DEVNULL)
        Nginx.started.append(self.process)
        for _ in range(2000):
            try:
                self.accepts()
                break
            except OSError:
                time.sleep(0.005)
        self.version = subprocess.run(["nginx", "-v"], capture_output=True, text=True).stderr.strip().split("/")[-1]
        # As parallel as dualgate, and no more: THREADS worker processes (dualgate: --threads THREADS).
        for _ in range(400):
            if len(self.pids) - 1 == THREADS:
                break
            time.sleep(0.005)
        else:
            raise SystemExit(f"nginx runs {len(self.pids) - 1} workers, not {THREADS}")
        if "access_log off;" not in self.config or self.config.count("access_log") != 1:
            raise SystemExit("the ceiling's nginx must not log requests (dualgate logs none)")

    def port_for(self, workload):
        return self.ports[workload["name"]]

    def accepts(self):
        """Connections nginx accepted, less those of these status queries (stub_status)."""
        text = http(self.status_port, b"GET / HTTP/1.1\r\nHost: b\r\nConnection: close\r\n\r\n").decode()
        self.status_queries += 1
        accepts = int(re.search(r"server accepts handled requests\s+(\d+)", text).group(1))
        return accepts - self.status_queries

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


def wrk_command(port, workload, seconds, request_file=None, tls=False):
    """The same wrk command for dualgate and for nginx: every workload's request is built by
    lua/request.lua (method, Authorization, Content-Type and body), so both get the same bytes."""
    args = on_load_cpus(["wrk", "-t", WRK_THREADS, "-c", str(workload["connections"]), "-d", f"{seconds}s", "--latency",
                         "-s", str(BENCH / "lua" / "request.lua"), f"{'https' if tls else 'http'}://127.0.0.1:{port}{workload['path']}"])
    env = dict(os.environ, METHOD="POST" if workload.get("body") else "GET", BODY_FILE=workload.get("body", ""),
               CONTENT_TYPE=workload.get("type", ""), AUTH=workload.get("auth", ""), REQUEST_FILE=str(request_file or ""),
               REQUEST_ONLY="0")
    return args, env


def wrk_request(port, workload, tls=False):
    """The exact bytes that wrk sends for `workload` to `port` (request.lua writes them and exits
    before sending anything; wrk only opens and closes one connection to check the address)."""
    path = Path(tempfile.mkdtemp(prefix="dualgate-bench-request-")) / "request"
    args, env = wrk_command(port, workload, 1, path, tls)
    env["REQUEST_ONLY"] = "1"
    subprocess.run(args, capture_output=True, env=env, check=True)
    return path.read_bytes()


def warm_up(servers, workload):
    """A discarded wrk run on each server: the first run after a start or a change of workload
    once read 20 % low (W1 0.57 against nginx instead of 0.71)."""
    if WARMUP > 0:
        for server in servers:
            args, env = wrk_command(server.port_for(workload), workload, WARMUP, tls=server.tls)
            subprocess.run(args, capture_output=True, env=env)


def wrk(server, workload):
    port = server.port_for(workload)
    request_file = Path(tempfile.mkdtemp(prefix="dualgate-bench-request-")) / "request"
    args, env = wrk_command(port, workload, DURATION, request_file, server.tls)
    accepts_before = server.accepts()
    before = proc_ticks_split(server.pids)
    out = subprocess.run(args, capture_output=True, text=True, env=env).stdout
    after = proc_ticks_split(server.pids)
    user_seconds, kernel_seconds = ((a - b) / CLOCK_TICK for a, b in zip(after, before))
    cpu_seconds = user_seconds + kernel_seconds
    accepts = server.accepts() - accepts_before
    distribution = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+(?:us|ms|s))\s*$", out, re.M))
    if len(distribution) < 2:
        raise SystemExit(f"wrk gave no latency figures for {workload['name']} on port {port}:\n{out}")
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    errors = re.search(r"Socket errors:.*", out)
    # wrk opens one connection to check the address before its `connections`: nginx must accept no more.
    if isinstance(server, Nginx) and accepts > workload["connections"] + 1:
        raise SystemExit(f"CEILING NOT FAIR: nginx accepted {accepts} connections during a {workload['connections']}-connection "
                         f"run of {workload['name']} (wrk opens {workload['connections']} + 1 to check the address): "
                         f"it closed connections and wrk reconnected\n{out}")
    # What wrk sent in this run, kept for the check against the other server's.
    server.sent = getattr(server, "sent", {})
    server.sent[workload["name"]] = request_file.read_bytes()
    result = {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": to_ms(distribution["50"]),
        "p99": to_ms(distribution["99"]),
        "cpu_us": cpu_seconds * 1e6 / max(requests, 1),
        "user_us": user_seconds * 1e6 / max(requests, 1),
        "kernel_us": kernel_seconds * 1e6 / max(requests, 1),
        "errors": errors.group(0) if errors else "",
        "non2xx": int((re.search(r"Non-2xx or 3xx responses: (\d+)", out) or [0, 0])[1]),
        "requests": requests,
        "accepts": accepts,
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


def live_answers(server, work):
    """dualgate's answer to each workload's exact wrk request, taken from the live server at bench
    time (lengths depend on the Host, the store and the build): the ceiling answers the same."""
    answers = {}
    for workload in work:
        answer = fetch(server.port, wrk_request(server.port, workload, server.tls), server.tls)
        if workload["expect"] not in answer.status_line.encode() + b"\n" + answer.body[:4096]:
            raise SystemExit(f"{workload['name']}: unexpected answer {answer.status_line!r} {answer.body[:300]!r}")
        answers[workload["name"]] = answer
    return answers


def ceiling_check(server, nginx, work, after_run):
    """Is the ceiling what it claims? Per workload: wrk sent both servers the same request (the
    same bytes but for the port in Host; after a run, the bytes of that run), and nginx answers it
    with dualgate's status, Content-Type and body length (dualgate asked again now). Prints a line
    per workload; stops the bench when one differs. (That nginx kept its connections is checked
    after each wrk run, in wrk().)"""
    rows, failures = [], []
    for workload in work:
        name, short = workload["name"], workload["name"].split()[0] + ("/256" if "256" in workload["name"] else "")
        ports = server.port_for(workload), nginx.port_for(workload)
        if after_run:
            sent = server.sent[name], nginx.sent[name]
        else:
            sent = tuple(wrk_request(port, workload, server.tls) for port in ports)
        normal = [sorted(raw.replace(f"127.0.0.1:{port}".encode(), b"127.0.0.1:PORT").split(b"\r\n")) for raw, port in zip(sent, ports)]
        ours, theirs = fetch(ports[0], sent[0], server.tls), fetch(ports[1], sent[1], nginx.tls)
        problems = []
        if len(sent[0]) != len(sent[1]) or normal[0] != normal[1]:
            problems.append(f"wrk sent different requests:\n{sent[0]!r}\n{sent[1]!r}")
        if ours.status != theirs.status:
            problems.append(f"status {ours.status} against nginx's {theirs.status}")
        if len(ours.body) != len(theirs.body):
            problems.append(f"body {len(ours.body)} bytes against nginx's {len(theirs.body)}")
        if ours.header("Content-Type") != theirs.header("Content-Type"):
            problems.append(f"Content-Type {ours.header('Content-Type')!r} against nginx's {theirs.header('Content-Type')!r}")
        rows.append(f"  {short:7} request {len(sent[0])}/{len(sent[1])} B, status {ours.status}/{theirs.status}, "
                    f"body {len(ours.body)}/{len(theirs.body)} B ({'same bytes' if ours.body == theirs.body else 'same length' if len(ours.body) == len(theirs.body) else 'DIFFERENT'}), head {ours.head_length}/{theirs.head_length} B (dualgate/nginx)"
                    + ("  <-- " + "; ".join(problems) if problems else ""))
        failures += [f"{name}: {problem}" for problem in problems]
    print(f"ceiling check ({'after the run' if after_run else 'before the run'}):\n" + "\n".join(rows), flush=True)
    if failures:
        raise SystemExit("CEILING NOT FAIR, nothing recorded:\n" + "\n".join(failures))
    return rows


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
        "user_us": median("user_us", 0), "nginx_user_us": median("user_us", 1),
        "kernel_us": median("kernel_us", 0), "nginx_kernel_us": median("kernel_us", 1),
        "errors": "; ".join(sorted({p[0]["errors"] for p in pairs if p[0]["errors"]})),
        "nginx_errors": "; ".join(sorted({p[1]["errors"] for p in pairs if p[1]["errors"]})),
        "accepts": max(p[0]["accepts"] for p in pairs), "nginx_accepts": max(p[1]["accepts"] for p in pairs),
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
                                "--threads", "1", "--port", str(port), "--db", db] + SERVE_ARGS,
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


def build():
    """Which dualgate was measured: the binary, release or debug, the Swift runtime linked in or
    not (ldd), the commit it was built from (with -dirty when Sources/ or Package.swift differ)."""
    git = lambda *args: subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True).stdout.strip()
    commit = git("rev-parse", "--short", "HEAD")
    if git("status", "--porcelain", "--", "Sources", "Package.swift", "Package.resolved"):
        commit += "-dirty"
    if not BINARY.resolve().is_relative_to(ROOT):
        # DUALGATE_BINARY from another tree: this checkout's commit would be a wrong label.
        commit = f"of unknown commit (binary outside this checkout; the bench scripts at {commit})"
    linked = subprocess.run(["ldd", str(BINARY)], capture_output=True, text=True).stdout
    runtime = ("Swift runtime shared (libswiftCore.so)" if "libswiftCore" in linked
               else "Swift runtime and Foundation linked in (static, no libswiftCore.so/libFoundation.so)")
    kind = "release" if "release" in str(BINARY.resolve()) else "debug" if "debug" in str(BINARY.resolve()) else "?"
    built = datetime.datetime.fromtimestamp(BINARY.stat().st_mtime, datetime.timezone.utc)
    relative = BINARY.relative_to(ROOT) if BINARY.is_relative_to(ROOT) else BINARY
    # bench/run.sh names the command that made the binary (BUILT_WITH).
    made = f", made by `{os.environ['BUILT_WITH']}`" if os.environ.get("BUILT_WITH") else ""
    return f"dualgate {commit}, {kind} build, {runtime} ({relative}{made}, built {built:%Y-%m-%d %H:%M} UTC)"


def machine():
    model = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines() if l.startswith("model name")), "?")
    return f"{os.cpu_count()} cores, {model}, Linux {platform.release()}"


def write_summary(results, **figures):
    """SUMMARY_JSON=FILE: the figures bench/targets.py compares with issue 18's targets."""
    path = os.environ.get("SUMMARY_JSON")
    if not path:
        return
    keys = ("rps", "nginx_rps", "ratio", "cpu_us", "nginx_cpu_us", "user_us", "nginx_user_us", "kernel_us", "nginx_kernel_us",
            "p99", "nginx_p99")
    workloads = {workload["name"]: {key: r[key] for key in keys}
                 for workload, r in results}
    Path(path).write_text(json.dumps({"workloads": workloads, "pinned": PIN, "threads": THREADS, "wrk_threads": WRK_THREADS,
                                      "pairs": PAIRS, "duration": DURATION, **figures}, indent=1))


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
    if CALLGRIND_ONLY:
        chosen = [w for w in work if "256" not in w["name"] and (not ONLY or w["name"].split()[0] in ONLY)]
        for name, figure in callgrind(db, chosen).items():
            print(f"{name}: {figure:,.0f} instructions/request")
        return 0
    if ONLY:
        # A quick look between changes: those workloads against nginx, printed, not recorded.
        work = [w for w in work if w["name"].split()[0] in ONLY]
        print(build(), flush=True)
        server = Dualgate(db)
        nginx = None
        results = []
        try:
            nginx = Nginx(live_answers(server, work))
            ceiling_check(server, nginx, work, after_run=False)
            for workload in work:
                r = against_nginx(run_pairs(server, nginx, workload))
                results.append((workload, r))
                print(f"  {workload['name']}: {r['rps']:.0f} req/s (nginx {r['nginx_rps']:.0f}), x{r['ratio']:.2f}, "
                      f"p99 {r['p99']:.2f} ms (nginx {r['nginx_p99']:.2f}), CPU {r['cpu_us']:.1f} µs/req (nginx {r['nginx_cpu_us']:.1f}), "
                      f"connections opened per run {r['accepts']} ({r['nginx_accepts']})", flush=True)
            ceiling_check(server, nginx, work, after_run=True)
        finally:
            server.stop()
            if nginx:
                nginx.stop()
        write_summary(results, build=build())
        return 0
    stores = None
    if os.environ.get("SKIP_LARGE_STORE") != "1":
        # Copied before W6 adds passwords to `db`: the small store keeps only the bench and writer
        # passwords; the large one is the same plus the filler.
        stores = copy_store(db, "small.sqlite"), copy_store(db, "large.sqlite")
        fill_large_store(stores[1])
    measured_build = build()
    print(measured_build, flush=True)
    server = Dualgate(db)
    idle_rss = proc_status_kib(server.pids, "VmRSS")
    results = []
    try:
        # The ceiling is made from dualgate's own answers, so dualgate comes first.
        answers = live_answers(server, work)
        nginx = Nginx(answers)
        ceiling_check(server, nginx, work, after_run=False)
        for workload in work:
            results.append((workload, against_nginx(run_pairs(server, nginx, workload))))
            print(f"  {workload['name']}: {results[-1][1]['rps']:.0f} req/s, x{results[-1][1]['ratio']:.2f}", flush=True)
        checked = ceiling_check(server, nginx, work, after_run=True)
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

    note = os.environ.get("RUN_NOTE", "")
    lines = [f"## {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC — {machine()}" + (f" — {note}" if note else ""),
             f"{measured_build}; wrk -t{WRK_THREADS} -d{DURATION}s, {PAIRS} A/B pairs per workload (medians), " + (f"pinned: servers on CPU {SERVER_CPUS}, wrk on CPU {LOAD_CPUS};" if PIN else "load generator on the same cores;"),
             f"fair ceiling: nginx {nginx.version}, {THREADS} workers = dualgate's {THREADS} threads, keepalive_requests "
             f"{NGINX_KEEPALIVE_REQUESTS}, access_log off, each workload's answer with dualgate's status, headers and body length",
             "",
             "| workload | dualgate req/s | nginx req/s | ratio | p50 ms | p99 ms (nginx) | CPU µs/req (nginx) | instr/req | body B | conns/run (nginx) |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for workload, r in results:
        ir = instructions.get(workload["name"])
        lines.append(f"| {workload['name']} | {r['rps']:.0f} | {r['nginx_rps']:.0f} | {r['ratio']:.2f} | {r['p50']:.2f} | {r['p99']:.2f} ({r['nginx_p99']:.2f}) | "
                     f"{r['cpu_us']:.1f} ({r['nginx_cpu_us']:.1f}) | {'' if ir is None else f'{ir:,.0f}'} | {len(answers[workload['name']].body)} | "
                     f"{r['accepts']} ({r['nginx_accepts']}) |"
                     + (f" dualgate {r['errors']}" if r["errors"] else "") + (f" nginx {r['nginx_errors']}" if r["nginx_errors"] else ""))
    lines += ["", f"- RSS idle {idle_rss / 1024:.1f} MB; with 1 000 open connections {rss_1000 / 1024:.1f} MB; "
                  f"peak {peak_rss / 1024:.1f} MB (nginx, all processes: {nginx_peak / 1024:.1f} MB)",
              f"- process start to first answered request: {first_answer:.1f} ms",
              "- ceiling checked after the run (wrk's request bytes of the last run to each; answers fetched again; conns/run: "
              "connections accepted during each run, most of the pairs: nginx's from its stub_status, ours the machine's "
              "TCP PassiveOpens):",
              *[f"  - {row.strip()}" for row in checked]]
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
    write_summary(results, build=measured_build, rss_idle_mb=idle_rss / 1024, rss_1000_mb=rss_1000 / 1024,
                  instructions=instructions, first_answer_ms=first_answer)
    results_file = BENCH / "RESULTS.md"
    if not results_file.exists():
        results_file.write_text("# Benchmark results\n\nAppended by `bench/run.sh`; newest last.\n\n")
    with results_file.open("a") as f:
        f.write(text + "\n")


if __name__ == "__main__":
    sys.exit(main())
