#!/usr/bin/env python3
"""Differential HTTP/1.1 check: dualgate's real server against Python's h11 on the same request streams.

    python3 hardening/http_diff.py                 # table on stdout
    python3 hardening/http_diff.py --markdown hardening/http-differential.md
    python3 hardening/http_diff.py --check         # exit 1 on a disagreement not in http-differential-known.txt

Each case of `http_corpus.py` is sent on one loopback connection to `dualgate serve` (then our write side is
shut) and fed to an h11 server connection. Both sides are reduced to the same outcome: for every request
framed, what it leads to (`health-200`, `rpc-ok`, ... predicted from h11's method/target/body, read from
dualgate's answer) and whether the connection stays open after it; then `reject N` (a protocol error with
status N) or `end` (the stream ended, complete or not). h11 is installed from PyPI into a cache directory;
when it cannot be, the run is skipped visibly (exit 77).
"""
import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import xmlrpc.client
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
KNOWN = HERE / "http-differential-known.txt"
H11_VERSION = "0.16.0"
SKIP = 77

sys.path.insert(0, str(HERE))
from http_corpus import CASES  # noqa: E402
from dualgate_binary import find_binary  # noqa: E402


def load_h11():
    cache = Path(tempfile.gettempdir()) / f"dualgate-h11-{H11_VERSION}"
    if not (cache / "h11" / "__init__.py").exists():
        staging = Path(tempfile.mkdtemp(prefix="dualgate-h11-"))
        result = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                                 "--no-input", "--target", str(staging), f"h11=={H11_VERSION}"],
                                capture_output=True, text=True,
                                # Debian's pip refuses installs by PEP 668; --target touches no system directory.
                                env={**os.environ, "PIP_BREAK_SYSTEM_PACKAGES": "1", "PIP_DEFAULT_TIMEOUT": "30"})
        if result.returncode != 0:
            shutil.rmtree(staging, ignore_errors=True)
            print(f"SKIP: pip could not install h11=={H11_VERSION}: {result.stderr.strip()[-300:]}")
            sys.exit(SKIP)
        try:
            staging.rename(cache)
        except OSError:
            shutil.rmtree(staging, ignore_errors=True)   # another run won the race; its copy is complete
    sys.path.insert(0, str(cache))
    import h11
    return h11


# ---------------------------------------------------------------------------------------------- predictions
def origin_path(target):
    """The path a server must route on: absolute-form targets lose scheme and authority (RFC 9112 §3.2.2)."""
    match = re.match(rb"^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*", target)
    if match:
        target = target[match.end():] or b"/"
    return target.split(b"?")[0]


def predict(method, target, body):
    """What dualgate's handler answers to a request framed this way (its routes are fixed and tiny)."""
    path = origin_path(target)
    if path == b"/healthz":
        return "health-200" if method in (b"GET", b"HEAD") else "health-405"
    if path == b"/xmlrpc.php":
        if method != b"POST":
            return "rpc-405"
        try:
            params, name = xmlrpc.client.loads(body)
        except Exception:
            return "rpc-fault-200"
        return "rpc-ok-200" if (name, params) in (("demo.sayHello", ()), ("demo.addTwoNumbers", (2, 3))) else "rpc-fault-200"
    return "notfound-404"


