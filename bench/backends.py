#!/usr/bin/env python3
"""W1 on a PostgreSQL-backed dualgate beside a SQLite-backed one (issue 18's row "W1 on a
PostgreSQL-backed instance vs a SQLite-backed one", target >= 0.95).

A throwaway PostgreSQL cluster (initdb in a temp directory, `postgres` run as user postgres by PID,
fsync on, 127.0.0.1 only; /work/shared/reference/environment-facts.md section 1), one SQLite store
made through the CLI as bench.py makes it, copied into the cluster with `dualgate migrate --from
SQLITE --to postgres://postgres@127.0.0.1:PORT/bench` so that both stores hold the same user and
password, then two `serve`s, one on each store, both up at once and measured in alternation with the
same wrk command (SQLite first, PostgreSQL second, PAIRS pairs after a discarded warm-up), as
bench.py compares its small and large stores. Ratio = median of the per-pair PostgreSQL/SQLite
req/s. The PostgreSQL side's CPU per request counts the cluster's processes too (the SQLite store
works inside dualgate's process, so its CPU column holds the store's work already).

A build without the PostgreSQL store (its help names no postgres:// URL) is not measured:
the row says so and nothing is faked. A build that names it but fails to migrate or serve stops the
run with the error.

Environment: as bench.py (DURATION, PAIRS, WARMUP, WRK_THREADS, THREADS, PIN, SERVER_CPUS,
LOAD_CPUS, DUALGATE_BINARY), SUMMARY_JSON=FILE. Prints; writes nothing to the repository.
"""
import glob
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402

NO_STORE = "not measured: this build has no PostgreSQL store"


def summary(figures):
    if os.environ.get("SUMMARY_JSON"):
        Path(os.environ["SUMMARY_JSON"]).write_text(json.dumps(figures, indent=1))


def has_postgres_store():
    """The contract's selector is `--db postgres://…`; a build with the store names such URLs in its
    help (`dualgate --help`: "--db PATH_OR_URL (a SQLite file or postgres://…)") and has `migrate`."""
    said = ""
    for args in (["--help"], ["serve", "--help"], ["migrate", "--help"]):
        run = subprocess.run([str(bench.BINARY), *args], capture_output=True, text=True)
        said += run.stdout + run.stderr
    return "postgres://" in said


