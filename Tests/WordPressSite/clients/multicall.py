#!/usr/bin/env python3
"""CPython's xmlrpc.client MultiCall (one system.multicall request) mixing good, wrong,
read-only-writing and unknown entries (issue 13 item 6). One JSON object: "results", in order,
each {"ok": value} or {"fault": code, "message": text}.

    multicall.py URL LOGIN WRITE_PW READ_ONLY_PW MARKER

Entries, in this order: 0 wp.getPosts (read-only password, good), 1 wp.newPost (write password,
good, title MARKER-good), 2 wp.newPost (read-only password, title MARKER-readonly), 3 an unknown
method (MARKER in its name), 4 wp.getPosts with a wrong password (last: after one failed
authentication dualgate, like WordPress, fails every later one of the same request).
"""
import json, sys, xmlrpc.client

url, login, write, read, marker = sys.argv[1:6]
proxy = xmlrpc.client.ServerProxy(url, allow_none=True)
batch = xmlrpc.client.MultiCall(proxy)
batch.wp.getPosts(1, login, read, {"number": 1})
batch.wp.newPost(1, login, write, {"post_title": marker + "-good", "post_status": "publish"})
batch.wp.newPost(1, login, read, {"post_title": marker + "-readonly", "post_status": "publish"})
getattr(batch, "dualgate_test.unknown" + marker)(1, login, read)
batch.wp.getPosts(1, login, "wrongwrongwrongwrongwron", {"number": 1})
results = []
answers = batch()
for index in range(5):
    try:
        value = answers[index]
        # wp.getPosts: only the titles (the structs hold DateTimes and much else).
        results.append({"ok": [post.get("post_title") for post in value] if isinstance(value, list) else value})
    except xmlrpc.client.Fault as fault:
        results.append({"fault": fault.faultCode, "message": fault.faultString})
print(json.dumps({"results": results}, default=str))
