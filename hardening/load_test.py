#!/usr/bin/env python3
"""Load and slow-client survival test for `dualgate serve` (loopback only, bounded in time).

    python3 hardening/load_test.py            # long run: 1000 keep-alive, 200 slowloris, 50 silent, 30 s, then fd exhaustion
    python3 hardening/load_test.py --short    # the few-second version `swift test` runs
    python3 hardening/load_test.py --check    # exit 1 when a survival criterion fails (the figures are only reported)
    python3 hardening/load_test.py --tls      # the load phase over HTTPS (serve --tls-cert; a certificate made here)

Phase 1 (load): N keep-alive clients each send `GET /healthz` every ~0.5 s on one connection; slowloris
clients send a request line and then one header byte a second until the server drops them (and reconnect);
silent clients connect and send nothing (and reconnect when dropped); meanwhile one legitimate client
alternates an authenticated REST `users/me` (Basic) and an XML-RPC `wp.getUsersBlogs`, each on a fresh
connection, and we record their latency. The server's CPU time, peak RSS (VmHWM) and liveness are read
from /proc.

Phase 2 (descriptor exhaustion): `serve` under `ulimit -n 64`, (a) with the default `--max-connections`
(derived from the limit): more clients than it may hold; existing ones must keep being served, the excess
closed at once; (b) with `--max-connections 1000`, so accept() really fails with EMFILE: existing clients
keep being served, the server neither crashes nor spins (CPU over the hold), and serves new clients again
once descriptors are free.
"""
import argparse
import asyncio
import base64
import json
import os
import random
import re
import resource
import shutil
import ssl
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from dualgate_binary import find_binary  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TICKS = os.sysconf("SC_CLK_TCK")


# ------------------------------------------------------------------------------------------------ the server
class Server:
    def __init__(self, binary, extra=(), nofile=None, tls=False):
        self.directory = tempfile.mkdtemp(prefix="dualgate-load-")
        self.stderr = open(os.path.join(self.directory, "serve.stderr"), "w")
        self.ssl = None
        if tls:
            # Issue 14: the same crowd over TLS; every client verifies this self-signed certificate.
            cert, key = os.path.join(self.directory, "cert.pem"), os.path.join(self.directory, "key.pem")
            subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                            "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=localhost",
                            "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
            os.chmod(key, 0o600)
            extra = [*extra, "--tls-cert", cert, "--tls-key", key]
            self.ssl = ssl.create_default_context(cafile=cert)

        def limit():
            if nofile:
                resource.setrlimit(resource.RLIMIT_NOFILE, (nofile, nofile))
        self.process = subprocess.Popen([binary, "serve", "--port", "0", "--db", os.path.join(self.directory, "d.sqlite"), *extra],
                                        stdout=subprocess.PIPE, stderr=self.stderr, text=True, preexec_fn=limit)
        self.password = None
        for line in self.process.stdout:
            if "password: " in line:
                self.password = line.split("password: ", 1)[1].strip()
            match = re.search(r"listening on https?://127\.0\.0\.1:(\d+)", line)
            if match:
                self.port = int(match.group(1))
                break
        else:
            raise SystemExit(f"dualgate serve exited before listening: {Path(self.directory, 'serve.stderr').read_text()}")
        self.basic = "Basic " + base64.b64encode(f"admin:{self.password}".encode()).decode()

    @property
    def alive(self):
        return self.process.poll() is None

    def cpu_seconds(self):
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS

    def memory_kib(self, key):
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
        return 0

    def open_descriptors(self):
        return len(os.listdir(f"/proc/{self.process.pid}/fd"))

    def stop(self):
        exit_code = None
        if self.alive:
            self.process.terminate()
            try:
                exit_code = self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                exit_code = "killed after 30 s"
        else:
            exit_code = self.process.returncode
        self.stderr.close()
        shutil.rmtree(self.directory, ignore_errors=True)
        return exit_code


# ----------------------------------------------------------------------------------------------- HTTP bits
async def read_response(reader):
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    match = re.search(rb"(?i)\r\ncontent-length:\s*(\d+)", head)
    body = await reader.readexactly(int(match.group(1))) if match else b""
    return status, head, body


def xmlrpc_body(password):
    return ("<?xml version='1.0'?><methodCall><methodName>wp.getUsersBlogs</methodName><params>"
            f"<param><value><string>admin</string></value></param><param><value><string>{password}</string></value></param>"
            "</params></methodCall>").encode()


