#!/usr/bin/env python3
"""Gateway mode, first measurement (issue 13): a forwarded authenticated request through dualgate
beside nginx's own proxy_pass to the same static upstream, same machine, same run. See README.md.

    (a) upstream  nginx, `return 200` with a small JSON body (what both fronts forward to)
    (b) ceiling   nginx proxy_pass to (a): upstream { keepalive 64; }, proxy_http_version 1.1,
                  proxy_set_header Connection "", THREADS workers, client keep-alive unlimited
    (c) dualgate  serve --upstream http://127.0.0.1:<a> --threads THREADS, one user whose REST
                  password and upstream credential (`dualgate upstream set`) are set

wrk (same connections, duration, keep-alive, request bytes but the Host port) sends
`GET /wp-json/wp/v2/posts` with the user's Basic header to (b) and (c) alternately, PAIRS times,
after a discarded warm-up on each. CPU per request is utime+stime from /proc/PID/stat of the
front's processes (dualgate's one process; nginx's master and workers) over the run, divided by
wrk's request count; the upstream's CPU is shown apart (both fronts make it do the same work).
Before measuring, and again after, each front's answer is checked: status 200 and the upstream's
exact body, and the upstream's request counter grows by one per request sent through either
front (so dualgate really forwards and does not answer itself).

Environment: DURATION (s, 10), PAIRS (5), WARMUP (s, 2), CONNECTIONS (64), WRK_THREADS (2),
THREADS (dualgate threads = nginx proxy workers, default one per core), PIN=1 / SERVER_CPUS /
LOAD_CPUS (as bench.py: the fronts and the upstream on the server's CPUs, wrk on the other),
SUMMARY_JSON=FILE (the medians as JSON, for bench/targets.py), DUALGATE_BINARY (default
.build/release/dualgate, as run.sh builds it), NGINX_ONLY=1 (the nginx side alone, no
dualgate: checks the machinery before forwarding exists), AUTH=none (no Authorization at all: a
smoke run of an anonymous forward, not the figure the issue asks for). Prints a table; writes
nothing to the repository.
"""
import base64
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import bench  # noqa: E402  (bench/bench.py: free_port, proc_ticks, fetch, wrk_command, to_ms …)

ROOT = bench.ROOT
BINARY = bench.BINARY
DURATION = int(os.environ.get("DURATION", "10"))
PAIRS = bench.PAIRS
WARMUP = int(os.environ.get("WARMUP", "2"))
CONNECTIONS = int(os.environ.get("CONNECTIONS", "64"))
THREADS = bench.THREADS
# The upstream gets as many workers as the server side has CPUs (both cores unpinned).
UPSTREAM_WORKERS = bench.cpu_count(bench.SERVER_CPUS) if bench.PIN else os.cpu_count()
NGINX_ONLY = os.environ.get("NGINX_ONLY") == "1"
ANONYMOUS = os.environ.get("AUTH") == "none"
PATH = "/wp-json/wp/v2/posts"
# What the static upstream answers: a WordPress-like list of one post (bytes fixed, so both fronts
# carry the same body).
UPSTREAM_BODY = json.dumps([{"id": 1, "date": "2026-12-01T10:00:00", "slug": "hello-world", "status": "publish",
                             "type": "post", "title": {"rendered": "Hello world!"}, "author": 1}], separators=(",", ":"))
started = []


def nginx(directory, name, body):
    """Starts nginx with `body` inside http {}; returns (process, status port)."""
    status_port = bench.free_port()
    config = f"""# dualgate bench/forward: {name}
worker_processes {{workers}};
pid {directory}/{name}.pid;
error_log {directory}/{name}-error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    server_tokens off;
    keepalive_requests {bench.NGINX_KEEPALIVE_REQUESTS};
    keepalive_timeout 300s;
    keepalive_time 24h;
    types {{ }}
    client_body_temp_path {directory};
    proxy_temp_path {directory};
{body}
    server {{
        listen 127.0.0.1:{status_port};
        location / {{ stub_status; }}
    }}
}}
"""
    return config, status_port


