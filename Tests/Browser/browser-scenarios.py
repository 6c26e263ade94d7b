"""Browser scenarios for dualgate's web UI (issue 16 item 6), driven as a person would.

Run by Tests/GatewayTests/Web/BrowserTests.swift with selenium (PyPI) on PYTHONPATH, headless
Chromium and Debian's chromedriver:

    browser-scenarios.py SCENARIO BASE_URL SCREENSHOT_DIR LOGIN PASSWORD

Prints one JSON object: {"ok": bool, "failures": [...], "data": {...}}. Each scenario saves a
screenshot of every page it checks into SCREENSHOT_DIR.
"""
import http.server
import json
import os
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import xmlrpc.client
import base64

from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException, TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

SCENARIO, BASE, SHOTS, LOGIN, PASSWORD = sys.argv[1:6]
failures = []
data = {}


def check(condition, message):
    if not condition:
        failures.append(message)
    return condition


def make_driver(width=1200, height=800):
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", f"--window-size={width},{height}"):
        options.add_argument(argument)
    if os.path.exists("/usr/lib/chromium/chromium"):
        options.binary_location = "/usr/lib/chromium/chromium"
    service = webdriver.ChromeService(executable_path="/usr/bin/chromedriver") if os.path.exists("/usr/bin/chromedriver") else None
    driver = webdriver.Chrome(options=options, service=service) if service else webdriver.Chrome(options=options)
    driver.set_page_load_timeout(30)
    return driver


def wait(driver, condition, seconds=15):
    return WebDriverWait(driver, seconds).until(condition)


def shot(driver, name):
    # The whole page, not only the window: the list sits below the form.
    height = driver.execute_script("return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)")
    width = driver.execute_script("return window.innerWidth")
    driver.set_window_size(max(width, 360), min(max(height + 140, 400), 4000))
    path = os.path.join(SHOTS, name + ".png")
    driver.save_screenshot(path)
    data.setdefault("screenshots", []).append(path)


def sign_in(driver, login=LOGIN, password=PASSWORD, path="/wp-admin/profile.php"):
    driver.get(BASE + path)
    wait(driver, EC.presence_of_element_located((By.ID, "user_login")))
    driver.find_element(By.ID, "user_login").send_keys(login)
    driver.find_element(By.ID, "user_pass").send_keys(password)
    driver.find_element(By.ID, "wp-submit").click()
    # The sign-in page has a `main h1` of its own: wait for the browser to have left it, or the
    # caller races the POST (and reads the old session cookie, or is sent back to sign in).
    wait(driver, lambda d: "/wp-login.php" not in d.current_url and d.find_elements(By.CSS_SELECTOR, "main h1"))


def session_cookie(driver):
    cookie = driver.get_cookie("dualgate_session")
    return cookie["value"] if cookie else None


def create_password(driver, name, rest=True, xmlrpc=True, rest_read_only=False, xmlrpc_read_only=False, networks=None):
    driver.get(BASE + "/wp-admin/profile.php")
    driver.find_element(By.ID, "new_application_password_name").send_keys(name)
    for element_id, wanted in (("api_rest", rest), ("api_xmlrpc", xmlrpc), ("rest_read_only", rest_read_only), ("xmlrpc_read_only", xmlrpc_read_only)):
        box = driver.find_element(By.ID, element_id)
        if box.is_selected() != wanted:
            box.click()
    if networks:
        driver.find_element(By.ID, "allowed_networks").send_keys(networks)
    driver.find_element(By.ID, "do_new_application_password").click()


def new_password(driver):
    field = wait(driver, EC.presence_of_element_located((By.ID, "new-application-password")))
    return field.get_attribute("value")


def xmlrpc_read(password, login=LOGIN):
    try:
        xmlrpc.client.ServerProxy(BASE + "/xmlrpc.php").wp.getUsersBlogs(login, password)
        return None
    except xmlrpc.client.Fault as fault:
        return fault.faultCode


def xmlrpc_write(password, login=LOGIN):
    try:
        xmlrpc.client.ServerProxy(BASE + "/xmlrpc.php").dualgate.createApplicationPassword(login, password, {"name": "escalation"})
        return None
    except xmlrpc.client.Fault as fault:
        return fault.faultCode


