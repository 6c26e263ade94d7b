#!/usr/bin/env python3
"""Compare two dualgate binaries' XML-RPC answers, byte for byte, on random documents.

Use it when changing the XML-RPC decoder or encoder: build the old commit's binary somewhere
(e.g. a clean clone), then

    python3 scripts/xmlrpc-answer-diff.py OLD_BINARY NEW_BINARY [--seed N] [--documents N]

Both servers run with `--enable-validator` on a store of their own in a temp directory. About
half the documents are valid calls (mostly `validator1.echoStructTest` of a random nested struct:
arrays, structs, every scalar type, untyped values, whitespace between elements, members whose
value comes before their name, duplicate names); the rest are malformed in the ways a decoder must
refuse (text outside values, missing or extra elements, bad scalars, unknown elements, a second
methodName). A few large documents (over the encoder's first buffer guess) are sent too.
Exit status 1 when any answer differs; the first differences are printed.
"""
import argparse
import random
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import xmlrpc.client


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(binary, directory):
    port = free_port()
    process = subprocess.Popen([binary, "serve", "--port", str(port), "--db", f"{directory}/dualgate.sqlite",
                                "--enable-validator", "--threads", "1"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz")
            return process, port
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise SystemExit(f"{binary} did not start")


class Documents:
    def __init__(self, seed):
        self.random = random.Random(seed)
        self.valid = False

    def chance(self, probability):
        """A malformation, only in invalid mode."""
        return not self.valid and self.random.random() < probability

    def invalid(self, choices):
        """Extra choices that make a document malformed, only in invalid mode."""
        return [] if self.valid else choices

    def space(self):
        return self.random.choice(["", "", "", " ", "\n", "\t", "\n \n"] + self.invalid([" x"]))

    def scalar(self):
        r = self.random
        kinds = ["int", "i4", "string", "boolean", "double", "nil", "untyped", "i8", "base64", "dateTime.iso8601"]
        kind = r.choice(kinds + self.invalid(["unknown"]))
        if kind == "nil":
            return "<nil/>"
        if kind == "untyped":
            return r.choice(["abc", " spaced ", "", "&amp;x"])
        if kind == "unknown":
            return "<foo>1</foo>"
        text = {
            "int": r.choice(["1", "-5"] + self.invalid(["x", "99999999999"])),
            "i4": "7",
            "string": r.choice(["s", "", "a&lt;b", "é"]),
            "boolean": r.choice(["0", "1"] + self.invalid(["2"])),
            "double": r.choice(["1.5", "1e5"] + self.invalid(["nan"])),
            "i8": "123",
            "base64": r.choice(["YWJj"] + self.invalid(["!!"])),
            "dateTime.iso8601": r.choice(["20200101T00:00:00"] + self.invalid(["bad"])),
        }[kind]
        return f"<{kind}>{text}</{kind}>"

    def value(self, depth=0):
        r = self.random
        roll = r.random()
        if depth > 3 or roll < 0.5:
            inner = self.scalar()
        elif roll < 0.75:
            elements = "".join(self.space() + self.value(depth + 1) for _ in range(r.randint(0, 3)))
            inner = f"<array>{self.space()}<data>{elements}{self.space()}</data>{self.space()}</array>"
            if self.chance(0.05):
                inner = "<array></array>"
            if self.chance(0.05):
                inner = "<array><data></data><data></data></array>"
        else:
            members = []
            for _ in range(r.randint(0, 3)):
                name = "<name>%s</name>" % r.choice(["a", "b", "a", "faultCode", "faultString", "", "x&amp;y"])
                value = self.value(depth + 1)
                if self.valid:
                    parts = [value, name] if r.random() < 0.2 else [name, value]
                else:
                    parts = r.choice([[name, value]] * 6 + [[value, name], [name], [value], [name, value, value], [name, name, value]])
                members.append("<member>" + self.space() + self.space().join(parts) + self.space() + "</member>")
            inner = "<struct>" + self.space() + "".join(member + self.space() for member in members) + "</struct>"
        if self.chance(0.05):
            inner += "<string>extra</string>"
        return f"<value>{self.space()}{inner}{self.space()}</value>"

    def call(self):
        r = self.random
        self.valid = r.random() < 0.6
        if self.valid and r.random() < 0.8:
            method = "validator1.echoStructTest"
            value = self.value()
            while "<struct>" not in value[:30]:
                value = self.value()
            params = f"<param>{self.space()}{value}{self.space()}</param>"
        else:
            method = r.choice(["validator1.echoStructTest", "demo.addTwoNumbers", "system.methodSignature",
                               "validator1.arrayOfStructsTest", "validator1.nestedStructTest", "nope"])
            params = "".join(f"<param>{self.space()}{self.value()}{self.space()}</param>" for _ in range(r.randint(0, 3)))
        if self.chance(0.05):
            params += "<param></param>"
        name = f"<methodName>{self.space()}{method}{self.space()}</methodName>"
        body = [name, f"<params>{params}</params>"]
        if self.chance(0.05):
            body.reverse()
        if self.chance(0.03):
            body = body[1:]
        if self.chance(0.03):
            body.append(name)
        return "<?xml version='1.0'?><methodCall>" + self.space() + self.space().join(body) + self.space() + "</methodCall>"


def large_calls():
    dumps = xmlrpc.client.dumps
    return [
        dumps((), "system.listMethods"),
        dumps(([{"methodName": "demo.addTwoNumbers", "params": [i, i]} for i in range(60)],), "system.multicall"),
        dumps(({"k%d" % i: 'v&<>"%d' % i * 20 for i in range(200)},), "validator1.echoStructTest"),
        dumps(({"a": [{"b": "é" * 3000}]},), "validator1.echoStructTest"),
        dumps((), "nope" * 400),
        dumps(([{"methodName": "nope%d" % i, "params": []} for i in range(50)],), "system.multicall"),
    ]


def post(port, document):
    request = urllib.request.Request(f"http://127.0.0.1:{port}/xmlrpc.php", data=document.encode(),
                                     headers={"Content-Type": "text/xml"})
    try:
        with urllib.request.urlopen(request) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--documents", type=int, default=3000)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as old_dir, tempfile.TemporaryDirectory() as new_dir:
        old, old_port = start(options.old, old_dir)
        new, new_port = start(options.new, new_dir)
        try:
            generator = Documents(options.seed)
            documents = large_calls() + [generator.call() for _ in range(options.documents)]
            differences = successes = 0
            for document in documents:
                before, after = post(old_port, document), post(new_port, document)
                if b"<fault>" not in before[1]:
                    successes += 1
                if before != after:
                    differences += 1
                    if differences <= 3:
                        print(f"DIFFERENT ANSWERS for {document[:400]!r}\n  old: {before!r:.400}\n  new: {after!r:.400}")
            print(f"{len(documents)} documents ({successes} answered without a fault), {differences} different answers")
            return 1 if differences else 0
        finally:
            old.terminate()
            new.terminate()


if __name__ == "__main__":
    sys.exit(main())