async def legitimate_request(server, kind, timeout=10, source="127.0.0.1"):
    """One authenticated request on a fresh connection from `source` (a loopback address): (ok, seconds)."""
    started = time.monotonic()
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", server.port, local_addr=(source, 0), ssl=server.ssl), timeout)
        if kind == "rest":
            request = (f"GET /wp-json/wp/v2/users/me HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: {server.basic}\r\n"
                       "Connection: close\r\n\r\n").encode()
        else:
            body = xmlrpc_body(server.password)
            request = (f"POST /xmlrpc.php HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\nContent-Length: {len(body)}\r\n"
                       "Connection: close\r\n\r\n").encode() + body
        writer.write(request)
        status, _, body = await asyncio.wait_for(read_response(reader), timeout)
        writer.close()
        ok = status == 200 and (b'"id":1' in body if kind == "rest" else (b"isAdmin" in body and b"<fault>" not in body))
    except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ValueError):
        ok = False
    return ok, time.monotonic() - started


# ------------------------------------------------------------------------------------------------- clients
class Tally:
    def __init__(self):
        self.counts = {}

    def add(self, key, amount=1):
        self.counts[key] = self.counts.get(key, 0) + amount


async def keep_alive_client(server, stop, tally, interval, authenticated=False):
    while not stop.is_set():
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", server.port, ssl=server.ssl)
            tally.add("connections")
            while not stop.is_set():
                if authenticated:
                    writer.write(f"GET /wp-json/wp/v2/users/me HTTP/1.1\r\nHost: t\r\nAuthorization: {server.basic}\r\n\r\n".encode())
                else:
                    writer.write(b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
                status, _, _ = await asyncio.wait_for(read_response(reader), 10)
                tally.add("ok" if status == 200 else f"status {status}")
                await asyncio.sleep(interval * random.uniform(0.5, 1.5))
            writer.close()
        except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ValueError) as error:
            tally.add(f"error {type(error).__name__}")
            await asyncio.sleep(0.2)


async def trickling_client(server, stop, tally, head, byte):
    """Sends `head`, then `byte` once a second, never finishing; reconnects when dropped.

    Slowloris: a request line, then header bytes. Slow body: a complete head announcing
    100 000 bytes, then body bytes."""
    while not stop.is_set():
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", server.port, ssl=server.ssl)
            started = time.monotonic()
            writer.write(head)
            reading = asyncio.ensure_future(reader.read(4096))
            while not stop.is_set() and not reading.done():
                writer.write(byte)
                await asyncio.wait([reading], timeout=1)
            if reading.done():
                answer = reading.result()
                tally.add("dropped with 408" if answer.startswith(b"HTTP/1.1 408") else "dropped silently")
                tally.add("held seconds", time.monotonic() - started)
            else:
                reading.cancel()
            writer.close()
        except OSError:
            tally.add("dropped with reset")
            await asyncio.sleep(0.2)


SLOWLORIS_HEAD = b"GET /healthz HTTP/1.1\r\nHost: t\r\n"
SLOW_BODY_HEAD = b"POST /xmlrpc.php HTTP/1.1\r\nHost: t\r\nContent-Length: 100000\r\n\r\n"


async def silent_client(server, stop, tally):
    while not stop.is_set():
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", server.port, ssl=server.ssl)
            started = time.monotonic()
            reading = asyncio.ensure_future(reader.read(4096))
            while not stop.is_set() and not reading.done():
                await asyncio.wait([reading], timeout=0.5)
            if reading.done():
                tally.add("dropped")
                tally.add("held seconds", time.monotonic() - started)
            else:
                reading.cancel()
            writer.close()
        except OSError:
            tally.add("dropped with reset")
            await asyncio.sleep(0.2)


async def legitimate_client(server, stop, latencies, failures):
    kind = "rest"
    while not stop.is_set():
        ok, seconds = await legitimate_request(server, kind)
        (latencies if ok else failures).append((kind, seconds))
        kind = "xmlrpc" if kind == "rest" else "rest"
        await asyncio.sleep(0.05)


def percentile(values, fraction):
    values = sorted(values)
    return values[min(len(values) - 1, int(fraction * len(values)))] if values else float("nan")


