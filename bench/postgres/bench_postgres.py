#!/usr/bin/env python3
"""Issue 15 figures, in one run on this machine:

1. Propagation: three `dualgate serve` (A, B, C) on one PostgreSQL database. ROUNDS times: a new
   password is created through A's REST API and used once on B and C (so both have it cached);
   B and C then loop on it (one thread each, keep-alive) while it is revoked through A's REST API;
   the time from A's `200` to the first refusal seen on B and on C is recorded. p50/p99/max.
2. W1 (GET users/me, Basic) and W3 (XML-RPC wp.getUsersBlogs) with wrk on a PostgreSQL-backed and
   a SQLite-backed instance, alternated (S P S P …), same binary, same run.
3. The uncached verification on each: UNCACHED fresh passwords, each used once (a cache miss: user
   look-up and candidate hashes read from the store), against the same requests repeated (hits).

Needs PostgreSQL's server binaries (Debian `postgresql`), wrk and a built dualgate:
    swift build -c release --product dualgate
    python3 bench/postgres/bench_postgres.py [--binary .build/release/dualgate]
Run as root (the cluster runs as the `postgres` user, started and stopped by PID).
Environment: ROUNDS (1000), DURATION (5 s per wrk run), PAIRS (3), UNCACHED (300), CONNECTIONS (64).
"""
import argparse, base64, glob, http.client, json, os, shutil, socket, statistics, subprocess, sys, tempfile, threading, time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from backends import Cluster  # noqa: E402  (bench/backends.py: the throwaway cluster, fsync on, stopped by PID)

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = int(os.environ.get("ROUNDS", "1000"))
DURATION = int(os.environ.get("DURATION", "5"))
PAIRS = int(os.environ.get("PAIRS", "3"))
UNCACHED = int(os.environ.get("UNCACHED", "300"))
CONNECTIONS = int(os.environ.get("CONNECTIONS", "64"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Serve:
    def __init__(self, binary, db, workdir, name, threads=None):
        self.port = free_port()
        args = [binary, "serve", "--port", str(self.port), "--db", db, "--audit-log", str(Path(workdir) / f"{name}.audit.jsonl")]
        if threads:
            args += ["--threads", str(threads)]
        self.out = open(Path(workdir) / f"{name}.out", "w+")
        self.process = subprocess.Popen(args, stdout=self.out, stderr=subprocess.STDOUT, cwd=workdir)
        deadline = time.time() + 20
        while time.time() < deadline:
            self.out.seek(0)
            text = self.out.read()
            if "listening on" in text:
                self.text = text
                return
            time.sleep(0.02)
        raise SystemExit(f"{name} did not start: {text}")

    def bootstrap_password(self):
        for line in self.text.splitlines():
            if "password: " in line:
                return line.split("password: ", 1)[1].strip()
        return None

    def stop(self):
        self.process.terminate()
        self.process.wait()


def basic(login, password):
    return "Basic " + base64.b64encode(f"{login}:{password}".encode()).decode()


class Client:
    """One keep-alive connection."""

    def __init__(self, port):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)

    def request(self, method, path, auth, body=None):
        headers = {"Authorization": auth}
        if body is not None:
            headers["Content-Type"] = "application/json"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        return response.status, response.read()


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def lockouts_off(binary, db, workdir):
    """Each refusal the loops see is a failure of `admin`: with the lockout on (shared by all
    instances) the account would be locked after ten rounds."""
    env = dict(os.environ, DUALGATE_AUDIT_LOG=str(Path(workdir) / "cli.audit.jsonl"))
    for key in ("lockout_login_failures", "lockout_address_failures"):
        subprocess.run([binary, "settings", "set", key, "0", "--db", db], check=True, capture_output=True, env=env)


def propagation(binary, url, workdir):
    lockouts_off(binary, url, workdir)
    a = Serve(binary, url, workdir, "a")
    b = Serve(binary, url, workdir, "b")
    c = Serve(binary, url, workdir, "c")
    try:
        admin = basic("admin", a.bootstrap_password())
        client_a = Client(a.port)
        delays = {"B": [], "C": []}
        for round_number in range(ROUNDS):
            status, body = client_a.request("POST", "/wp-json/wp/v2/users/1/application-passwords", admin, json.dumps({"name": f"r{round_number}"}))
            assert status == 201, body
            item = json.loads(body)
            auth = basic("admin", item["password"])
            loopers = {}
            for name, server in (("B", b), ("C", c)):
                client = Client(server.port)
                assert client.request("GET", "/wp-json/wp/v2/users/me", auth)[0] == 200          # cached on that instance now
                loopers[name] = client
            start = threading.Barrier(3)
            refused_at = {}

            def loop(name, client):
                start.wait()
                while True:
                    status, _ = client.request("GET", "/wp-json/wp/v2/users/me", auth)
                    if status != 200:
                        refused_at[name] = time.monotonic()
                        return

            threads = [threading.Thread(target=loop, args=(name, client)) for name, client in loopers.items()]
            for thread in threads:
                thread.start()
            start.wait()
            status, body = client_a.request("DELETE", f"/wp-json/wp/v2/users/1/application-passwords/{item['uuid']}", admin)
            answered = time.monotonic()
            assert status == 200, body
            for thread in threads:
                thread.join()
            for name in loopers:
                delays[name].append(max(0.0, refused_at[name] - answered) * 1000)
        return delays
    finally:
        for server in (a, b, c):
            server.stop()


def wrk(port, path, auth, body_file, seconds):
    env = dict(os.environ, METHOD="POST" if body_file else "GET", BODY_FILE=body_file or "", CONTENT_TYPE="text/xml" if body_file else "",
               AUTH=auth, REQUEST_FILE="", REQUEST_ONLY="0")
    out = subprocess.run(["wrk", "-t", "2", "-c", str(CONNECTIONS), "-d", f"{seconds}s", "--latency", "-s", str(ROOT / "bench" / "lua" / "request.lua"),
                          f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, env=env).stdout
    rps = float(out.split("Requests/sec:")[1].split()[0])
    non2xx = int(out.split("Non-2xx or 3xx responses:")[1].split()[0]) if "Non-2xx" in out else 0
    p99 = [line.split()[1] for line in out.splitlines() if line.strip().startswith("99%")][0]
    return rps, non2xx, p99


def throughput(binary, url, sqlite_path, workdir):
    servers = {"SQLite": Serve(binary, sqlite_path, workdir, "sqlite"), "PostgreSQL": Serve(binary, url, workdir, "postgres")}
    try:
        results = {}
        for name, server in servers.items():
            results[name] = {"password": server.bootstrap_password()}
        xml = {}
        for name, info in results.items():
            call = ("<?xml version=\"1.0\"?><methodCall><methodName>wp.getUsersBlogs</methodName><params>"
                    f"<param><value><string>admin</string></value></param><param><value><string>{info['password']}</string></value></param>"
                    "</params></methodCall>")
            path = Path(workdir) / f"w3-{name}.xml"
            path.write_text(call)
            xml[name] = str(path)
        table = {(w, n): [] for w in ("W1", "W3") for n in servers}
        for workload in ("W1", "W3"):
            for name, server in servers.items():        # warm-up, discarded
                wrk(server.port, "/wp-json/wp/v2/users/me" if workload == "W1" else "/xmlrpc.php",
                    basic("admin", results[name]["password"]) if workload == "W1" else "", xml[name] if workload == "W3" else None, 2)
            for _ in range(PAIRS):
                for name, server in servers.items():
                    table[(workload, name)].append(wrk(server.port, "/wp-json/wp/v2/users/me" if workload == "W1" else "/xmlrpc.php",
                                                       basic("admin", results[name]["password"]) if workload == "W1" else "",
                                                       xml[name] if workload == "W3" else None, DURATION))
        uncached = {}
        for name, server in servers.items():
            admin = basic("admin", results[name]["password"])
            client = Client(server.port)
            passwords = []
            for index in range(UNCACHED):
                status, body = client.request("POST", "/wp-json/wp/v2/users/1/application-passwords", admin, json.dumps({"name": f"u{index}"}))
                assert status == 201, body
                passwords.append(basic("admin", json.loads(body)["password"]))
            timings = {"miss": [], "hit": []}
            for kind in ("miss", "hit"):
                for auth in passwords:
                    started = time.perf_counter()
                    status, _ = client.request("GET", "/wp-json/wp/v2/users/me", auth)
                    timings[kind].append((time.perf_counter() - started) * 1e6)
                    assert status == 200
            uncached[name] = {kind: statistics.median(values) for kind, values in timings.items()}
        return table, uncached
    finally:
        for server in servers.values():
            server.stop()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=os.environ.get("DUALGATE_BINARY", str(ROOT / ".build" / "release" / "dualgate")))
    binary = str(Path(parser.parse_args().binary).resolve())
    load_before = os.getloadavg()
    workdir = tempfile.mkdtemp(prefix="dgbench-work.")
    cluster = Cluster()
    try:
        delays = propagation(binary, cluster.database("propagation"), workdir)
        sqlite_path = str(Path(workdir) / "bench.sqlite")
        table, uncached = throughput(binary, cluster.database("throughput"), sqlite_path, workdir)
    finally:
        cluster.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    load_after = os.getloadavg()
    lines = [f"## {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} — {binary}",
             f"load average before {load_before[0]:.2f}, after {load_after[0]:.2f} ({os.cpu_count()} cores); PostgreSQL {Path(cluster.bin).parts[-2]} on 127.0.0.1, fsync on",
             "", f"Propagation of {ROUNDS} revocations through A's REST API (ms from A's 200 to the first refusal):", "",
             "| instance | p50 | p99 | max |", "|---|---|---|---|"]
    for name, values in delays.items():
        lines.append(f"| {name} | {percentile(values, 50):.2f} | {percentile(values, 99):.2f} | {max(values):.2f} |")
    lines += ["", f"W1 / W3 with wrk ({CONNECTIONS} connections, {DURATION} s, {PAIRS} alternated pairs; median req/s, non-2xx, p99 of the median run):", "",
              "| workload | SQLite req/s | PostgreSQL req/s | PostgreSQL / SQLite |", "|---|---|---|---|"]
    for workload in ("W1", "W3"):
        s = sorted(table[(workload, "SQLite")])[len(table[(workload, "SQLite")]) // 2]
        p = sorted(table[(workload, "PostgreSQL")])[len(table[(workload, "PostgreSQL")]) // 2]
        lines.append(f"| {workload} | {s[0]:.0f} (non-2xx {s[1]}, p99 {s[2]}) | {p[0]:.0f} (non-2xx {p[1]}, p99 {p[2]}) | {p[0] / s[0]:.2f} |")
    lines += ["", f"Uncached verification ({UNCACHED} fresh passwords, GET users/me on one keep-alive connection, median µs per request):", "",
              "| store | cache miss | cache hit | miss − hit |", "|---|---|---|---|"]
    for name, values in uncached.items():
        lines.append(f"| {name} | {values['miss']:.0f} | {values['hit']:.0f} | {values['miss'] - values['hit']:.0f} |")
    text = "\n".join(lines) + "\n"
    print(text)
    with open(Path(__file__).parent / "RESULTS.md", "a") as results:
        results.write("\n" + text)


if __name__ == "__main__":
    main()
