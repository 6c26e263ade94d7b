#!/usr/bin/env python3
"""A deliberately slow upstream for dualgate's gateway tests (issue 13 item 6): "a deliberately
slow upstream while other clients are served on time", and the 504 `upstream_timeout` test.

    slow-upstream.py [--parent-pid PID] [--slow-seconds S]

Listens on a free port of 127.0.0.1 and prints one JSON line, `{"port": N, "url": "http://…"}`.
Every request (any method, body read and discarded) is answered `200` with a small JSON body
`{"path": …, "method": …, "delayed": SECONDS, "count": N}` (HTTP/1.1, keep-alive):
- after `?delay=SECONDS` when the query has it,
- else after --slow-seconds (default 30) when the path contains `/slow`,
- else at once.
One thread per connection, so a slow answer delays no other. `/count` answers how many requests
were received so far (not counted itself). With --parent-pid it exits when that process is gone
(a thread of its own, not a fork).
"""
import json, os, signal, sys, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

SLOW_SECONDS = 30.0
received = 0
lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def answer(self):
        global received
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        elif "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                self.rfile.read(size + 2)
                if size == 0:
                    break
        parts = urlsplit(self.path)
        if parts.path == "/count":
            with lock:
                count = received
            return self.reply({"count": count}, 0)
        with lock:
            received += 1
            count = received
        query = parse_qs(parts.query)
        if "delay" in query:
            delay = float(query["delay"][0])
        elif "/slow" in parts.path:
            delay = SLOW_SECONDS
        else:
            delay = 0
        if delay:
            time.sleep(delay)
        self.reply({"path": parts.path, "method": self.command, "delayed": delay, "count": count}, delay)

    def reply(self, value, delay):
        body = json.dumps(value).encode()
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json; charset=UTF-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass   # the gateway gave up on a slow answer (its timeout): expected

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = answer

    def log_message(self, *args):
        pass


def watch(parent_pid):
    while True:
        try:
            os.kill(parent_pid, 0)
        except ProcessLookupError:
            os._exit(0)
        time.sleep(0.5)


def main(argv):
    global SLOW_SECONDS
    parent = 0
    arguments = list(argv[1:])
    while arguments:
        flag = arguments.pop(0)
        if flag == "--parent-pid" and arguments:
            parent = int(arguments.pop(0))
        elif flag == "--slow-seconds" and arguments:
            SLOW_SECONDS = float(arguments.pop(0))
        else:
            print(__doc__, file=sys.stderr)
            return 2
    # Started by Foundation's Process from a thread that blocks signals, a child inherits SIGTERM
    # blocked (NOTES.md, "Inherited signal masks"): unblock it so that terminate() works.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.request_queue_size = 128
    if parent:
        threading.Thread(target=watch, args=(parent,), daemon=True).start()
    port = server.server_address[1]
    print(json.dumps({"port": port, "url": f"http://127.0.0.1:{port}"}), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