def run_h11(h11, data):
    conn = h11.Connection(h11.SERVER, max_incomplete_event_size=16 * 1024)
    conn.receive_data(data)
    outcome = []
    request, body = None, b""
    while True:
        try:
            event = conn.next_event()
        except h11.RemoteProtocolError as error:
            return outcome + [f"reject {error.error_status_hint}"]
        if event is h11.NEED_DATA or isinstance(event, h11.ConnectionClosed):
            return outcome + ["end"]
        if event is h11.PAUSED:
            # Waiting for us to finish the cycle (or a protocol switch we never accept): the stream ends here.
            if conn.our_state is h11.DONE and conn.their_state is h11.DONE:
                conn.start_next_cycle()
                continue
            return outcome + ["end"]
        if isinstance(event, h11.Request):
            request, body = event, b""
        elif isinstance(event, h11.Data):
            body += event.data
        elif isinstance(event, h11.EndOfMessage):
            kind = predict(request.method, request.target, body)
            # Answer with the status dualgate would use: a 2xx to CONNECT or Upgrade would switch protocols in h11.
            status = int(kind.rsplit("-", 1)[1])
            conn.send(h11.Response(status_code=status, headers=[("Content-Length", "0")]))
            conn.send(h11.EndOfMessage())
            if conn.our_state is h11.MUST_CLOSE or conn.their_state is h11.MUST_CLOSE:
                return outcome + [kind + "/close", "end"]
            outcome.append(kind + "/open")
            conn.start_next_cycle()


# ------------------------------------------------------------------------------------------------- dualgate
class Server:
    def __init__(self, binary):
        self.directory = tempfile.mkdtemp(prefix="dualgate-diff-")
        self.stderr = open(os.path.join(self.directory, "serve.stderr"), "w")
        self.process = subprocess.Popen([binary, "serve", "--port", "0", "--threads", "1",
                                         "--db", os.path.join(self.directory, "d.sqlite")],
                                        stdout=subprocess.PIPE, stderr=self.stderr, text=True)
        for line in self.process.stdout:
            match = re.search(r"listening on http://127\.0\.0\.1:(\d+)", line)
            if match:
                self.port = int(match.group(1))
                break
        else:
            raise SystemExit(f"dualgate serve exited before listening (see {self.directory}/serve.stderr)")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.stderr.close()
        shutil.rmtree(self.directory, ignore_errors=True)


def exchange(port, data):
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        try:
            sock.sendall(data)
            sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass   # a refusal may reset the rest of a long send; what was answered is still readable
        received = b""
        try:
            while chunk := sock.recv(65536):
                received += chunk
        except ConnectionResetError:
            pass
        return received


def parse_responses(raw):
    """Splits a byte stream into (status, headers, body) answers, skipping interim 1xx."""
    answers = []
    while raw:
        head_end = raw.find(b"\r\n\r\n")
        if head_end < 0:
            answers.append((0, {}, raw))   # not HTTP at all: the outcome shows it
            break
        lines = raw[:head_end].split(b"\r\n")
        status = int(lines[0].split(b" ")[1])
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            headers[name.strip().lower()] = value.strip()
        length = int(headers.get(b"content-length", b"0"))
        body = raw[head_end + 4:head_end + 4 + length]
        raw = raw[head_end + 4 + length:]
        if 100 <= status < 200:
            continue
        answers.append((status, headers, body))
    return answers


REASONS = {400: b"Bad Request", 408: b"Request Timeout", 413: b"Content Too Large",
           431: b"Request Header Fields Too Large", 501: b"Not Implemented", 505: b"HTTP Version Not Supported"}


def classify(status, headers, body):
    if status == 200 and body == b'{"status":"ok"}':
        return "health-200"
    if status == 405 and b"/healthz" in body:
        return "health-405"
    if status == 200 and headers.get(b"content-type", b"").startswith(b"text/xml"):
        return "rpc-fault-200" if b"<fault>" in body else "rpc-ok-200"
    if status == 405:
        return "rpc-405"
    if status == 404 and body.startswith(b"Not Found. dualgate"):
        return "notfound-404"
    return f"status-{status}"


def run_dualgate(port, data):
    outcome = []
    for status, headers, body in parse_responses(exchange(port, data)):
        if status >= 400 and body == REASONS.get(status, b"?") + b"\n":
            return outcome + [f"reject {status}"]   # the fixed refusal text: a protocol error, connection closed
        closes = headers.get(b"connection", b"").lower() == b"close"
        outcome.append(classify(status, headers, body) + ("/close" if closes else "/open"))
        if closes:
            break
    return outcome + ["end"]


