import Foundation

/// REST clients written by others, driven through Python: plain `requests`, and the
/// `wordpress-api` package from PyPI (installed on demand into a cache directory). Each script
/// creates, lists, renames and revokes an application password and prints what it saw as JSON.
enum PythonRESTClients {
    /// The `wordpress-api` version the test was written against.
    static let wordpressAPIRequirement = "wordpress-api==1.2.9"

    /// `sys.argv[1:]` = base URL, login, password. Uses only `requests`.
    static let requestsScript = """
        import json, sys, requests
        base, login, password = sys.argv[1:4]
        root = base + "/wp-json/wp/v2/users/me/application-passwords"
        admin = requests.Session()
        admin.auth = (login, password)
        seen = {}
        r = admin.post(root, json={"name": "requests client", "app_id": "3b241101-e2bb-4255-8caf-4136c566a962"})
        created = r.json()
        seen["create"] = {"status": r.status_code, "location": r.headers.get("Location"), "body": created}
        new = (login, created["password"])
        r = requests.get(root, auth=new)
        seen["list"] = {"status": r.status_code, "names": [item["name"] for item in r.json()]}
        r = admin.post(root + "/" + created["uuid"], json={"name": "requests client (renamed)"})
        seen["rename"] = {"status": r.status_code, "name": r.json().get("name")}
        r = requests.get(root + "/introspect", auth=new)
        seen["introspect"] = {"status": r.status_code, "uuid": r.json().get("uuid"), "name": r.json().get("name")}
        r = admin.delete(root + "/" + created["uuid"])
        seen["revoke"] = {"status": r.status_code, "deleted": r.json().get("deleted"), "previous": r.json().get("previous", {}).get("uuid")}
        r = requests.get(base + "/wp-json/wp/v2/users/me", auth=new)
        seen["after"] = {"status": r.status_code, "code": r.json().get("code")}
        print(json.dumps(seen))
        """

    /// Same steps through `wordpress.API` with Basic authentication (the package's `basic_auth`
    /// and `user_auth` options). The package raises on any status other than 200/201/202.
    static let wordpressAPIScript = """
        import json, sys
        sys.path.insert(0, sys.argv[4])
        from wordpress import API
        base, login, password = sys.argv[1:4]
        def client(secret):
            return API(url=base, consumer_key=login, consumer_secret=secret, api="wp-json", version="wp/v2",
                       basic_auth=True, user_auth=True, wp_user=login, wp_pass=secret, timeout=20)
        admin = client(password)
        endpoint = "users/me/application-passwords"
        seen = {}
        r = admin.post(endpoint, {"name": "wordpress-api client"})
        created = r.json()
        seen["create"] = {"status": r.status_code, "location": r.headers.get("Location"), "body": created}
        new = client(created["password"])
        r = new.get(endpoint)
        seen["list"] = {"status": r.status_code, "names": [item["name"] for item in r.json()]}
        r = admin.put(endpoint + "/" + created["uuid"], {"name": "wordpress-api client (renamed)"})
        seen["rename"] = {"status": r.status_code, "name": r.json().get("name")}
        r = new.get(endpoint + "/introspect")
        seen["introspect"] = {"status": r.status_code, "uuid": r.json().get("uuid"), "name": r.json().get("name")}
        r = admin.delete(endpoint + "/" + created["uuid"])
        seen["revoke"] = {"status": r.status_code, "deleted": r.json().get("deleted"), "previous": r.json().get("previous", {}).get("uuid")}
        r = new.get("users/me", handle_status_codes=[401])
        seen["after"] = {"status": r.status_code, "code": r.json().get("code")}
        print(json.dumps(seen))
        """

    /// True when `import requests` works.
    static var hasRequests: Bool {
        (try? Tool.python("import requests", []))?.status == 0
    }

    /// A directory holding `wordpress-api`, installed with `pip --target` on first use and kept
    /// for later runs; the failure text when it cannot be installed (e.g. no network).
    static func installWordPressAPI() -> Result<URL, HarnessError> {
        PyPI.installed(wordpressAPIRequirement, probe: "wordpress/api.py")
    }
}
