#!/usr/bin/env python3
"""Issue 18's table: every row with its target, measured unpinned and pinned, PASS or MISS.

Runs, for each mode in MODES (default "unpinned,pinned"; pinned = PIN=1: the servers on
SERVER_CPUS, wrk on LOAD_CPUS, one dualgate thread and one nginx worker per server CPU):

- bench.py: W1-W4 against the fair nginx ceiling and the server CPU per W1 request. Unpinned it is
  the whole run as before (W5, W6, RSS idle / with 1 000 connections, start time, callgrind
  instructions per request, the large store) and appends its own table to RESULTS.md; pinned only
  W1-W4 (ONLY=W1,W2,W3,W4: RSS and instruction counts do not depend on pinning).
- forward/forward.py: W1-like forwarded GET through dualgate against nginx proxy_pass with upstream
  keep-alive, to the same static upstream.
- tls/w1.py: W1 over TLS 1.3 against nginx over TLS 1.3 with the same certificate.
- backends.py: W1 on a PostgreSQL-backed instance against a SQLite-backed one (or "not measured"
  when the build has no PostgreSQL store).

Then prints the table with the targets and appends it to RESULTS.md with the build it measured.
A part that fails (an unfair ceiling, a server that does not start) is named in its row; then
nothing is appended and the exit status is 1.

Environment: everything bench.py takes (DURATION, PAIRS, WARMUP, WRK_THREADS, THREADS, RUN_NOTE,
SKIP_CALLGRIND, SKIP_LARGE_STORE, SERVER_CPUS, LOAD_CPUS, DUALGATE_BINARY), MODES, SKIP_FORWARD=1,
SKIP_TLS=1, SKIP_POSTGRES=1.
"""
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
import bench  # noqa: E402

MODES = [mode for mode in os.environ.get("MODES", "unpinned,pinned").split(",") if mode]
if not MODES or set(MODES) - {"unpinned", "pinned"}:
    raise SystemExit(f"MODES={os.environ.get('MODES')!r}: a comma-separated list of unpinned and pinned")
W = {"W1": "W1 GET users/me (Basic)", "W2": "W2 XML-RPC demo.addTwoNumbers", "W3": "W3 XML-RPC wp.getUsersBlogs",
     "W4": "W4 GET users/me, no credentials (401)"}


def run(label, script, summary, **env):
    """One part as a child process (its output goes through); its figures from SUMMARY_JSON."""
    print(f"\n=== {label} ===", flush=True)
    child_env = dict(os.environ, SUMMARY_JSON=str(summary), **env)
    for key, value in env.items():
        if value is None:
            child_env.pop(key)
    status = subprocess.run([sys.executable, str(BENCH / script)], env=child_env).returncode
    if status != 0 or not summary.exists():
        return {"failed": f"FAILED ({script} exited {status}: see its output above)"}
    return json.loads(summary.read_text())


def measure(mode, directory):
    pinned = mode == "pinned"
    env = {"PIN": "1" if pinned else None}
    parts = {}
    if pinned:
        parts["bench"] = run(f"{mode}: W1-W4 against the fair ceiling", "bench.py", directory / f"bench-{mode}.json",
                             ONLY="W1,W2,W3,W4", **env)
    else:
        parts["bench"] = run(f"{mode}: bench.py (W1-W6, RSS, callgrind, store size)", "bench.py",
                             directory / f"bench-{mode}.json", ONLY=None, **env)
    for key, script, skip in (("forward", "forward/forward.py", "SKIP_FORWARD"), ("tls", "tls/w1.py", "SKIP_TLS"),
                              ("postgres", "backends.py", "SKIP_POSTGRES")):
        if os.environ.get(skip) == "1":
            parts[key] = {"skipped": f"skipped ({skip}=1)"}
        else:
            parts[key] = run(f"{mode}: {script}", script, directory / f"{key}-{mode}.json", **env)
    return parts


def verdict(value, target, at_least):
    good = value >= target if at_least else value <= target
    return "PASS" if good else "MISS"


def cell(part, figure):
    """A table cell from one part's figures: `figure(part)` gives the text, or the reason there is none."""
    for key in ("failed", "skipped"):
        if key in part:
            return part[key]
    return figure(part)


def ratio_cell(name, target):
    def figure(part):
        r = part["workloads"][name]
        return f"{r['ratio']:.2f} ({r['rps']:,.0f} / {r['nginx_rps']:,.0f} req/s) {verdict(r['ratio'], target, True)}"
    return figure


def cpu_cell(part):
    """The ratio of the medians, and each side's user + kernel split (/proc/PID/stat utime, stime)."""
    r = part["workloads"][W["W1"]]
    factor = r["cpu_us"] / r["nginx_cpu_us"]
    return (f"×{factor:.2f} ({r['cpu_us']:.1f} / {r['nginx_cpu_us']:.1f} µs; user+kernel {r['user_us']:.1f}+{r['kernel_us']:.1f} "
            f"/ {r['nginx_user_us']:.1f}+{r['nginx_kernel_us']:.1f}) {verdict(factor, 1.25, False)}")


