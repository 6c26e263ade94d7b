#!/usr/bin/env python3
"""python-wordpress-xmlrpc 2.3 (unmodified, from PyPI) against a WordPress or a dualgate in front
of one (issue 13 item 6, first bullet). Prints one JSON object.

    wpxmlrpc_posts.py PACKAGES URL LOGIN WRITE_PW READ_ONLY_PW REST_ONLY_PW MARKER

new_post: NewPost with WRITE_PW (title MARKER-write); get_posts: GetPosts with READ_ONLY_PW (titles);
read_only_new_post: NewPost with READ_ONLY_PW (title MARKER-readonly); rest_only_get_posts: GetPosts
with REST_ONLY_PW. Each is {"ok": result} or {"fault": code, "message": text} (the client turns fault
403 into InvalidCredentialsError).
"""
import collections, collections.abc, json, sys, xmlrpc.client
# python-wordpress-xmlrpc 2.3 still uses collections.Iterable, removed in Python 3.10.
if not hasattr(collections, "Iterable"):
    collections.Iterable = collections.abc.Iterable
sys.path.insert(0, sys.argv[1])
from wordpress_xmlrpc import Client, WordPressPost
from wordpress_xmlrpc.exceptions import InvalidCredentialsError
from wordpress_xmlrpc.methods.posts import GetPosts, NewPost

url, login, write, read, rest_only, marker = sys.argv[2:8]


def attempt(call):
    try:
        return {"ok": call()}
    except InvalidCredentialsError as error:
        return {"fault": 403, "message": str(error)}
    except xmlrpc.client.Fault as fault:
        return {"fault": fault.faultCode, "message": fault.faultString}


def post(title):
    new = WordPressPost()
    new.title = title
    new.content = "written by python-wordpress-xmlrpc"
    new.post_status = "publish"
    return new


print(json.dumps({
    "new_post": attempt(lambda: Client(url, login, write).call(NewPost(post(marker + "-write")))),
    "get_posts": attempt(lambda: [p.title for p in Client(url, login, read).call(GetPosts({"number": 100, "post_status": "publish"}))]),
    "read_only_new_post": attempt(lambda: Client(url, login, read).call(NewPost(post(marker + "-readonly")))),
    "rest_only_get_posts": attempt(lambda: [p.title for p in Client(url, login, rest_only).call(GetPosts({"number": 1}))]),
}))
