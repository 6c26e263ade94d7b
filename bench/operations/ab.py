#!/usr/bin/env python3
"""What `--metrics` and `--access-log` cost on W1 (issue 17), measured with wrk: two dualgate servers of
the same build on the same store, one plain and one with the flags, measured in alternation (plain,
with, plain, with …, PAIRS pairs after a discarded warm-up on each), so the box's drift touches both
alike. Same request bytes, same keep-alive, same connections; the access log goes to a file in a temp
directory (truncated between runs so the disk never fills).

    DUALGATE_BINARY=.build-static/release/dualgate PAIRS=5 python3 bench/operations/ab.py

Environment as bench/bench.py (DURATION, PAIRS, WARMUP, THREADS, WRK_THREADS); FLAGS replaces the
flags under test (default: --metrics 127.0.0.1:0 --access-log <temp>/access.jsonl). Prints a table;
writes nothing to the repository.
"""
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import bench  # noqa: E402

def main():
    directory = tempfile.mkdtemp(prefix="dualgate-ops-ab-")
    log = Path(directory) / "access.jsonl"
    flags = os.environ.get("FLAGS", f"--metrics 127.0.0.1:0 --access-log {log}").split()
    db, password, writer = bench.make_store(directory)
    w1 = bench.workloads(directory, "bench", password, writer)[0]
    plain = bench.Dualgate(db)
    observed = bench.Dualgate(db, flags)
    try:
        for server in (plain, observed):
            bench.check(server.port, w1)
        pairs = []
        bench.warm_up((plain, observed), w1)
        for _ in range(bench.PAIRS):
            first = bench.wrk(plain, w1)
            if log.exists():
                log.write_bytes(b"")
            second = bench.wrk(observed, w1)
            pairs.append((first, second))
        for side, result in ((plain, pairs[-1][0]), (observed, pairs[-1][1])):
            if result["non2xx"] or result["errors"]:
                raise SystemExit(f"port {side.port}: {result['non2xx']} non-2xx, {result['errors']}")
    finally:
        plain.stop()
        observed.stop()
    median = lambda key, side: statistics.median(p[side][key] for p in pairs)
    ratio = statistics.median(p[1]["rps"] / p[0]["rps"] for p in pairs)
    cpu_ratio = statistics.median(p[1]["cpu_us"] / p[0]["cpu_us"] for p in pairs)
    print(f"W1, {bench.PAIRS} pairs of {bench.DURATION} s, {w1['connections']} connections, {bench.THREADS} threads, {bench.BINARY}")
    print(f"flags under test: {' '.join(flags)}")
    print("| side | req/s (median) | CPU µs/request | p99 ms |")
    print("|---|---|---|---|")
    print(f"| plain | {median('rps', 0):,.0f} | {median('cpu_us', 0):.1f} | {median('p99', 0):.2f} |")
    print(f"| with flags | {median('rps', 1):,.0f} | {median('cpu_us', 1):.1f} | {median('p99', 1):.2f} |")
    print(f"throughput ratio (median of pairs): {ratio:.3f}  (cost {100 * (1 - ratio):+.1f} %)")
    print(f"CPU per request ratio (median of pairs): {cpu_ratio:.3f}")
    print("pairs (req/s): " + ", ".join(f"{a['rps']:,.0f}/{b['rps']:,.0f}" for a, b in pairs))


if __name__ == "__main__":
    main()