class Cluster:
    """A throwaway PostgreSQL cluster owned by this process (its postmaster's PID)."""

    def __init__(self):
        binaries = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name))
        if not binaries:
            raise SystemExit("no PostgreSQL server in /usr/lib/postgresql (apt-get install postgresql; bench/run.sh does)")
        if os.geteuid() != 0:
            raise SystemExit("the throwaway cluster runs as user postgres: run as root (environment-facts.md section 1)")
        self.bin = binaries[-1]
        # Short path: the Unix socket path is capped at 107 bytes. postgres must traverse it.
        self.directory = tempfile.mkdtemp(prefix="dgpg.", dir="/tmp")
        shutil.chown(self.directory, "postgres", "postgres")
        self.port = bench.free_port()
        subprocess.run(["runuser", "-u", "postgres", "--", f"{self.bin}/initdb", "-D", f"{self.directory}/data", "-A", "trust",
                        "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8"], check=True, capture_output=True)
        self.log = open(f"{self.directory}/log", "w")
        # setpriv execs, so the PID is the postmaster's; on the server's CPUs when pinned. fsync stays on:
        # PostgreSQL is measured as durable as the SQLite store beside it.
        self.process = subprocess.Popen(bench.on_server_cpus([
            "setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", f"{self.bin}/postgres", "-D", f"{self.directory}/data",
            "-p", str(self.port), "-k", self.directory, "-c", "listen_addresses=127.0.0.1",
            "-c", "max_connections=200"]), stdout=self.log, stderr=subprocess.STDOUT)
        for _ in range(500):
            if subprocess.run([f"{self.bin}/pg_isready", "-q", "-h", "127.0.0.1", "-p", str(self.port)]).returncode == 0:
                break
            if self.process.poll() is not None:
                raise SystemExit(f"postgres exited at start:\n{Path(self.directory, 'log').read_text()[-1500:]}")
            time.sleep(0.02)
        self.url = self.database("bench")

    def database(self, name):
        """A new, empty database on the cluster: its postgres:// URL."""
        self.psql(f"CREATE DATABASE {name}")
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def psql(self, sql, database="postgres"):
        return subprocess.run([f"{self.bin}/psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", database,
                               "-tAc", sql], check=True, capture_output=True, text=True).stdout.strip()

    @property
    def pids(self):
        children = subprocess.run(["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True).stdout.split()
        return [self.process.pid, *map(int, children)]

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)      # fast shutdown: does not wait for clients
            self.process.wait(timeout=60)
        self.log.close()
        shutil.rmtree(self.directory, ignore_errors=True)


class PostgresBacked(bench.Dualgate):
    """dualgate on the cluster: its CPU per request counts the cluster's processes as well."""

    def __init__(self, cluster, directory):
        self.cluster = cluster
        # In the temp directory: serve on a postgres:// store writes its default audit log
        # (dualgate.audit.jsonl) into the working directory.
        super().__init__(cluster.url, cwd=directory)

    @property
    def pids(self):
        return [self.process.pid, *self.cluster.pids]


def main():
    print(bench.build(), flush=True)
    if not has_postgres_store():
        print(f"  W1 PostgreSQL vs SQLite: {NO_STORE}", flush=True)
        summary({"measured": False, "why": NO_STORE})
        return 0
    directory = tempfile.mkdtemp(prefix="dualgate-bench-backends-")
    db, password, writer = bench.make_store(directory)
    workload = bench.workloads(directory, "bench", password, writer)[0]     # W1, 64 connections
    cluster = Cluster()
    sqlite_server = postgres_server = None
    try:
        # Same users and passwords on both stores: the SQLite one copied into the cluster.
        migrate = subprocess.run([str(bench.BINARY), "migrate", "--from", db, "--to", cluster.url],
                                 capture_output=True, text=True, cwd=directory)
        if migrate.returncode != 0:
            raise SystemExit(f"dualgate migrate --from {db} --to {cluster.url} failed ({migrate.returncode}):\n{migrate.stderr[-1500:]}")
        users = cluster.psql("SELECT count(*) FROM users", database="bench")
        sqlite_server = bench.Dualgate(db)
        postgres_server = PostgresBacked(cluster, directory)
        for server in (sqlite_server, postgres_server):
            bench.check(server.port, workload)
        answers = [bench.fetch(server.port, bench.wrk_request(server.port, workload)) for server in (sqlite_server, postgres_server)]
        if answers[0].status != answers[1].status or len(answers[0].body) != len(answers[1].body):
            raise SystemExit(f"the two stores answer W1 differently: {answers[0].status_line} {len(answers[0].body)} B against "
                             f"{answers[1].status_line} {len(answers[1].body)} B")
        pairs = bench.run_pairs(sqlite_server, postgres_server, workload)
    finally:
        for server in (postgres_server, sqlite_server):
            if server:
                server.stop()
        cluster.stop()
    median = lambda side, key: statistics.median(p[side][key] for p in pairs)
    ratio = bench.median_ratio(pairs)
    version = subprocess.run([f"{cluster.bin}/postgres", "--version"], capture_output=True, text=True).stdout.strip()
    print(f"  W1 PostgreSQL ({version}, {users} users migrated) vs SQLite: {median(1, 'rps'):.0f} req/s against {median(0, 'rps'):.0f}, "
          f"x{ratio:.2f}; CPU {median(1, 'cpu_us'):.1f} µs/req with the cluster's processes against {median(0, 'cpu_us'):.1f}; "
          f"p99 {median(1, 'p99'):.2f} ms against {median(0, 'p99'):.2f}", flush=True)
    summary({"measured": True, "ratio": ratio, "rps": median(1, "rps"), "sqlite_rps": median(0, "rps"),
             "cpu_us": median(1, "cpu_us"), "sqlite_cpu_us": median(0, "cpu_us"), "postgres": version,
             "pairs": bench.PAIRS, "pinned": bench.PIN, "threads": bench.THREADS})
    return 0


if __name__ == "__main__":
    sys.exit(main())
