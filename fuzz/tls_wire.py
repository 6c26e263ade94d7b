#!/usr/bin/env python3
"""The fuzz run's TLS variant (issue 14): hostile bytes at a live `dualgate serve --tls-cert`.

    python3 fuzz/tls_wire.py SECONDS --binary PATH

The libFuzzer targets (fuzz/run.sh) fuzz our parsers in process; behind TLS the same parsers see the
same bytes, so what this run adds is the listener's TLS path on the event loops: for SECONDS it
alternates (a) mutated ClientHellos (a real one from python's ssl, then bit flips, truncations, splices
and random lengths) on raw TCP, with random cuts and stalls, and (b) proper TLS sessions carrying
mutated HTTP requests from fuzz/corpus/http. After every batch a normal HTTPS request must get 200
and the process must be alive; the run fails on a crash, a hang past the deadlines, or a refusal of
the normal request. Seeded: the failing seed is printed, and `--seed N` replays it.
"""
import argparse, os, random, socket, ssl, subprocess, sys, tempfile, time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hardening"))
from load_test import Server  # noqa: E402  (the load run's server harness: TLS certificate included)

CORPUS = Path(__file__).resolve().parent / "corpus" / "http"


def client_hello():
    """A real TLS 1.3 ClientHello, as python's ssl writes it."""
    context = ssl.create_default_context()
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    session = context.wrap_bio(incoming, outgoing, server_hostname="localhost")
    try:
        session.do_handshake()
    except ssl.SSLWantReadError:
        pass
    return outgoing.read()


def mutate(data, rng):
    data = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        choice = rng.random()
        if choice < 0.4 and data:
            index = rng.randrange(len(data))
            data[index] ^= 1 << rng.randrange(8)
        elif choice < 0.6 and data:
            del data[rng.randrange(len(data)):]
        elif choice < 0.8:
            data[rng.randrange(len(data) + 1):0] = os.urandom(rng.randint(1, 64))
        else:
            start = rng.randrange(len(data) + 1)
            data[start:start] = data[: rng.randint(0, 200)]
    return bytes(data)


def raw_round(port, hello, rng):
    with socket.create_connection(("127.0.0.1", port), timeout=3) as raw:
        payload = mutate(hello, rng) if rng.random() < 0.9 else os.urandom(rng.randint(1, 600))
        cut = rng.randint(0, len(payload))
        try:
            raw.sendall(payload[:cut])
            if rng.random() < 0.1:
                time.sleep(0.05)
            raw.sendall(payload[cut:])
            if rng.random() < 0.5:
                raw.shutdown(socket.SHUT_WR)   # EOF mid-handshake
            raw.settimeout(0.2)
            raw.recv(4096)
        except OSError:
            pass


def tls_round(port, context, corpus, rng):
    request = mutate(rng.choice(corpus), rng) if rng.random() < 0.8 else rng.choice(corpus)
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=3) as raw:
            with context.wrap_socket(raw, server_hostname="127.0.0.1") as tls:
                tls.sendall(request)
                tls.settimeout(0.2)   # a mutated request may be incomplete: the server rightly waits
                tls.recv(8192)
    except (OSError, ssl.SSLError):
        pass


def healthy(port, context):
    with socket.create_connection(("127.0.0.1", port), timeout=5) as raw:
        with context.wrap_socket(raw, server_hostname="127.0.0.1") as tls:
            tls.sendall(b"GET /healthz HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
            answer = b""
            while chunk := tls.recv(4096):
                answer += chunk
    return answer.startswith(b"HTTP/1.1 200")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("seconds", type=int)
    parser.add_argument("--binary", default=".build/debug/dualgate")
    parser.add_argument("--seed", type=int, default=None)
    arguments = parser.parse_args()
    seed = arguments.seed if arguments.seed is not None else random.randrange(1 << 32)
    rng = random.Random(seed)
    server = Server(arguments.binary, tls=True)
    corpus = [path.read_bytes() for path in sorted(CORPUS.iterdir())]
    hello = client_hello()
    deadline = time.monotonic() + arguments.seconds
    rounds = 0
    try:
        while time.monotonic() < deadline:
            for _ in range(20):
                if rng.random() < 0.5:
                    raw_round(server.port, hello, rng)
                else:
                    tls_round(server.port, server.ssl, corpus, rng)
                rounds += 1
            if not server.alive:
                print(f"tls-wire: dualgate died (seed {seed}, {rounds} rounds); stderr in {server.directory}")
                return 1
            if not healthy(server.port, server.ssl):
                print(f"tls-wire: a normal HTTPS request failed after {rounds} rounds (seed {seed})")
                return 1
    finally:
        server.stop()
    print(f"tls-wire: {rounds} hostile connections in {arguments.seconds} s, server healthy throughout (seed {seed})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
