#!/usr/bin/env python3
"""python-wordpress-xmlrpc 2.3: wp.uploadFile of a 1 MiB file (issue 13 item 6). Prints one JSON
object: the upload's answer (id, file, url, type) or fault, and the file's size and SHA-256.

    wpxmlrpc_upload.py PACKAGES URL LOGIN PASSWORD NAME
"""
import collections, collections.abc, hashlib, json, random, string, sys, xmlrpc.client
if not hasattr(collections, "Iterable"):
    collections.Iterable = collections.abc.Iterable
sys.path.insert(0, sys.argv[1])
from wordpress_xmlrpc import Client
from wordpress_xmlrpc.exceptions import InvalidCredentialsError
from wordpress_xmlrpc.methods.media import UploadFile

url, login, password, name = sys.argv[2:6]
# Text (WordPress allows .txt uploads by default and checks an image's content): 1 MiB of letters.
content = "".join(random.Random(name).choices(string.ascii_letters + "\n", k=1 << 20)).encode()
seen = {"bytes": len(content), "sha256": hashlib.sha256(content).hexdigest()}
try:
    seen["ok"] = Client(url, login, password).call(UploadFile(
        {"name": name, "type": "text/plain", "bits": xmlrpc.client.Binary(content), "overwrite": False}))
except InvalidCredentialsError as error:
    seen["fault"], seen["message"] = 403, str(error)
except xmlrpc.client.Fault as fault:
    seen["fault"], seen["message"] = fault.faultCode, fault.faultString
print(json.dumps(seen, default=str))
