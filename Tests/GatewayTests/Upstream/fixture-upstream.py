#!/usr/bin/env python3
"""A small HTTP/1.1 origin for the forwarding tests: keep-alive, every framing, and misbehaviour on demand.

    fixture-upstream.py RECORD_FILE [PORT [CERT KEY]]     prints "port N", then serves (HTTPS with CERT KEY) until killed

Each request is appended to RECORD_FILE as one JSON line (connection number, method, target, headers,
body length and SHA-256), so a test can see exactly what crossed the gateway. Paths:
  /echo…            200 JSON of the request; hop-by-hop and cookie fields in the answer
  /chunked          chunked answer in pieces;  /until-close: no length, ends with the connection
  /big/N            N bytes (Content-Length), a repeating pattern
  /slow/N           answers after N seconds;   /garbage: not HTTP;  /reset: closes without answering
  /cut              announces 1000 bytes, sends 10, closes (an answer broken off)
  /xmlrpc.php       echoed, or after 5 s when the call names fixture.slow
  …/early           answered on its head, before reading any body (then closes)
  /nocontent        204;   /wp-json/ (index): a WordPress-like index with the upstream's authentication
"""
import hashlib, json, signal, socket, socketserver, sys, threading, time

# Spawned from a test-pool thread, this process may start with SIGTERM blocked (NOTES.md): take it back.
signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM, signal.SIGINT])

RECORD = sys.argv[1]
lock = threading.Lock()
connections = [0]


def record(entry):
    with lock, open(RECORD, "a") as out:
        out.write(json.dumps(entry) + "\n")


def read_request(stream):
    line = stream.readline()
    if not line:
        return None
    method, target, _ = line.decode("latin-1").rstrip("\r\n").split(" ", 2)
    headers = []
    while True:
        field = stream.readline().decode("latin-1").rstrip("\r\n")
        if not field:
            break
        name, value = field.split(":", 1)
        headers.append((name, value.strip()))
    if "/early" in target:
        return method, target, headers, None   # answered on its head, body unread
    length = int(next((v for n, v in headers if n.lower() == "content-length"), "0"))
    body = stream.read(length) if length else b""
    if any(n.lower() == "transfer-encoding" and "chunked" in v.lower() for n, v in headers):
        body = b""
        while True:
            size = int(stream.readline().split(b";")[0], 16)
            if size == 0:
                while stream.readline() not in (b"\r\n", b"\n", b""):
                    pass
                break
            body += stream.read(size)
            stream.readline()
    return method, target, headers, body


class Handler(socketserver.StreamRequestHandler):
    def handle(self):
        with lock:
            connections[0] += 1
            number = connections[0]
        while True:
            request = read_request(self.rfile)
            if request is None:
                return
            method, target, headers, body = request
            if body is None:
                record({"connection": number, "method": method, "target": target, "headers": headers, "body_length": -1, "body_sha256": ""})
                self.send("200 OK", [("Content-Type", "text/plain"), ("Content-Length", 5), ("Connection", "close")], b"early")
                return
            record({"connection": number, "method": method, "target": target, "headers": headers,
                    "body_length": len(body), "body_sha256": hashlib.sha256(body).hexdigest()})
            if not self.answer(method, target, headers, body, number):
                return

    def send(self, status, fields, body=b"", head_only=False):
        out = f"HTTP/1.1 {status}\r\n" + "".join(f"{n}: {v}\r\n" for n, v in fields) + "\r\n"
        self.wfile.write(out.encode("latin-1") + (b"" if head_only else body))
        self.wfile.flush()

    def answer(self, method, target, headers, body, number):
        head_only = method == "HEAD"
        if target.split("?")[0] in ("/wp-json/", "/wp-json") or target.endswith("rest_route=/"):
            payload = json.dumps({"name": "Upstream site", "authentication": {"upstream-only": True},
                                  "routes": {"/wp/v2/posts": {}}}).encode()
            self.send("200 OK", [("Content-Type", "application/json; charset=UTF-8"), ("Content-Length", len(payload))], payload, head_only)
            return True
        # REST-shaped paths behave as the bare ones: /wp-json/wp/v2/slow/1 is /slow/1.
        path = target[len("/wp-json/wp/v2"):] if target.startswith("/wp-json/wp/v2/") else target
        if path.startswith("/xmlrpc.php") and b"fixture.slow" in body:
            time.sleep(5)
            self.send("200 OK", [("Content-Type", "text/xml"), ("Content-Length", 4)], b"late", head_only)
        elif path.startswith("/chunked"):
            self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n")
            for piece in (b"first,", b"second,", b"x" * 70000, b",last"):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                self.wfile.flush()
                time.sleep(0.01)
            self.wfile.write(b"0\r\nX-Trailer: t\r\n\r\n")
        elif path.startswith("/until-close"):
            self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nno length, then close")
            return False
        elif path.startswith("/big/"):
            size = int(path.split("/")[2])
            pattern = bytes(range(256)) * (size // 256 + 1)
            self.send("200 OK", [("Content-Type", "application/octet-stream"), ("Content-Length", size)], pattern[:size], head_only)
        elif path.startswith("/slow/"):
            time.sleep(float(path.split("/")[2]))
            self.send("200 OK", [("Content-Type", "text/plain"), ("Content-Length", 4)], b"slow", head_only)
        elif path.startswith("/garbage"):
            self.wfile.write(b"THIS IS NOT HTTP\r\n\r\n")
            return False
        elif path.startswith("/reset"):
            return False
        elif path.startswith("/cut"):
            self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n0123456789")
            self.wfile.flush()
            return False
        elif path.startswith("/nocontent"):
            self.send("204 No Content", [("X-Upstream", "yes")])
        else:
            self.echo(method, target, headers, body, number, head_only)
        return True

    def echo(self, method, target, headers, body, number, head_only):
        payload = json.dumps({"method": method, "target": target, "headers": headers, "body_length": len(body),
                              "connection": number}).encode()
        self.send("200 OK", [("Content-Type", "application/json"), ("Content-Length", len(payload)),
                             ("Set-Cookie", "upstream_session=1"), ("Connection", "X-Hop-Secret"), ("X-Hop-Secret", "1"),
                             ("Keep-Alive", "timeout=5"), ("X-Upstream", "yes")], payload, head_only)


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


server = Server(("127.0.0.1", int(sys.argv[2]) if len(sys.argv) > 2 else 0), Handler)
if len(sys.argv) > 4:
    # HTTPS origin (issue 14): CERT KEY follow the port.
    import ssl
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(sys.argv[3], sys.argv[4])
    server.socket = context.wrap_socket(server.socket, server_side=True)
print(f"port {server.server_address[1]}", flush=True)
server.serve_forever()