# -------------------------------------------------------------------------------------------------- phases
async def load_phase(binary, keep_alive, slowloris, silent, slow_body, duration, tls=False):
    server = Server(binary, tls=tls)
    stop = asyncio.Event()
    tallies = {"keep-alive": Tally(), "slowloris": Tally(), "silent": Tally(), "slow body": Tally()}
    latencies, failures = [], []
    cpu_before = server.cpu_seconds()
    tasks = [asyncio.ensure_future(keep_alive_client(server, stop, tallies["keep-alive"], 0.5)) for _ in range(keep_alive)]
    tasks += [asyncio.ensure_future(trickling_client(server, stop, tallies["slowloris"], SLOWLORIS_HEAD, b"X")) for _ in range(slowloris)]
    tasks += [asyncio.ensure_future(silent_client(server, stop, tallies["silent"])) for _ in range(silent)]
    tasks += [asyncio.ensure_future(trickling_client(server, stop, tallies["slow body"], SLOW_BODY_HEAD, b"<")) for _ in range(slow_body)]
    await asyncio.sleep(min(2, duration / 4))   # let the crowd connect before measuring
    tasks.append(asyncio.ensure_future(legitimate_client(server, stop, latencies, failures)))
    peak_descriptors = 0
    started = time.monotonic()
    while time.monotonic() - started < duration and server.alive:
        await asyncio.sleep(0.5)
        peak_descriptors = max(peak_descriptors, server.open_descriptors())
    stop.set()
    await asyncio.wait(tasks, timeout=15)
    alive = server.alive
    report = {
        "phase": "load over TLS" if tls else "load",
        "clients": {"keep-alive": keep_alive, "slowloris": slowloris, "silent": silent, "slow body": slow_body},
        "seconds": round(duration, 1),
        "legitimate": {"ok": len(latencies), "failed": len(failures),
                       "p50 ms": round(percentile([s for _, s in latencies], 0.50) * 1000, 2),
                       "p99 ms": round(percentile([s for _, s in latencies], 0.99) * 1000, 2),
                       "max ms": round(max([s for _, s in latencies], default=0) * 1000, 2)},
        "crowd": {name: {k: round(v, 1) for k, v in tally.counts.items()} for name, tally in tallies.items()},
        "server": {"alive": alive, "peak RSS MiB": round(server.memory_kib("VmHWM") / 1024, 1) if alive else None,
                   "CPU s": round(server.cpu_seconds() - cpu_before, 1) if alive else None,
                   "peak descriptors": peak_descriptors},
    }
    report["server"]["exit"] = server.stop()
    report["pass"] = alive and not failures and len(latencies) > 0 and report["server"]["exit"] == 0
    return report


async def hold_connections(server, count):
    """Opens `count` connections that send nothing; returns them (some may already be closed by the server)."""
    held = []
    for _ in range(count):
        try:
            held.append(await asyncio.wait_for(asyncio.open_connection("127.0.0.1", server.port, ssl=server.ssl), 2))
        except (OSError, asyncio.TimeoutError):
            pass
    return held


async def closed_at_once(reader):
    try:
        return await asyncio.wait_for(reader.read(1), 1) == b""
    except asyncio.TimeoutError:
        return False
    except OSError:
        return True