def start_nginx(directory, name, config):
    conf = Path(directory) / f"{name}.conf"
    conf.write_text(config)
    test = subprocess.run(["nginx", "-t", "-q", "-c", str(conf), "-p", directory], capture_output=True, text=True)
    if test.returncode != 0:
        raise SystemExit(f"nginx refused {conf}:\n{test.stderr}")
    process = subprocess.Popen(bench.on_server_cpus(["nginx", "-c", str(conf), "-p", directory, "-g", "daemon off;"]),
                               stderr=subprocess.DEVNULL)
    started.append(process)
    return process


class Nginx:
    def __init__(self, process, port, status_port, workers):
        self.process, self.port, self.status_port, self.status_queries = process, port, status_port, 0
        for _ in range(2000):
            try:
                self.stub()
                break
            except OSError:
                time.sleep(0.005)
        for _ in range(400):
            if len(self.pids) - 1 == workers:
                break
            time.sleep(0.005)
        else:
            raise SystemExit(f"nginx on {port} runs {len(self.pids) - 1} workers, not {workers}")

    def stub(self):
        text = bench.http(self.status_port, b"GET / HTTP/1.1\r\nHost: b\r\nConnection: close\r\n\r\n").decode()
        self.status_queries += 1
        accepts, handled, requests = map(int, re.search(r"server accepts handled requests\s+(\d+)\s+(\d+)\s+(\d+)", text).groups())
        # Our own stub_status queries are connections and requests too.
        return accepts - self.status_queries, requests - self.status_queries

    def accepts(self):
        return self.stub()[0]

    def requests(self):
        return self.stub()[1]

    @property
    def pids(self):
        children = subprocess.run(["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True).stdout.split()
        return [self.process.pid, *map(int, children)]

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)
            self.process.wait(timeout=30)


class Dualgate:
    def __init__(self, db, upstream_port):
        self.port = bench.free_port()
        self.log = tempfile.NamedTemporaryFile(prefix="dualgate-bench-forward-serve-", suffix=".log", delete=False)
        self.process = subprocess.Popen(bench.on_server_cpus([str(BINARY), "serve", "--port", str(self.port), "--db", db,
                                                              "--threads", str(THREADS), "--upstream", f"http://127.0.0.1:{upstream_port}"]),
                                        stdout=subprocess.DEVNULL, stderr=self.log)
        while True:
            try:
                if bench.http(self.port, b"GET /healthz HTTP/1.1\r\nHost: b\r\nConnection: close\r\n\r\n").startswith(b"HTTP/1.1 200"):
                    break
            except OSError:
                if self.process.poll() is not None:
                    raise SystemExit(f"dualgate serve --upstream exited at start (is gateway mode merged in this build?):\n"
                                     f"{Path(self.log.name).read_text(errors='replace')[-1500:]}")
                time.sleep(0.002)

    def accepts(self):
        return bench.tcp_passive_opens()

    @property
    def pids(self):
        return [self.process.pid]

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)
        self.log.close()
        os.unlink(self.log.name)


def cli(db, *args, stdin=None):
    run = subprocess.run([str(BINARY), *args, "--db", db], capture_output=True, text=True, input=stdin)
    if run.returncode != 0:
        raise SystemExit(f"dualgate {' '.join(args)} failed ({run.returncode}); is gateway mode merged in this build?\n{run.stderr[-1500:]}")
    return run.stdout


def make_store(directory):
    """One user with a REST password, and an upstream credential (the static upstream checks none,
    but dualgate must find one to forward an authenticated request)."""
    db = str(Path(directory) / "forward.sqlite")
    cli(db, "user", "add", "bench", "--role", "editor", "--email", "bench@example.com")
    password = json.loads(cli(db, "app-password", "create", "bench", "--name", "bench", "--api", "rest", "--json"))["password"]
    if ANONYMOUS:
        return db, password   # the smoke run sends no credentials: no upstream credential needed
    cli(db, "upstream", "set", "bench", "--upstream-login", "bench", "--password-stdin", stdin="abcd efgh ijkl mnop qrst uvwx\n")
    return db, password


