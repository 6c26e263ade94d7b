#!/usr/bin/env python3
"""Self and inclusive instructions per function from a callgrind dump (callgrind_annotate 3.19
misreads dumps taken with `callgrind_control --dump`). Usage: cgself.py [-i (inclusive)] FILE [REQUESTS] [TOP]"""
import re, subprocess, sys
from collections import defaultdict

def parse(path):
    self_cost, incl_calls = defaultdict(int), defaultdict(int)
    calls_into = defaultdict(int)
    fn = None; in_call = False; names = {}
    def name(text):
        m = re.match(r"\((\d+)\)(?: (.*))?", text)
        if not m: return text
        if m.group(2): names[m.group(1)] = m.group(2)
        return names.get(m.group(1), text)
    for line in open(path, errors="replace"):
        line = line.rstrip("\n")
        if line.startswith("fn="): fn = name(line[3:]); continue
        if line.startswith("cfn="): callee = name(line[4:]); continue
        if line.startswith("calls="): in_call = True; continue
        if line and (line[0].isdigit() or line[0] in "+-*"):
            parts = line.split()
            if len(parts) >= 2 and fn is not None:
                cost = int(parts[1])
                if in_call:
                    in_call = False
                    if callee != fn: incl_calls[fn] += cost
                else: self_cost[fn] += cost
    if INCLUSIVE:
        return {f: self_cost[f] + incl_calls[f] for f in set(self_cost) | set(incl_calls)}
    return self_cost

def demangle(names):
    try:
        out = subprocess.run(["swift-demangle", "--simplified", "--compact"], input="\n".join(names), capture_output=True, text=True).stdout.splitlines()
        return out if len(out) == len(names) else names
    except OSError:
        return names

INCLUSIVE = False
if __name__ == "__main__":
    if sys.argv[1] == "-i": INCLUSIVE = True; del sys.argv[1]
    path = sys.argv[1]; requests = int(sys.argv[2]) if len(sys.argv) > 2 else 1; top = int(sys.argv[3]) if len(sys.argv) > 3 else 40
    costs = parse(path)
    total = int(re.search(r"^(?:summary|totals): (\d+)", open(path, errors="replace").read(), re.M).group(1))
    rows = sorted(costs.items(), key=lambda kv: -kv[1])[:top]
    for (fn, cost), shown in zip(rows, demangle([r[0] for r in rows])):
        print(f"{cost/requests:10,.0f} {100*cost/total:5.1f}%  {shown[:150]}")
    print(f"{total/requests:10,.0f} total")