async def exhaustion_phase(binary, label, extra, existing, excess, hold, expect_refusals):
    server = Server(binary, extra, nofile=64)
    stop = asyncio.Event()
    tally = Tally()
    workers = [asyncio.ensure_future(keep_alive_client(server, stop, tally, 0.2, authenticated=True)) for _ in range(existing)]
    await asyncio.sleep(1)
    served_before = tally.counts.get("ok", 0)
    held = await hold_connections(server, excess)
    refused = sum(await asyncio.gather(*(closed_at_once(reader) for reader, _ in held)))
    cpu_before, wall_before = server.cpu_seconds(), time.monotonic()
    ok_before_hold = tally.counts.get("ok", 0)
    await asyncio.sleep(hold)
    cpu_share = (server.cpu_seconds() - cpu_before) / (time.monotonic() - wall_before) if server.alive else None
    served_during_hold = tally.counts.get("ok", 0) - ok_before_hold
    descriptors = server.open_descriptors() if server.alive else None
    for _, writer in held:
        writer.close()
    stop.set()
    await asyncio.wait(workers, timeout=15)
    # Descriptors free again: a new client must be served within a few seconds (the listener pauses 1 s on EMFILE).
    recovered_after = None
    started = time.monotonic()
    while server.alive and time.monotonic() - started < 8:
        ok, _ = await legitimate_request(server, "rest", timeout=3)
        if ok:
            recovered_after = round(time.monotonic() - started, 2)
            break
        await asyncio.sleep(0.2)
    alive = server.alive
    report = {
        "phase": f"descriptor exhaustion ({label})", "ulimit -n": 64, "flags": " ".join(extra) or "(default)",
        "existing clients": existing, "excess connections": excess, "excess closed at once": refused,
        "existing served before/during hold": [served_before, served_during_hold],
        "existing client errors": {k: v for k, v in tally.counts.items() if k.startswith(("error", "status"))},
        "server CPU share during hold": round(cpu_share, 3) if cpu_share is not None else None,
        "server descriptors during hold": descriptors,
        "new client served after release (s)": recovered_after, "alive": alive,
    }
    report["exit"] = server.stop()
    # At --max-connections the excess must be closed at once (not left hanging); at EMFILE it waits in the backlog.
    report["pass"] = (alive and served_during_hold > 0 and recovered_after is not None and cpu_share is not None
                      and cpu_share < 0.5 and report["exit"] == 0 and (refused >= excess // 2 if expect_refusals else True))
    return report


async def flood_phase(binary, label, extra, flood, seconds):
    """`flood` idle connections from 127.0.0.1 (reopened when dropped) while a client at 127.0.0.2 makes
    authenticated requests: with a per-address cap it must be served; without one it is locked out."""
    server = Server(binary, extra)
    stop = asyncio.Event()
    tally = Tally()

    async def flooder():
        while not stop.is_set():
            try:
                reader, writer = await asyncio.open_connection("127.0.0.1", server.port, ssl=server.ssl)
            except OSError:
                tally.add("connect failed")
                await asyncio.sleep(0.2)
                continue
            if await closed_at_once(reader):
                tally.add("refused at once")
                writer.close()
                await asyncio.sleep(0.5)
                continue
            tally.add("held")
            while not stop.is_set() and not reader.at_eof():
                await asyncio.sleep(0.5)
            writer.close()

    tasks = [asyncio.ensure_future(flooder()) for _ in range(flood)]
    await asyncio.sleep(2)
    ok = failed = 0
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        success, _ = await legitimate_request(server, "rest", timeout=3, source="127.0.0.2")
        ok, failed = ok + success, failed + (not success)
        await asyncio.sleep(0.1)
    stop.set()
    await asyncio.wait(tasks, timeout=15)
    alive = server.alive
    report = {"phase": f"flood from one address ({label})", "flags": " ".join(extra), "flood connections": flood,
              "flood": tally.counts, "legitimate from 127.0.0.2": {"ok": ok, "failed": failed}, "alive": alive}
    report["exit"] = server.stop()
    capped = "--max-connections-per-address" in extra
    # With the cap the other address must be served; without it, the lockout is the expected (reported) result.
    report["pass"] = alive and report["exit"] == 0 and (failed == 0 and ok > 0 if capped else True)
    return report


async def main_async(arguments):
    binary = find_binary(arguments.binary, build_configuration="release")
    reports = []
    if not arguments.skip_load:
        reports.append(await load_phase(binary, arguments.keep_alive, arguments.slowloris, arguments.silent, arguments.slow_body,
                                          arguments.duration, arguments.tls))
        print(json.dumps(reports[-1], indent=1), flush=True)
    if not arguments.skip_fd:
        hold = 3 if arguments.short else 8
        # Default limit under ulimit 64: 64 - (32 + 5 per loop) connections; 10 existing + 100 more exceed it.
        reports.append(await exhaustion_phase(binary, "at --max-connections", ["--threads", "2"], 10, 100, hold, True))
        print(json.dumps(reports[-1], indent=1), flush=True)
        reports.append(await exhaustion_phase(binary, "EMFILE", ["--threads", "2", "--max-connections", "1000"], 10, 100, hold, False))
        print(json.dumps(reports[-1], indent=1), flush=True)
    if not arguments.skip_flood:
        seconds = 3 if arguments.short else 8
        reports.append(await flood_phase(binary, "per-address cap 200", ["--max-connections", "300", "--max-connections-per-address", "200"],
                                         400, seconds))
        print(json.dumps(reports[-1], indent=1), flush=True)
        reports.append(await flood_phase(binary, "no per-address cap", ["--max-connections", "300"], 400, seconds))
        print(json.dumps(reports[-1], indent=1), flush=True)
    return reports


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", help="the dualgate executable (default: .build/{release,debug}/dualgate, built if missing)")
    parser.add_argument("--short", action="store_true", help="100 keep-alive, 20 slowloris, 10 silent, 4 s, short holds")
    parser.add_argument("--keep-alive", type=int, default=1000)
    parser.add_argument("--slowloris", type=int, default=200)
    parser.add_argument("--silent", type=int, default=50)
    parser.add_argument("--slow-body", type=int, default=50, help="clients sending a body at one byte a second")
    parser.add_argument("--duration", type=float, default=30)
    parser.add_argument("--skip-load", action="store_true")
    parser.add_argument("--skip-fd", action="store_true")
    parser.add_argument("--skip-flood", action="store_true")
    parser.add_argument("--check", action="store_true", help="exit 1 if a phase fails its survival criteria")
    parser.add_argument("--tls", action="store_true", help="the load phase over HTTPS (the descriptor and flood phases stay plain: "
                        "they are about accept, before any handshake)")
    arguments = parser.parse_args()
    if arguments.short:
        arguments.keep_alive, arguments.slowloris, arguments.silent, arguments.slow_body, arguments.duration = 100, 20, 10, 10, 4
    # Our own side needs a descriptor per client too.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    reports = asyncio.run(main_async(arguments))
    verdict = all(report["pass"] for report in reports)
    print(f"RESULT: {'PASS' if verdict else 'FAIL'} ({', '.join(r['phase'] + (' ok' if r['pass'] else ' FAILED') for r in reports)})")
    if arguments.check and not verdict:
        sys.exit(1)


if __name__ == "__main__":
    main()