def rest_me(password, login=LOGIN):
    request = urllib.request.Request(BASE + "/wp-json/wp/v2/users/me")
    request.add_header("Authorization", "Basic " + base64.b64encode(f"{login}:{password}".encode()).decode())
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, json.load(answer)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


class Receiver:
    """A local HTTP server on another port: an application's callback, or another site's page."""

    def __init__(self, pages=None):
        received = self.received = []
        pages = pages or {}

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                received.append(self.path)
                body = pages.get(urllib.parse.urlsplit(self.path).path, "<!DOCTYPE html><title>app</title><p>received</p>").encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def wait_for(self, prefix, seconds=15):
        deadline = time.time() + seconds
        while time.time() < deadline:
            for path in self.received:
                if path.startswith(prefix):
                    return path
            time.sleep(0.05)
        return None


def scenario_sign_in(driver):
    driver.get(BASE + "/wp-admin/profile.php")
    wait(driver, EC.presence_of_element_located((By.ID, "user_login")))
    check("/wp-login.php" in driver.current_url, "an anonymous visit to the profile goes to the sign-in page")
    # A value planted before sign-in (session fixation) is never the session.
    driver.add_cookie({"name": "dualgate_session", "value": "A" * 43, "path": "/"})
    shot(driver, "sign-in")
    driver.find_element(By.ID, "user_login").send_keys(LOGIN)
    driver.find_element(By.ID, "user_pass").send_keys(PASSWORD)
    driver.find_element(By.ID, "wp-submit").click()
    wait(driver, EC.text_to_be_present_in_element((By.CSS_SELECTOR, "main h1"), "Profile"))
    first = session_cookie(driver)
    check(first and first != "A" * 43, "the session cookie is a new value at sign-in")
    cookie = driver.get_cookie("dualgate_session")
    check(cookie.get("httpOnly") is True and cookie.get("sameSite") == "Lax", f"cookie flags: {cookie}")
    # Signing in again (reauth) gives another token and ends the first.
    sign_in(driver, path="/wp-login.php?reauth=1")
    second = session_cookie(driver)
    check(second and second != first, "a second sign-in makes a new session token")
    driver.delete_all_cookies()
    driver.get(BASE + "/wp-login.php")
    driver.add_cookie({"name": "dualgate_session", "value": first, "path": "/"})
    driver.get(BASE + "/wp-admin/profile.php")
    check("/wp-login.php" in driver.current_url, "the replaced session no longer opens the profile")
    # A wrong password: one message, no session.
    driver.delete_all_cookies()
    driver.get(BASE + "/wp-login.php")
    driver.find_element(By.ID, "user_login").send_keys(LOGIN)
    driver.find_element(By.ID, "user_pass").send_keys("wrong password")
    driver.find_element(By.ID, "wp-submit").click()
    alert = wait(driver, EC.presence_of_element_located((By.CSS_SELECTOR, ".notice-error")))
    check("incorrect" in alert.text, "a wrong password is refused")
    check(session_cookie(driver) is None, "no session after a wrong password")
    shot(driver, "sign-in-refused")


def scenario_create_xmlrpc_read_only(driver):
    sign_in(driver)
    create_password(driver, "Feed reader", rest=False, xmlrpc=True, xmlrpc_read_only=True)
    password = new_password(driver)
    check(len(password) == 29 and password.count(" ") == 5, f"shown once, chunked: {password!r}")
    copy = driver.find_element(By.CSS_SELECTOR, "button[data-copy]")
    check(copy.is_displayed(), "the copy button shows with JavaScript")
    copy.click()
    try:
        wait(driver, EC.text_to_be_present_in_element((By.ID, "new-application-password-status"), "Copied"), 5)
    except TimeoutException:
        failures.append("copy did not report success")
    shot(driver, "new-password")
    row = [r for r in driver.find_elements(By.CSS_SELECTOR, "#application-passwords-list tbody tr") if "Feed reader" in r.text][0]
    check(row.find_element(By.CSS_SELECTOR, "td[data-label='API types']").text == "XML-RPC", f"the list says XML-RPC only: {row.text!r}")
    check("Read-only" in row.text, "the list says read-only")
    data["password"] = password
    check(xmlrpc_read(password) is None, "the password reads over XML-RPC")
    status, body = rest_me(password)
    check(status == 401 and body.get("code") == "invalid_api_type", f"REST refuses it: {status} {body}")
    check(xmlrpc_write(password) == 401, "an XML-RPC write is refused (fault 401)")
    driver.refresh()
    check(password not in driver.page_source and password.replace(" ", "") not in driver.page_source, "shown only once")
    rows = [r for r in driver.find_elements(By.CSS_SELECTOR, "#application-passwords-list tbody tr") if "Feed reader" in r.text]
    check(len(rows) == 1, f"a reload makes no second password ({len(rows)} rows)")
    driver.get(BASE + "/wp-admin/profile.php")
    wait(driver, EC.presence_of_element_located((By.ID, "application-passwords-list")))
    check("Last used" in driver.page_source, "the list has a Last used column")
    shot(driver, "profile")


