#!/usr/bin/env python3
"""A REST client against a WordPress or a dualgate in front of one (issue 13 item 6, second
bullet), through plain `requests` or the PyPI `wordpress-api` package (unmodified). One JSON object.

    rest_posts.py requests|wordpress-api PACKAGES URL LOGIN READ_ONLY_PW WRITE_PW XMLRPC_ONLY_PW MARKER

list: GET posts with READ_ONLY_PW; read_only_create: POST posts (title MARKER-readonly) with it;
create: POST posts (title MARKER-write, published) with WRITE_PW; xmlrpc_only: GET posts with
XMLRPC_ONLY_PW. Each {"status": …, "code": …, …}. PACKAGES is where wordpress-api is ("-" for requests).
"""
import json, sys

client, packages, base, login, read, write, xmlrpc_only, marker = sys.argv[1:9]
seen = {"client": client}


def outcome(response, **extra):
    try:
        body = response.json()
    except ValueError:
        body = None
    result = {"status": response.status_code, "code": body.get("code") if isinstance(body, dict) else None}
    result.update({key: (value(body) if callable(value) else value) for key, value in extra.items()})
    return result


if client == "requests":
    import requests

    def call(method, route, password, payload=None):
        return requests.request(method, base + "/wp-json/wp/v2/" + route, auth=(login, password), json=payload, timeout=30)
else:
    sys.path.insert(0, packages)
    from wordpress import API

    def call(method, route, password, payload=None):
        api = API(url=base, consumer_key=login, consumer_secret=password, api="wp-json", version="wp/v2",
                  basic_auth=True, user_auth=True, wp_user=login, wp_pass=password, timeout=30)
        # The package raises on any status but 200/201/202 unless told which others to hand back.
        statuses = [400, 401, 403, 404, 500, 502, 503, 504]
        if method == "GET":
            return api.get(route, handle_status_codes=statuses)
        return api.post(route, payload, handle_status_codes=statuses)

seen["list"] = outcome(call("GET", "posts?per_page=100", read),
                       titles=lambda body: [p["title"]["rendered"] for p in body] if isinstance(body, list) else None)
seen["read_only_create"] = outcome(call("POST", "posts", read, {"title": marker + "-readonly", "status": "publish"}))
seen["create"] = outcome(call("POST", "posts", write, {"title": marker + "-write", "status": "publish"}),
                         id=lambda body: body.get("id") if isinstance(body, dict) else None)
seen["xmlrpc_only"] = outcome(call("GET", "posts", xmlrpc_only))
print(json.dumps(seen))
