#!/usr/bin/env python3
"""Who calls a function, or what it calls, with the instructions spent in each call, per request,
from a callgrind dump (the companion of cgself.py, which says where instructions go but not by
which path). Usage: cgcalls.py FILE REQUESTS PATTERN [callers|callees]
PATTERN is a regular expression matched against demangled names, e.g. '^swift_retain$'."""
import re, signal, subprocess, sys
from collections import defaultdict


def edges(path):
    names, costs = {}, defaultdict(int)
    def name(text):
        m = re.match(r"\((\d+)\)(?: (.*))?", text)
        if not m: return text
        if m.group(2): names[m.group(1)] = m.group(2)
        return names.get(m.group(1), text)
    caller = callee = None
    in_call = False
    for line in open(path, errors="replace"):
        line = line.rstrip("\n")
        if line.startswith("fn="): caller = name(line[3:]); continue
        if line.startswith("cfn="): callee = name(line[4:]); continue
        if line.startswith("calls="): in_call = True; continue
        if in_call and line and (line[0].isdigit() or line[0] in "+-*"):
            parts = line.split()
            in_call = False
            if len(parts) >= 2: costs[(caller, callee)] += int(parts[1])
    return costs


def demangled(names):
    try:
        out = subprocess.run(["swift-demangle", "--simplified", "--compact"], input="\n".join(names), capture_output=True, text=True).stdout.splitlines()
        return dict(zip(names, out)) if len(out) == len(names) else {n: n for n in names}
    except OSError:
        return {n: n for n in names}


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)       # quiet under `| head`
    path, requests, pattern = sys.argv[1], int(sys.argv[2]), re.compile(sys.argv[3])
    callers = (sys.argv[4] if len(sys.argv) > 4 else "callers") == "callers"
    costs = edges(path)
    shown = demangled(sorted({f for pair in costs for f in pair}))
    rows = [(cost, shown[a], shown[b]) for (a, b), cost in costs.items() if pattern.search(shown[b] if callers else shown[a])]
    for cost, a, b in sorted(rows, reverse=True)[:40]:
        print(f"{cost / requests:9,.0f}  {a[:100]}  ->  {b[:100]}")