def check(front, upstream, label, request):
    """The front answers the request with 200 and the upstream's exact body, and the upstream counted it."""
    before = upstream.requests()
    answer = bench.fetch(front.port, request)
    after = upstream.requests()
    problems = []
    if answer.status != 200:
        problems.append(f"status {answer.status}")
    if answer.body != UPSTREAM_BODY.encode():
        problems.append(f"body {answer.body[:200]!r} is not the upstream's")
    if after - before != 1:
        problems.append(f"the upstream counted {after - before} requests, not 1 (not forwarded?)")
    if problems:
        raise SystemExit(f"{label}: " + "; ".join(problems))
    return answer


def run_wrk(front, upstream, workload, seconds):
    args, env = bench.wrk_command(front.port, workload, seconds)
    accepts_before, upstream_accepts_before = front.accepts(), upstream.accepts()
    before, upstream_before = bench.proc_ticks(front.pids), bench.proc_ticks(upstream.pids)
    out = subprocess.run(args, capture_output=True, text=True, env=env).stdout
    cpu = (bench.proc_ticks(front.pids) - before) / bench.CLOCK_TICK
    upstream_cpu = (bench.proc_ticks(upstream.pids) - upstream_before) / bench.CLOCK_TICK
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    distribution = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+(?:us|ms|s))\s*$", out, re.M))
    non2xx = int((re.search(r"Non-2xx or 3xx responses: (\d+)", out) or [0, 0])[1])
    errors = re.search(r"Socket errors:.*", out)
    if non2xx or errors:
        raise SystemExit(f"wrk against port {front.port}: {non2xx} non-2xx answers, {errors.group(0) if errors else ''}\n{out}")
    upstream_accepts = upstream.accepts() - upstream_accepts_before
    accepts = front.accepts() - accepts_before
    if isinstance(front, Dualgate):
        # The machine's PassiveOpens also counts the connections the upstream accepted from dualgate.
        accepts -= upstream_accepts
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), "p99": bench.to_ms(distribution["99"]),
            "cpu_us": cpu * 1e6 / max(requests, 1), "upstream_cpu_us": upstream_cpu * 1e6 / max(requests, 1),
            "accepts": accepts, "upstream_accepts": upstream_accepts,
            "requests": requests}


def main():
    try:
        return measure()
    finally:
        for process in started:
            if process.poll() is None:
                process.send_signal(signal.SIGQUIT)