def plain_ratio_cell(target, extra):
    def figure(part):
        if part.get("measured") is False:
            return part["why"]
        return f"{part['ratio']:.2f} ({extra(part)}) {verdict(part['ratio'], target, True)}"
    return figure


def rss_cell(part):
    idle, busy = part["rss_idle_mb"], part["rss_1000_mb"]
    good = idle <= 20 and busy <= 64
    return f"{idle:.1f} MB / {busy:.1f} MB {'PASS' if good else 'MISS'}"


def table(results):
    modes = list(results)
    rows = [
        ("W1 `GET users/me`, Basic", "≥ 0.85", "bench", ratio_cell(W["W1"], 0.85)),
        ("W2 `demo.addTwoNumbers`", "≥ 0.75", "bench", ratio_cell(W["W2"], 0.75)),
        ("W3 `wp.getUsersBlogs`", "≥ 0.65", "bench", ratio_cell(W["W3"], 0.65)),
        ("W4 401 without credentials", "≥ 0.90", "bench", ratio_cell(W["W4"], 0.90)),
        ("server CPU per W1 request", "≤ 1.25 × nginx's", "bench", cpu_cell),
        ("forwarded W1 vs nginx `proxy_pass` (upstream keep-alive)", "≥ 0.90", "forward",
         plain_ratio_cell(0.90, lambda p: f"{p['rps']:,.0f} / {p['nginx_rps']:,.0f} req/s, CPU ×{p['cpu_ratio']:.2f}")),
        ("W1 over TLS 1.3 vs nginx TLS 1.3, same certificate", "≥ 0.80", "tls",
         plain_ratio_cell(0.80, lambda p: f"{p['rps']:,.0f} / {p['nginx_rps']:,.0f} req/s")),
        ("W1 PostgreSQL-backed vs SQLite-backed", "≥ 0.95", "postgres",
         plain_ratio_cell(0.95, lambda p: f"{p['rps']:,.0f} / {p['sqlite_rps']:,.0f} req/s")),
    ]
    lines = ["| row | target | " + " | ".join(modes) + " |", "|---|---|" + "---|" * len(modes)]
    for label, target, key, figure in rows:
        lines.append(f"| {label} | {target} | " + " | ".join(cell(results[mode][key], figure) for mode in modes) + " |")
    unpinned = results.get("unpinned", {}).get("bench")
    rss = cell(unpinned, rss_cell) if unpinned else "not measured (MODES has no unpinned run)"
    lines.append(f"| RSS idle / 1 000 connections, the README's build | ≤ 20 MB / ≤ 64 MB | {rss} |"
                 + " (RSS does not depend on pinning) |" * (len(modes) - 1))
    return lines


def main():
    directory = Path(tempfile.mkdtemp(prefix="dualgate-bench-targets-"))
    results = {mode: measure(mode, directory) for mode in MODES}
    first = next(iter(results.values()))["bench"]
    measured_build = first.get("build") or bench.build()
    threads = {mode: parts["bench"].get("threads", "?") for mode, parts in results.items()}
    note = os.environ.get("RUN_NOTE", "")
    lines = [f"## Issue 18 targets — {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC — {bench.machine()}"
             + (f" — {note}" if note else ""),
             f"{measured_build}; `bash bench/run.sh`: DURATION={bench.DURATION} s, medians of PAIRS={bench.PAIRS} A/B pairs; "
             + "; ".join(f"{mode}: {threads[mode]} dualgate thread(s) = nginx worker(s)"
                         + (f", servers on CPU {bench.SERVER_CPUS}, wrk on CPU {bench.LOAD_CPUS} (taskset)" if mode == "pinned"
                            else ", servers and wrk on all cores") for mode in results),
             "", *table(results), ""]
    unpinned = results.get("unpinned", {}).get("bench", {})
    instructions = unpinned.get("instructions") or {}
    if instructions:
        lines.append("Callgrind instructions per request (1 loop, after a warm-up): "
                     + ", ".join(f"{name.split()[0]} {count:,.0f}" for name, count in instructions.items()
                                 if name.split()[0] in ("W1", "W2", "W3", "W4", "W5")))
    elif "failed" not in unpinned:
        lines.append("Callgrind instructions per request: not measured (SKIP_CALLGRIND=1 or no unpinned run)")
    for mode, parts in results.items():
        w256 = parts["bench"].get("workloads", {}).get("W1 GET users/me (Basic), 256 conns")
        if w256:
            lines.append(f"W1 with 256 connections, {mode}: {w256['ratio']:.2f} ({w256['rps']:,.0f} / {w256['nginx_rps']:,.0f} req/s)")
    text = "\n".join(lines) + "\n"
    print("\n" + text)
    shutil.rmtree(directory, ignore_errors=True)
    failed = any("failed" in part for parts in results.values() for part in parts.values())
    if failed:
        print("A part failed: nothing appended to bench/RESULTS.md.")
        return 1
    with (BENCH / "RESULTS.md").open("a") as f:
        f.write(text + "\n")
    print("appended to bench/RESULTS.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
