#!/usr/bin/env python3
"""W1 over TLS 1.3: dualgate `serve --tls-cert --tls-key` beside nginx over TLS 1.3 with the same
certificate and key (issue 18's row "W1 over TLS 1.3 vs nginx over TLS 1.3, same certificate").

The ceiling is bench.py's fair one, spoken over TLS: nginx answers W1 with dualgate's own answer to
the same request over TLS (status, Content-Type, other header fields such as HSTS, the same body),
keep-alive unlimited, as many workers as dualgate has threads, `ssl_protocols TLSv1.3`. The same wrk
command (`https://`, request built by lua/request.lua) runs against both alternately, PAIRS pairs
after a discarded warm-up; the ceiling check runs before and after (bench.py's ceiling_check).
Both servers negotiate TLS 1.3 with wrk (TLS_AES_256_GCM_SHA384 with Debian's OpenSSL 3): one
handshake per connection, then record encryption on every request and answer.

Environment: as bench.py (DURATION, PAIRS, WARMUP, WRK_THREADS, THREADS, PIN, SERVER_CPUS,
LOAD_CPUS, DUALGATE_BINARY), SUMMARY_JSON=FILE. Prints; writes nothing to the repository.
"""
import json
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import bench  # noqa: E402


def certificate(directory):
    """One P-256 certificate and its key (owner-only, as `serve` demands), for both servers."""
    cert, key = str(Path(directory) / "cert.pem"), str(Path(directory) / "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"], check=True, capture_output=True)
    os.chmod(key, 0o600)
    return cert, key


def negotiated(port):
    with bench.connect(port, tls=True) as s:
        return f"{s.version()} {s.cipher()[0]}"


def main():
    directory = tempfile.mkdtemp(prefix="dualgate-bench-tls-")
    tls = certificate(directory)
    db, password, writer = bench.make_store(directory)
    workload = bench.workloads(directory, "bench", password, writer)[0]     # W1, 64 connections
    print(bench.build(), flush=True)
    server = bench.Dualgate(db, tls=tls)
    nginx = None
    try:
        nginx = bench.Nginx(bench.live_answers(server, [workload]), tls=tls)
        protocols = negotiated(server.port), negotiated(nginx.port_for(workload))
        print(f"TLS: dualgate {protocols[0]}, nginx {protocols[1]} (same certificate)", flush=True)
        if not all(p.startswith("TLSv1.3") for p in protocols):
            raise SystemExit(f"not both TLS 1.3: {protocols}")
        bench.ceiling_check(server, nginx, [workload], after_run=False)
        r = bench.against_nginx(bench.run_pairs(server, nginx, workload))
        checked = bench.ceiling_check(server, nginx, [workload], after_run=True)
    finally:
        server.stop()
        if nginx:
            nginx.stop()
    print(f"  W1 over TLS 1.3: {r['rps']:.0f} req/s (nginx {r['nginx_rps']:.0f}), x{r['ratio']:.2f}, "
          f"p99 {r['p99']:.2f} ms (nginx {r['nginx_p99']:.2f}), CPU {r['cpu_us']:.1f} µs/req (nginx {r['nginx_cpu_us']:.1f}), "
          f"connections opened per run {r['accepts']} ({r['nginx_accepts']})", flush=True)
    if r["errors"] or r["nginx_errors"]:
        print(f"  wrk errors: dualgate {r['errors'] or '-'}; nginx {r['nginx_errors'] or '-'}")
    if os.environ.get("SUMMARY_JSON"):
        Path(os.environ["SUMMARY_JSON"]).write_text(json.dumps({
            **{key: r[key] for key in ("rps", "nginx_rps", "ratio", "cpu_us", "nginx_cpu_us", "p99", "nginx_p99")},
            "tls": protocols[0], "pairs": bench.PAIRS, "pinned": bench.PIN, "threads": bench.THREADS,
            "checked": [row.strip() for row in checked]}, indent=1))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:
        for process in bench.Nginx.started:
            if process.poll() is None:
                process.send_signal(signal.SIGQUIT)
