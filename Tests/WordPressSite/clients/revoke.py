#!/usr/bin/env python3
"""A revoked password is refused on the very next request (issue 13 item 6), on one keep-alive
`requests` session for REST and one xmlrpc.client proxy for XML-RPC: a request that works, then
COMMAND runs (the CLI revoke), then the next request on the same connection. One JSON object.

    revoke.py URL LOGIN REST_PW XMLRPC_PW MARKER REST_REVOKE_JSON XMLRPC_REVOKE_JSON

*_REVOKE_JSON: the revoke command line as a JSON list (argv), run with subprocess.
"""
import json, subprocess, sys, xmlrpc.client
import requests

base, login, rest_pw, xmlrpc_pw, marker, rest_revoke, xmlrpc_revoke = sys.argv[1:8]
seen = {}
session = requests.Session()
session.auth = (login, rest_pw)
r = session.get(base + "/wp-json/wp/v2/posts?dgmark=" + marker + "-before")
seen["rest_before"] = {"status": r.status_code}
revoked = subprocess.run(json.loads(rest_revoke), capture_output=True, text=True)
seen["rest_revoke_status"] = revoked.returncode
r = session.get(base + "/wp-json/wp/v2/posts?dgmark=" + marker + "-after")
seen["rest_after"] = {"status": r.status_code, "code": r.json().get("code") if r.headers.get("Content-Type", "").startswith("application/json") and isinstance(r.json(), dict) else None}

proxy = xmlrpc.client.ServerProxy(base + "/xmlrpc.php", allow_none=True)


def attempt(tag):
    try:
        return {"ok": len(proxy.wp.getPosts(1, login, xmlrpc_pw, {"number": 1, "s": marker + tag}))}
    except xmlrpc.client.Fault as fault:
        return {"fault": fault.faultCode, "message": fault.faultString}


seen["xmlrpc_before"] = attempt("-xbefore")
revoked = subprocess.run(json.loads(xmlrpc_revoke), capture_output=True, text=True)
seen["xmlrpc_revoke_status"] = revoked.returncode
seen["xmlrpc_after"] = attempt("-xafter")
print(json.dumps(seen))