def scenario_revoke(driver):
    sign_in(driver)
    create_password(driver, "Leaked one", rest=False)
    password = new_password(driver)
    check(xmlrpc_read(password) is None, "works before the revoke")
    driver.get(BASE + "/wp-admin/profile.php")
    row = [r for r in driver.find_elements(By.CSS_SELECTOR, "#application-passwords-list tbody tr") if "Leaked one" in r.text][0]
    row.find_element(By.CSS_SELECTOR, "a[href*='confirm=revoke&']").click()
    confirm = wait(driver, EC.presence_of_element_located((By.ID, "confirm-revoke")))
    shot(driver, "revoke-confirm")
    check(xmlrpc_read(password) is None, "nothing is revoked before the confirmation")
    confirm.click()
    wait(driver, EC.text_to_be_present_in_element((By.CSS_SELECTOR, ".notice"), "revoked"))
    shot(driver, "revoked")
    check(xmlrpc_read(password) == 403, "the revoked password fails on the next request")


def scenario_authorize(driver):
    receiver = Receiver()
    sign_in(driver)
    app_id = "4f1c3a9e-2b7d-4c8e-9a61-0d5e7f3b2c10"
    query = urllib.parse.urlencode({"app_name": "Phone app", "app_id": app_id, "success_url": receiver.url("/callback")})
    driver.get(BASE + "/wp-admin/authorize-application.php?" + query)
    wait(driver, EC.presence_of_element_located((By.ID, "approve")))
    shot(driver, "authorize")
    driver.find_element(By.ID, "api_rest").click()                      # XML-RPC only
    driver.find_element(By.ID, "approve").click()
    path = receiver.wait_for("/callback")
    if not check(path is not None, "the success_url received the browser"):
        failures.append(f"the browser is at {driver.current_url}: {driver.find_element(By.TAG_NAME, 'body').text[:300]!r}")
        return
    arguments = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(path).query))
    check(arguments.get("site_url") == BASE and arguments.get("user_login") == LOGIN, f"callback arguments: {arguments.keys()}")
    password = arguments.get("password", "")
    check(len(password.replace(" ", "")) == 24, "a password arrived")
    check(xmlrpc_read(password) is None, "the authorized password works for XML-RPC")
    status, body = rest_me(password)
    check(status == 401 and body.get("code") == "invalid_api_type", "and is refused by REST (the API chosen on the page)")
    # Rejecting goes to success_url with success=false.
    driver.get(BASE + "/wp-admin/authorize-application.php?" + query)
    wait(driver, EC.presence_of_element_located((By.ID, "reject"))).click()
    check(receiver.wait_for("/callback?success=false") is not None, "a rejection reaches the app with success=false")


def scenario_approve_pending(driver):
    sign_in(driver)
    driver.get(BASE + "/wp-admin/users.php")
    link = wait(driver, EC.presence_of_element_located((By.PARTIAL_LINK_TEXT, "pending")))
    shot(driver, "users")
    link.click()
    button = wait(driver, EC.presence_of_element_located((By.XPATH, "//button[starts-with(normalize-space(.), 'Approve')]")))
    shot(driver, "user-edit-pending")
    button.click()
    wait(driver, EC.text_to_be_present_in_element((By.CSS_SELECTOR, ".notice"), "approved"))
    check("Active" in driver.find_element(By.ID, "application-passwords-list").text, "the list shows it active")
    shot(driver, "approved")


PROBES = ['<script>window.__xss=1</script>', '"><img src=x onerror="window.__xss=2">']