def measure():
    directory = tempfile.mkdtemp(prefix="dualgate-bench-forward-")
    upstream_port, proxy_port = bench.free_port(), bench.free_port()
    config, upstream_status = nginx(directory, "upstream", f"""    server {{   # (a) the static upstream
        listen 127.0.0.1:{upstream_port} reuseport;
        location / {{
            default_type "application/json; charset=UTF-8";
            return 200 {bench.nginx_string(UPSTREAM_BODY.encode())};
        }}
    }}""")
    # The upstream gets one worker per core too; it is the same for both fronts.
    upstream = Nginx(start_nginx(directory, "upstream", config.replace("{workers}", str(UPSTREAM_WORKERS))),
                     upstream_port, upstream_status, UPSTREAM_WORKERS)
    config, proxy_status = nginx(directory, "proxy", f"""    upstream static {{
        server 127.0.0.1:{upstream_port};
        keepalive 64;
        keepalive_requests {bench.NGINX_KEEPALIVE_REQUESTS};
        keepalive_timeout 300s;
    }}
    server {{   # (b) the ceiling: nginx's own reverse proxy
        listen 127.0.0.1:{proxy_port} reuseport;
        location / {{
            proxy_pass http://static;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_buffering on;
        }}
    }}""")
    proxy = Nginx(start_nginx(directory, "proxy", config.replace("{workers}", str(THREADS))), proxy_port, proxy_status, THREADS)
    version = subprocess.run(["nginx", "-v"], capture_output=True, text=True).stderr.strip().split("/")[-1]

    if NGINX_ONLY:
        login, password = "bench", "abcd efgh ijkl mnop qrst uvwx"
        fronts = [("nginx", proxy)]
    else:
        if not BINARY.exists():
            raise SystemExit(f"{BINARY} not found: run bench/forward/run.sh (it builds it) or set DUALGATE_BINARY")
        db, password = make_store(directory)
        login = "bench"
        dualgate = Dualgate(db, upstream_port)
        fronts = [("dualgate", dualgate), ("nginx", proxy)]
    auth = "" if ANONYMOUS else "Basic " + base64.b64encode(f"{login}:{password}".encode()).decode()
    workload = {"name": "F1 forwarded GET posts" + (" (anonymous)" if ANONYMOUS else " (Basic)"), "path": PATH, "auth": auth,
                "connections": CONNECTIONS, "expect": b"200"}
    print(f"nginx {version}; dualgate {'-' if NGINX_ONLY else BINARY}; {THREADS} threads/workers; wrk -t{bench.WRK_THREADS} "
          f"-c{CONNECTIONS} -d{DURATION}s; {PAIRS} pairs; {workload['name']}", flush=True)
    try:
        requests = {}
        for name, front in fronts:
            requests[name] = bench.wrk_request(front.port, workload)
            answer = check(front, upstream, name, requests[name])
            print(f"  check {name}: request {len(requests[name])} B, status {answer.status}, body {len(answer.body)} B, "
                  f"head {answer.head_length} B, forwarded (upstream counted it)", flush=True)
        if len(fronts) == 2:
            normal = [sorted(raw.replace(f"127.0.0.1:{front.port}".encode(), b"127.0.0.1:PORT").split(b"\r\n"))
                      for raw, (_, front) in zip(requests.values(), fronts)]
            if normal[0] != normal[1]:
                raise SystemExit(f"wrk would send different requests:\n{list(requests.values())}")
        for _, front in fronts:
            if WARMUP:
                args, env = bench.wrk_command(front.port, workload, WARMUP)
                subprocess.run(args, capture_output=True, env=env)
        pairs = []
        for index in range(PAIRS):
            pair = {}
            for name, front in fronts:
                pair[name] = run_wrk(front, upstream, workload, DURATION)
                r = pair[name]
                print(f"  pair {index + 1} {name:8}: {r['rps']:8.0f} req/s, p99 {r['p99']:6.2f} ms, CPU {r['cpu_us']:5.1f} µs/req "
                      f"(upstream {r['upstream_cpu_us']:4.1f}), connections opened: clients {r['accepts']}, upstream {r['upstream_accepts']}",
                      flush=True)
            pairs.append(pair)
        for name, front in fronts:
            check(front, upstream, name + " (after)", requests[name])
    finally:
        if not NGINX_ONLY:
            dualgate.stop()
        proxy.stop()
        upstream.stop()

    median = lambda name, key: statistics.median(p[name][key] for p in pairs)
    print()
    print("| front | req/s | p99 ms | CPU µs/req | upstream CPU µs/req |")
    print("|---|---:|---:|---:|---:|")
    for name, _ in fronts:
        print(f"| {name} | {median(name, 'rps'):.0f} | {median(name, 'p99'):.2f} | {median(name, 'cpu_us'):.1f} | {median(name, 'upstream_cpu_us'):.1f} |")
    if not NGINX_ONLY:
        throughput = statistics.median(p["dualgate"]["rps"] / p["nginx"]["rps"] for p in pairs)
        cpu = statistics.median(p["dualgate"]["cpu_us"] / p["nginx"]["cpu_us"] for p in pairs)
        print(f"\nratio dualgate/nginx (median of {PAIRS} paired ratios): throughput x{throughput:.2f}, CPU per request x{cpu:.2f}")
        if os.environ.get("SUMMARY_JSON"):
            Path(os.environ["SUMMARY_JSON"]).write_text(json.dumps({
                "ratio": throughput, "cpu_ratio": cpu, "rps": median("dualgate", "rps"), "nginx_rps": median("nginx", "rps"),
                "cpu_us": median("dualgate", "cpu_us"), "nginx_cpu_us": median("nginx", "cpu_us"), "pairs": PAIRS,
                "pinned": bench.PIN, "threads": THREADS}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