# ------------------------------------------------------------------------------------------------ comparison
def same_framing(ours, theirs):
    """Equal outcomes, or both refusals that differ only in the status code."""
    if ours == theirs:
        return True
    return (ours[:-1] == theirs[:-1] and ours[-1].startswith("reject") and theirs[-1].startswith("reject"))


def read_known():
    known = {}
    if KNOWN.exists():
        for line in KNOWN.read_text().splitlines():
            if line.strip() and not line.startswith("#"):
                case, ours, theirs, verdict, reason = line.split("\t")
                known[case] = (ours, theirs, verdict, reason)
    return known


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", help="the dualgate executable (default: .build/{release,debug}/dualgate, built if missing)")
    parser.add_argument("--check", action="store_true", help="exit 1 on a disagreement not listed in http-differential-known.txt")
    parser.add_argument("--markdown", help="also write the table as Markdown to this file")
    parser.add_argument("--only", help="run only cases whose id contains this text")
    arguments = parser.parse_args()

    h11 = load_h11()
    server = Server(find_binary(arguments.binary))
    rows = []
    try:
        for case, description, data in CASES:
            if arguments.only and arguments.only not in case:
                continue
            ours = run_dualgate(server.port, data)
            theirs = run_h11(h11, data)
            rows.append((case, description, " ; ".join(ours), " ; ".join(theirs), same_framing(ours, theirs)))
        alive = server.process.poll() is None
    finally:
        server.stop()

    known = read_known()
    new, stale, agreed = [], [], 0
    for case, description, ours, theirs, agrees in rows:
        if agrees:
            agreed += 1
            if case in known:
                stale.append(case)
        elif case not in known or known[case][:2] != (ours, theirs):
            new.append(case)

    width = max(len(row[0]) for row in rows)
    for case, description, ours, theirs, agrees in rows:
        mark = "agree" if agrees else ("KNOWN" if case in known and case not in new else "NEW  ")
        print(f"{mark}  {case:<{width}}  dualgate: {ours:<40}  h11: {theirs}")
    print(f"\n{len(rows)} cases: {agreed} agree, {len(rows) - agreed} disagree "
          f"({len(rows) - agreed - len(new)} known, {len(new)} new); server alive after the run: {alive}")
    for case in new:
        row = next(r for r in rows if r[0] == case)
        print(f"NEW DISAGREEMENT {case}\t{row[2]}\t{row[3]}\t?\t(explain or fix, then list it in {KNOWN.name})")
    for case in stale:
        print(f"note: {case} is listed as known but now agrees; remove it from {KNOWN.name}")

    if arguments.markdown:
        write_markdown(arguments.markdown, rows, known, agreed)
    if arguments.check and (new or not alive):
        sys.exit(1)


def write_markdown(path, rows, known, agreed):
    out = [f"| case | what is sent | dualgate | h11 {H11_VERSION} |", "|---|---|---|---|"]
    for case, description, ours, theirs, agrees in rows:
        out.append(f"| `{case}` | {description} | {ours} | {theirs}{'' if agrees else ' **≠**'} |")
    table = "\n".join(out)
    disagreements = [f"| `{case}` | {known[case][2] if case in known else '?'} | {known[case][3] if case in known else 'not yet explained'} |"
                     for case, _, _, _, agrees in rows if not agrees]
    text = Path(path).read_text() if Path(path).exists() else ""
    generated = (f"<!-- generated by hardening/http_diff.py --markdown; do not edit between the markers -->\n"
                 f"{len(rows)} cases, {agreed} agree, {len(rows) - agreed} disagree.\n\n"
                 "| case | verdict | why |\n|---|---|---|\n" + "\n".join(disagreements) +
                 "\n\n<details><summary>Every case</summary>\n\n" + table + "\n\n</details>\n<!-- end generated -->")
    if "<!-- generated" in text:
        text = re.sub(r"<!-- generated.*?<!-- end generated -->", lambda _: generated, text, flags=re.S)
    else:
        text += generated + "\n"
    Path(path).write_text(text)


if __name__ == "__main__":
    main()