def no_script_ran(driver, where):
    try:
        driver.switch_to.alert.dismiss()
        failures.append(f"an alert opened on {where}")
    except NoAlertPresentException:
        pass
    check(driver.execute_script("return window.__xss === undefined"), f"no probe ran on {where}")


def scenario_xss(driver):
    sign_in(driver)
    name = " ".join(PROBES)
    create_password(driver, name)
    new_password(driver)
    no_script_ran(driver, "the new-password notice")
    # Names are sanitised as WordPress's sanitize_text_field does (tags stripped): what is left shows as text.
    check(not driver.find_elements(By.CSS_SELECTOR, "#new-application-password-notice img, #new-application-password-notice script"), "no element from the name")
    create_password(driver, "networks", networks=PROBES[1])
    alert = wait(driver, EC.presence_of_element_located((By.CSS_SELECTOR, ".notice-error")))
    no_script_ran(driver, "the refused networks")
    check(PROBES[1] in alert.text, "the refused value shows as text")
    driver.get(BASE + "/wp-admin/profile.php")
    no_script_ran(driver, "the profile list")
    check(not driver.find_elements(By.CSS_SELECTOR, "#application-passwords-list img, #application-passwords-list script"), "no element from the name in the list")
    shot(driver, "xss-profile")
    query = urllib.parse.urlencode({"app_name": PROBES[0] + PROBES[1], "success_url": "https://app.example/" + PROBES[1]})
    driver.get(BASE + "/wp-admin/authorize-application.php?" + query)
    no_script_ran(driver, "the authorize page")
    check(driver.find_element(By.ID, "app_name").get_attribute("value") == PROBES[0] + PROBES[1], "the app name is kept as text")
    shot(driver, "xss-authorize")
    driver.get(BASE + "/wp-admin/users.php")
    no_script_ran(driver, "the users list")
    check(PROBES[0] in driver.find_element(By.ID, "users-list").text, "a display name shows as text")
    shot(driver, "xss-users")


def scenario_csrf(driver):
    sign_in(driver)
    create_password(driver, "Keep me")
    password = new_password(driver)
    target = BASE + "/wp-admin/profile.php"
    page = (f'<!DOCTYPE html><title>elsewhere</title><form id="f" method="post" action="{target}">'
            '<input type="hidden" name="action" value="revoke-all"><input type="hidden" name="_csrf" value="guess"></form>'
            '<script>document.getElementById("f").submit()</script>')
    other = Receiver({"/attack": page})
    driver.get(other.url("/attack"))
    heading = wait(driver, EC.presence_of_element_located((By.CSS_SELECTOR, "main h1")))
    check("expired" in heading.text, f"the forged post is refused: {heading.text!r}")
    shot(driver, "csrf-refused")
    check(xmlrpc_read(password) is None, "the password survives the forged revoke-all")


def scenario_phone(driver):
    sign_in(driver)
    create_password(driver, "Phone check", rest=False, xmlrpc_read_only=True)
    new_password(driver)
    driver.get(BASE + "/wp-admin/profile.php")
    wait(driver, EC.presence_of_element_located((By.ID, "application-passwords-list")))
    overflow = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
    check(overflow <= 1, f"no sideways scrolling on a phone ({overflow} px)")
    shot(driver, "profile-phone")


SCENARIOS = {
    "sign_in": (scenario_sign_in, (1200, 800)),
    "create_xmlrpc_read_only": (scenario_create_xmlrpc_read_only, (1200, 800)),
    "revoke": (scenario_revoke, (1200, 800)),
    "authorize": (scenario_authorize, (1200, 800)),
    "approve_pending": (scenario_approve_pending, (1200, 800)),
    "xss": (scenario_xss, (1200, 800)),
    "csrf": (scenario_csrf, (1200, 800)),
    "phone": (scenario_phone, (390, 844)),
}


def main():
    run, size = SCENARIOS[SCENARIO]
    driver = make_driver(*size)
    try:
        run(driver)
    except Exception as error:  # a failed wait or lookup is a failure of the scenario, with the page kept
        failures.append(f"{type(error).__name__}: {error}".split("\n")[0])
        try:
            shot(driver, SCENARIO + "-error")
        except Exception:
            pass
    finally:
        driver.quit()
    print(json.dumps({"ok": not failures, "failures": failures, "data": data}))


main()
