#!/usr/bin/env python3
# The dashboard's HTTP contract (cli.md "The dashboard", issue 8) against a real
# `oversight serve` on loopback, for the reference council-a on 2024-03-01.
#
# Proves: signed out, only the sign-in page and its static assets are served (pages
# redirect 303 to /sign-in, the JSON API and CSV answer 401); sign-in needs the form's
# csrf_token and sets an HttpOnly, SameSite session cookie; the sixth failure in a minute
# is refused with 429, per username and per client address (each phase talks from its own
# loopback address, 127.0.0.N, so that the limits do not spill over); every team's page,
# API and CSV is authorised from the line-management tree (a team manager their team, a
# service manager the teams under them, the head of service, admin and hr everything;
# another team is 403, a team that does not exist 404); a manager whose worker has left
# cannot sign in; sign-out is a POST with the csrf token and ends the session; no answer
# shows an absence reason, the access log names user and path but no case id, and no
# password is in the server's output or in the store in clear. Every table downloads as CSV
# and JSON with the same rows, limited like the pages (a team manager's tables name only
# their team; runs for HR and admins, users for admins); admins remove users, whose open
# sessions then end; HR tries a draft plugin (only the plugins there are) and sees what it
# would change, with nothing published.
#
# Hardening (issue 12): clients that trickle request heads do not starve others; a body the
# answer did not read is never taken for the next request; the access log holds one
# escaped line per request and a malformed target is 400; HEAD is GET without a body; a
# new password (`oversight user passwd`) or a re-created user ends the user's sessions;
# team ids with / and # are linked and routed.
#
# Issue 15: a worker's page, its CSV and its JSON obey the tree rule (403 across teams, 404
# for no such worker) and show their cases and supervision dates (no case notes); their
# absences only managers above them in the line see (not HR, not admins); /exceptions and
# its CSV and JSON filter by service, team, case type, policy and severity, the most days
# late first, and no filter widens what a user may see; worker ids with /, # and ".csv".
#
# usage: dashboard_http_test.py OVERSIGHT_BINARY REFERENCE_DATA_DIR   (tests/data/reference)
# Python 3 standard library only. KEEP_TMP=1 keeps the temp dir (store and server logs).
import csv
import functools
import html.parser
import http.client
import http.cookiejar
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request

if len(sys.argv) != 3:
    print("usage: dashboard_http_test.py OVERSIGHT_BINARY REFERENCE_DATA_DIR", file=sys.stderr)
    sys.exit(2)
BIN = os.path.abspath(sys.argv[1])
REF = os.path.abspath(sys.argv[2])
COUNCIL = os.path.join(REF, "council-a")
AS_OF = "2024-03-01"
TIMEOUT = 120  # seconds for one request: the ASan build works out the day's data slowly
COOKIE = "oversight_session"
ABSENCE_WORDS = re.compile(r"sickness|annual[_ ]leave|parental", re.I)
CASE_ID = re.compile(r"\bC\d{3,}\b")

TMP = tempfile.mkdtemp(prefix="dashboard_http_")
RUNS = []    # (what, stdout, stderr) of every oversight call other than serve
BODIES = []  # (user, path, body text) of every answer the server gave
_cache = {}


def read_csv(name):
    with open(os.path.join(COUNCIL, name), encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


WORKERS = {w["worker_id"]: w for w in read_csv("workers.csv")}
TEAMS = {t["team_id"]: t for t in read_csv("teams.csv")}


def teams_under(worker_id):
    """The teams whose manager is worker_id or below them in the line-management tree."""
    seen = set()
    for tid, t in TEAMS.items():
        m = t["manager_id"]
        while m:
            if m == worker_id:
                seen.add(tid)
                break
            m = WORKERS[m]["line_manager_id"]
    return seen


def left_service_manager():
    """A service manager of council-a who had left by AS_OF (and manages teams)."""
    gone = [w for w in WORKERS.values()
            if w["role"] == "service_manager" and w["end_date"] and w["end_date"] < AS_OF]
    assert gone, "council-a has no service manager who left before %s" % AS_OF
    return gone[0]["worker_id"]


def in_post_service_managers():
    return sorted(w["worker_id"] for w in WORKERS.values()
                  if w["role"] == "service_manager" and not w["end_date"] and teams_under(w["worker_id"]))


HEAD = [w["worker_id"] for w in WORKERS.values() if w["role"] == "head_of_service"][0]

# username -> (role, worker id, password): every password distinct and findable.
USERS = {
    "tm1": ("manager", TEAMS["T01"]["manager_id"], "tm1-Pa55word-q7Zr"),
    "tm2": ("manager", TEAMS["T02"]["manager_id"], "tm2-Pa55word-k3Xw"),
    "sm1": ("manager", in_post_service_managers()[0], "sm1-Pa55word-v9Lp"),
    "sm2": ("manager", in_post_service_managers()[1], "sm2-Pa55word-j2Hd"),
    "hos": ("manager", HEAD, "hos-Pa55word-m4Tc"),
    "admin1": ("admin", "", "admin1-Pa55word-b8Ny"),
    "hr1": ("hr", "", "hr1-Pa55word-f6Qs"),
    "smleft": ("manager", left_service_manager(), "smleft-Pa55word-u1Ge"),
    "ghost": ("manager", "W9999", "ghost-Pa55word-c5Vb"),  # no such worker (see GHOSTS)
    "rluser": ("manager", TEAMS["T05"]["manager_id"], "rluser-Pa55word-x0Ka"),
    "rladdr": ("manager", TEAMS["T06"]["manager_id"], "rladdr-Pa55word-w3Ej"),
}
# Users whose worker is not in the extract (gone from a later one): `user add` refuses such
# a worker id, so they are added with a real one (tm1's) and then pointed at theirs.
GHOSTS = ["ghost"]
WEEKLY_RUNS = ["2024-02-23", AS_OF]  # two weeks: the trend and the runs tables have rows
WRONG_PASSWORDS = ["Wr0ng-Pa55-%d-zQ" % i for i in range(12)]


def expected_teams(username):
    role, worker, _ = USERS[username]
    if role in ("admin", "hr"):
        return set(TEAMS)
    return teams_under(worker)


# ---------------------------------------------------------------- the server

def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def oversight(*args, stdin=None, what=""):
    p = subprocess.run([BIN, *args], input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
    out, err = p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")
    RUNS.append((what or args[0], out, err))
    assert "Sanitizer" not in err and "runtime error:" not in err, "sanitizer report:\n" + err
    assert p.returncode == 0, "%s: exit %d\n%s%s" % (what or " ".join(args), p.returncode, out, err)
    return out, err


class Server:
    """oversight serve on 127.0.0.1:PORT with a fresh store of `council` (council-a) and `users` (USERS)."""

    def __init__(self, council=COUNCIL, users=None, weekly_runs=WEEKLY_RUNS, name="server"):
        d = os.path.join(TMP, name)
        os.mkdir(d)
        self.dir = d
        self.db = os.path.join(d, "s.db")
        oversight("import", "--db", self.db, council, what="import")
        for name, (role, worker, password) in (USERS if users is None else users).items():
            args = ["user", "add", "--db", self.db, "--username", name, "--role", role]
            if worker:
                args += ["--worker-id", USERS["tm1"][1] if name in GHOSTS else worker]
            oversight(*args, stdin=(password + "\n").encode(), what="user add " + name)
        with sqlite3.connect(self.db + ".state") as state:
            for name in GHOSTS:
                state.execute("UPDATE users SET worker_id = ? WHERE username = ?", (USERS[name][1], name))
        # Two weekly runs (emails only to an outbox folder): the trend and the runs tables have rows.
        for day in weekly_runs:
            oversight("weekly", "--db", self.db, "--as-of", day, "--outbox", os.path.join(TMP, "outbox"),
                      what="weekly " + day)
        self.port = free_port()
        self.out_path, self.err_path = os.path.join(d, "serve.out"), os.path.join(d, "serve.err")
        # The weekly job stays off (Sunday 23:59 only) and could reach no relay but a closed loopback port.
        args = [BIN, "serve", "--db", self.db, "--listen", "127.0.0.1:%d" % self.port,
                "-D", "dashboard.as_of=" + AS_OF, "-D", "weekly.weekday=7", "-D", "weekly.time=23:59",
                "-D", "smtp.host=127.0.0.1", "-D", "smtp.port=%d" % free_port(), "-D", "smtp.tls=none"]
        with open(self.out_path, "wb") as out, open(self.err_path, "wb") as err:
            self.proc = subprocess.Popen(args, stdout=out, stderr=err, stdin=subprocess.DEVNULL, cwd=d)
        deadline = time.monotonic() + 120
        while True:
            if self.proc.poll() is not None:
                raise AssertionError("serve exited %d at start:\n%s" % (self.proc.returncode, self.stderr()))
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise AssertionError("serve did not listen within 120 s:\n" + self.stderr())
                time.sleep(0.1)
        self.exit_code = None

    def stderr(self):
        with open(self.err_path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def stdout(self):
        with open(self.out_path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def stop(self):
        if self.exit_code is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.exit_code = self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                self.exit_code = "did not stop within 60 s of SIGTERM"
        return self.exit_code


def server():
    if "server" not in _cache:
        _cache["server"] = Server()
    return _cache["server"]


# ---------------------------------------------------------------- the client

class Answer:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body
        self.text = body.decode("utf-8", "replace")

    def header(self, name):
        return self.headers.get(name)

    def set_cookies(self):
        return self.headers.get_all("Set-Cookie") or []

    def __repr__(self):
        return "HTTP %d %s\n%s" % (self.status, dict(self.headers), self.text[:600])


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # a 3xx reaches the caller as itself


class SourceHTTPHandler(urllib.request.HTTPHandler):
    """Connects from a chosen loopback address, so that each test is its own client address."""

    def __init__(self, source):
        super().__init__()
        self.source = source

    def http_open(self, req):
        return self.do_open(functools.partial(http.client.HTTPConnection, source_address=(self.source, 0)), req)


class Client:
    """One browser: a cookie jar, talking from one loopback address."""

    def __init__(self, source="127.0.0.1", jar=True, who="-", port=None):
        self.source, self.who, self.port = source, who, port
        self.jar = http.cookiejar.CookieJar() if jar else None
        handlers = [NoRedirect(), SourceHTTPHandler(source)]
        if self.jar is not None:
            handlers.append(urllib.request.HTTPCookieProcessor(self.jar))
        self.opener = urllib.request.OpenerDirector()
        for h in handlers + [urllib.request.HTTPDefaultErrorHandler(), urllib.request.HTTPErrorProcessor()]:
            self.opener.add_handler(h)

    def request(self, method, path, form=None, headers=None):
        url = "http://127.0.0.1:%d%s" % (self.port or server().port, path)
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        req = urllib.request.Request(url, data=data, method=method, headers=dict(headers or {}))
        if data is not None:
            req.add_header("Content-Type", "application/x-www-form-urlencoded")
        try:
            with self.opener.open(req, timeout=TIMEOUT) as r:
                a = Answer(r.status, r.headers, r.read())
        except urllib.error.HTTPError as e:
            a = Answer(e.code, e.headers, e.read())
        BODIES.append((self.who, method + " " + path, a.text))
        return a

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, form, **kw):
        return self.request("POST", path, form=form, **kw)

    def session_token(self):
        for c in self.jar or []:
            if c.name == COOKIE:
                return c.value
        return None

    def sign_in_form(self):
        a = self.get("/sign-in")
        assert a.status == 200, "GET /sign-in: %r" % a
        forms = parse_forms(a.text)
        form = [f for f in forms if f["action"] == "/sign-in"]
        assert form, "no form posting to /sign-in: %r" % a
        token = form[0]["hidden"].get("csrf_token")
        assert token, "the sign-in form has no hidden csrf_token: %r" % a
        return token

    def sign_in(self, username, password=None):
        token = self.sign_in_form()
        return self.post("/sign-in", {"username": username,
                                      "password": USERS[username][2] if password is None else password,
                                      "csrf_token": token})


def signed_in_with(username, password, source="127.0.0.1", port=None):
    c = Client(source, who=username, port=port)
    a = c.sign_in(username, password)
    assert a.status == 303, "%s could not sign in: %r" % (username, a)
    return c


def signed_in(username, source="127.0.0.1"):
    c = Client(source, who=username)
    a = c.sign_in(username)
    assert a.status == 303, "%s could not sign in: %r" % (username, a)
    return c


class FormParser(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms, self.links, self.selects = [], [], {}
        self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"action": a.get("action"), "method": (a.get("method") or "get").lower(),
                               "hidden": {}})
        elif tag == "input" and (a.get("type") or "").lower() == "hidden" and self.forms:
            self.forms[-1]["hidden"][a.get("name")] = a.get("value")
        elif tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "select":
            self._select = a.get("name")
            self.selects[self._select] = []
        elif tag == "option" and self._select:
            self.selects[self._select].append(a.get("value"))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def parse_forms(text):
    p = FormParser()
    p.feed(text)
    return p.forms


def parse_page(text):
    p = FormParser()
    p.feed(text)
    return p


def raw_exchange(data, source="127.0.0.1", wait=3.0):
    """Sends bytes as they are on one connection; what came back until the server closed it
    or nothing more came for `wait` seconds."""
    with socket.create_connection(("127.0.0.1", server().port), timeout=TIMEOUT, source_address=(source, 0)) as s:
        s.sendall(data)
        s.settimeout(wait)
        got = b""
        while True:
            try:
                chunk = s.recv(65536)
            except socket.timeout:
                break
            if not chunk:
                break
            got += chunk
    return got


def status_lines(answer):
    return re.findall(rb"^HTTP/1\.[01] (\d{3})", answer, re.M)


def assert_signed_out(test, client, what):
    a = client.get("/teams/T01")
    test.assertEqual(a.status, 303, "%s: GET /teams/T01 %r" % (what, a))
    test.assertEqual(urllib.parse.urlsplit(a.header("Location")).path, "/sign-in", what)
    a = client.get("/api/teams/T01/caseload")
    test.assertEqual(a.status, 401, "%s: GET /api/teams/T01/caseload %r" % (what, a))


def team_paths(team):
    return {"page": "/teams/%s" % team, "caseload": "/api/teams/%s/caseload" % team,
            "exceptions": "/api/teams/%s/exceptions" % team, "csv": "/teams/%s/caseload.csv" % team}


def worker_paths(worker_id):
    """A worker's page, its CSV and its JSON (issue 15), the id percent-encoded."""
    enc = urllib.parse.quote(worker_id, safe="")
    return {"page": "/workers/%s" % enc, "csv": "/workers/%s.csv" % enc, "json": "/api/workers/%s" % enc}


def one_worker_per_team():
    """For each team, its first worker who is not its manager (or the manager if alone)."""
    out = {}
    for wid in sorted(WORKERS):
        tid = WORKERS[wid]["team_id"]
        if wid != TEAMS[tid]["manager_id"] or tid not in out:
            if tid not in out or out[tid] == TEAMS[tid]["manager_id"]:
                out[tid] = wid
    return out


def in_line_above(worker_id, manager_id):
    """Whether manager_id is above worker_id in the line-management tree."""
    m = WORKERS[worker_id]["line_manager_id"]
    while m:
        if m == manager_id:
            return True
        m = WORKERS[m]["line_manager_id"]
    return False


def active_key_work(worker_id):
    """The case ids worker_id holds as key worker on AS_OF (allocations.csv)."""
    return sorted(a["case_id"] for a in read_csv("allocations.csv")
                  if a["worker_id"] == worker_id and a["role"] == "key_worker" and a["start_date"] <= AS_OF
                  and (not a["end_date"] or AS_OF <= a["end_date"]))


# ---------------------------------------------------------------- the tests

class DashboardHttp(unittest.TestCase):
    maxDiff = 4000

    # ---- signed out

    def test_signed_out_team_routes(self):
        c = Client()
        a = c.get("/teams/T01")
        self.assertEqual(a.status, 303, repr(a))
        self.assertEqual(urllib.parse.urlsplit(a.header("Location")).path, "/sign-in")
        for path in ["/api/teams/T01/caseload", "/api/teams/T01/exceptions", "/teams/T01/caseload.csv"]:
            a = c.get(path)
            self.assertEqual(a.status, 401, "%s: %r" % (path, a))
            self.assertNotIn("W00", a.text, path + ": a signed-out answer names workers")

    def test_sign_in_page_has_form_with_csrf_token(self):
        c = Client()
        a = c.get("/sign-in")
        self.assertEqual(a.status, 200, repr(a))
        self.assertIn("text/html", a.header("Content-Type"))
        forms = [f for f in parse_forms(a.text) if f["action"] == "/sign-in"]
        self.assertEqual(len(forms), 1, "one sign-in form: %r" % a)
        self.assertEqual(forms[0]["method"], "post")
        self.assertRegex(forms[0]["hidden"].get("csrf_token") or "", r"^\S{16,}$", "csrf_token")
        self.assertRegex(a.text, r'name="username"')
        self.assertRegex(a.text, r'type="password"')

    def test_static_assets_signed_out(self):
        c = Client()
        a = c.get("/static/govuk-frontend.min.css")
        self.assertEqual(a.status, 200, repr(a)[:300])
        self.assertIn("text/css", a.header("Content-Type"))
        urls = sorted(set(re.findall(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", a.text)))
        fonts = [u for u in urls if u.startswith("/assets/fonts/")]
        self.assertTrue(fonts, "the stylesheet names no font under /assets/fonts/")
        for u in urls:  # every font and image the stylesheet names
            if not u.startswith("/"):
                continue
            r = c.get(u)
            self.assertEqual(r.status, 200, "%s: %r" % (u, r))
            self.assertGreater(len(r.body), 100, u)
        r = c.get([f for f in fonts if f.endswith(".woff2")][0])
        self.assertEqual(r.header("Content-Type"), "font/woff2")
        self.assertEqual(r.body[:4], b"wOF2")

    def test_nothing_else_served_signed_out(self):
        c = Client()
        for path in ["/", "/teams", "/teams/T01", "/teams/T02", "/teams/NOPE", "/teams/T01/caseload.csv",
                     "/teams/T01/other", "/api", "/api/", "/api/teams", "/api/teams/T01",
                     "/api/teams/T02/caseload", "/api/teams/NOPE/exceptions", "/api/users", "/users",
                     "/admin", "/policies", "/planner", "/sign-out", "/index.html", "/favicon.ico",
                     "/teams/T01?policy=case_supervision", "/api/teams/T01/caseload?format=csv",
                     "/x.csv", "/sign-in/../teams/T01", "/teams.csv", "/services.csv", "/iro.csv",
                     "/trends.csv", "/policies.csv", "/users.csv", "/teams/T01/moves.csv", "/api/services",
                     "/api/iro", "/api/trends", "/api/policies", "/api/teams/T01/moves", "/whatif",
                     "/whatif?plugin=case_supervision"]:
            a = c.get(path)
            if a.status == 303:
                self.assertEqual(urllib.parse.urlsplit(a.header("Location")).path, "/sign-in", path)
            else:
                self.assertEqual(a.status, 401, "%s is served signed out: %r" % (path, a))
            self.assertNotRegex(a.text, r"W\d{4}|C\d{5}", path + ": a signed-out answer names workers or cases")
        for path in ["/teams/T01", "/api/teams/T01/caseload", "/sign-out", "/users", "/users/remove", "/whatif"]:
            a = c.post(path, {"csrf_token": "x"})
            self.assertIn(a.status, (303, 401, 403, 405), "POST %s signed out: %r" % (path, a))
            if a.status == 303:
                self.assertEqual(urllib.parse.urlsplit(a.header("Location")).path, "/sign-in", path)
        # Out of the static folder: never.
        for path in ["/static/../package.json", "/static/%2e%2e/%2e%2e/package.json",
                     "/assets/../../package.json", "/static//etc/passwd", "/assets/%2e%2e/%2e%2e/%2e%2e/package.json",
                     "/static/nope.css"]:
            conn = http.client.HTTPConnection("127.0.0.1", server().port, timeout=TIMEOUT)
            try:
                conn.request("GET", path)  # as written: no client-side normalising
                r = conn.getresponse()
                body = r.read()
            finally:
                conn.close()
            self.assertEqual(r.status, 404, "%s: %d" % (path, r.status))
            self.assertNotIn(b"\"version\"", body, path)
            self.assertNotIn(b"root:", body, path)
        # No health or status route is answered signed out either.
        a = c.get("/health")
        self.assertIn(a.status, (303, 401), repr(a))

    # ---- sign-in

    def test_sign_in_sets_httponly_samesite_cookie(self):
        c = Client(who="tm1")
        token = c.sign_in_form()
        a = c.post("/sign-in", {"username": "tm1", "password": USERS["tm1"][2], "csrf_token": token})
        self.assertEqual(a.status, 303, repr(a))
        self.assertTrue(a.header("Location"), "a 303 without a Location")
        cookies = [h for h in a.set_cookies() if h.strip().startswith(COOKIE + "=")]
        self.assertEqual(len(cookies), 1, "one session cookie: %r" % a.set_cookies())
        attrs = [p.strip().lower() for p in cookies[0].split(";")[1:]]
        self.assertIn("httponly", attrs, cookies[0])
        self.assertTrue(any(p.startswith("samesite=") and p.split("=", 1)[1] in ("strict", "lax") for p in attrs),
                        cookies[0])
        value = cookies[0].split(";")[0].split("=", 1)[1]
        self.assertGreaterEqual(len(value), 32, "a short session token")
        self.assertNotIn("tm1", value)
        self.assertEqual(c.get("/teams/T01").status, 200)

    def test_new_session_token_on_sign_in(self):
        c = Client(who="tm1")
        token = c.sign_in_form()
        before = c.session_token()
        self.assertTrue(before, "GET /sign-in set no cookie to hold the csrf token's session")
        a = c.post("/sign-in", {"username": "tm1", "password": USERS["tm1"][2], "csrf_token": token})
        self.assertEqual(a.status, 303, repr(a))
        self.assertNotEqual(c.session_token(), before, "the session token is not renewed on sign-in (fixation)")
        stale = Client(jar=False)
        a = stale.get("/teams/T01", headers={"Cookie": "%s=%s" % (COOKIE, before)})
        self.assertEqual(a.status, 303, "the pre-sign-in token is signed in: %r" % a)

    def test_sign_in_form_shown_again_keeps_its_token(self):
        # Another tab or a reload shows the form again; the form shown first still signs in.
        c = Client(who="tm1")
        first = c.sign_in_form()
        cookie = c.session_token()
        c.sign_in_form()
        self.assertEqual(c.session_token(), cookie, "the visitor's cookie changed")
        a = c.post("/sign-in", {"username": "tm1", "password": USERS["tm1"][2], "csrf_token": first})
        self.assertEqual(a.status, 303, repr(a))

    def assertRefused(self, a, c, what):
        self.assertNotEqual(a.status, 303, "%s: %r" % (what, a))
        self.assertGreaterEqual(a.status, 400, "%s: %r" % (what, a))
        self.assertFalse([h for h in a.set_cookies() if h.strip().startswith(COOKIE + "=")],
                         "%s: a session cookie was set" % what)
        assert_signed_out(self, c, what)

    def test_sign_in_without_csrf_token_refused(self):
        c = Client(who="tm1")
        c.sign_in_form()
        a = c.post("/sign-in", {"username": "tm1", "password": USERS["tm1"][2]})
        self.assertRefused(a, c, "no csrf_token")
        a = c.post("/sign-in", {"username": "tm1", "password": USERS["tm1"][2], "csrf_token": ""})
        self.assertRefused(a, c, "an empty csrf_token")

    def test_sign_in_with_wrong_csrf_token_refused(self):
        c = Client(who="tm1")
        token = c.sign_in_form()
        wrong = ("0" if token[0] != "0" else "1") + token[1:]
        a = c.post("/sign-in", {"username": "tm1", "password": USERS["tm1"][2], "csrf_token": wrong})
        self.assertRefused(a, c, "a wrong csrf_token")
        a = c.post("/sign-in", {"username": "tm1", "password": USERS["tm1"][2], "csrf_token": token[:-1]})
        self.assertRefused(a, c, "a truncated csrf_token")
        # Another browser's token does not do for this one.
        other = Client()
        other_token = other.sign_in_form()
        a = c.post("/sign-in", {"username": "tm1", "password": USERS["tm1"][2], "csrf_token": other_token})
        self.assertRefused(a, c, "another session's csrf_token")
        # A token with no session cookie at all.
        bare = Client(jar=False)
        a = bare.post("/sign-in", {"username": "tm1", "password": USERS["tm1"][2], "csrf_token": token})
        self.assertNotEqual(a.status, 303, "a csrf_token without its cookie: %r" % a)
        self.assertGreaterEqual(a.status, 400, "a csrf_token without its cookie: %r" % a)

    def test_wrong_password_refused(self):
        c = Client("127.0.0.40", who="tm2")
        a = c.sign_in("tm2", WRONG_PASSWORDS[0])
        self.assertRefused(a, c, "a wrong password")
        self.assertNotIn(WRONG_PASSWORDS[0], a.text)
        c = Client("127.0.0.40", who="nobody")
        token = c.sign_in_form()
        a = c.post("/sign-in", {"username": "nobody", "password": WRONG_PASSWORDS[1], "csrf_token": token})
        self.assertRefused(a, c, "an unknown user")

    # ---- rate limits

    def test_sixth_failure_for_a_username_is_429(self):
        # Five failures for rluser, each from a different address: the username's limit, not an address's.
        for i in range(5):
            c = Client("127.0.0.%d" % (10 + i), who="rluser")
            a = c.sign_in("rluser", WRONG_PASSWORDS[i])
            self.assertEqual(a.status, 401, "failure %d: %r" % (i + 1, a))
        c = Client("127.0.0.15", who="rluser")
        a = c.sign_in("rluser", WRONG_PASSWORDS[5])
        self.assertEqual(a.status, 429, "the sixth wrong password in a minute: %r" % a)
        self.assertRefused(a, c, "the sixth wrong password")
        c = Client("127.0.0.16", who="rluser")
        a = c.sign_in("rluser")
        self.assertEqual(a.status, 429, "the right password right after five failures: %r" % a)
        self.assertRefused(a, c, "the right password while limited")
        # Others are not held up: another user from an address that failed once.
        c = Client("127.0.0.10", who="tm2")
        self.assertEqual(c.sign_in("tm2").status, 303, "another user is limited by rluser's failures")

    def test_sixth_failure_from_an_address_is_429(self):
        src = "127.0.0.20"
        for i in range(5):  # five different usernames, none of which exists
            c = Client(src, who="nobody%d" % i)
            token = c.sign_in_form()
            a = c.post("/sign-in", {"username": "nobody%d" % i, "password": WRONG_PASSWORDS[i], "csrf_token": token})
            self.assertEqual(a.status, 401, "failure %d: %r" % (i + 1, a))
        c = Client(src, who="nobody9")
        token = c.sign_in_form()
        a = c.post("/sign-in", {"username": "nobody9", "password": WRONG_PASSWORDS[6], "csrf_token": token})
        self.assertEqual(a.status, 429, "the sixth failure from one address: %r" % a)
        c = Client(src, who="rladdr")
        a = c.sign_in("rladdr")
        self.assertEqual(a.status, 429, "a right password from the limited address: %r" % a)
        self.assertRefused(a, c, "a right password from the limited address")
        c = Client("127.0.0.21", who="rladdr")
        self.assertEqual(c.sign_in("rladdr").status, 303, "the same user from another address")

    # ---- access

    def test_team_manager_sees_own_team(self):
        c = signed_in("tm1")
        a = c.get("/teams/T01")
        self.assertEqual(a.status, 200, repr(a))
        self.assertIn("text/html", a.header("Content-Type"))
        self.assertIn(TEAMS["T01"]["name"], a.text)
        t01 = {w for w, r in WORKERS.items() if r["team_id"] == "T01"}
        a = c.get("/api/teams/T01/caseload")
        self.assertEqual(a.status, 200, repr(a))
        self.assertIn("application/json", a.header("Content-Type"))
        j = json.loads(a.text)
        self.assertEqual(j.get("team_id"), "T01")
        ids = [w["worker_id"] for w in j["workers"]]
        self.assertTrue(ids, "T01's caseload lists no worker")
        self.assertLessEqual(set(ids), t01, "workers from another team")
        for w in j["workers"]:
            self.assertIsInstance(w.get("weighted"), (int, float), w)
            self.assertIsInstance(w.get("cap"), (int, float), w)
        a = c.get("/api/teams/T01/exceptions")
        self.assertEqual(a.status, 200, repr(a))
        ex = json.loads(a.text)
        self.assertEqual(ex.get("team_id"), "T01")
        self.assertTrue(ex["exceptions"], "T01 has exceptions on %s" % AS_OF)
        for e in ex["exceptions"]:
            self.assertIn(e["worker_id"], t01, e)
        a = c.get("/teams/T01/caseload.csv")
        self.assertEqual(a.status, 200, repr(a))
        self.assertIn("text/csv", a.header("Content-Type"))
        rows = list(csv.reader(a.text.splitlines()))
        self.assertEqual(rows[0][0], "worker_id", "CSV header line: %r" % rows[0])
        self.assertIn("weighted", rows[0])
        self.assertEqual([r[0] for r in rows[1:]], ids, "the CSV and the JSON list other workers")

    def test_team_manager_refused_other_team(self):
        c = signed_in("tm1")
        for kind, path in team_paths("T02").items():
            a = c.get(path)
            self.assertEqual(a.status, 403, "%s %s: %r" % (kind, path, a))
            self.assertNotRegex(a.text, r"W00(1[5-9]|2[0-3])", path + ": the 403 names T02's workers")
        for q in ["/api/teams/T02/exceptions?policy=case_supervision", "/teams/T02?policy=case_supervision"]:
            self.assertEqual(c.get(q).status, 403, q)

    def test_unknown_team_is_404(self):
        for user in ["tm1", "admin1"]:
            c = signed_in(user)
            for kind, path in team_paths("T99").items():
                a = c.get(path)
                self.assertEqual(a.status, 404, "%s %s %s: %r" % (user, kind, path, a))

    def check_access(self, username):
        expected = expected_teams(username)
        self.assertTrue(expected, username)
        c = signed_in(username)
        for team in sorted(TEAMS):
            for kind, path in team_paths(team).items():
                a = c.get(path)
                want = 200 if team in expected else 403
                self.assertEqual(a.status, want, "%s %s: %r" % (username, path, a))
        home = c.get("/")
        self.assertEqual(home.status, 200, repr(home))
        linked = {m for m in re.findall(r'href="/teams/([^"/?]+)"', home.text)}
        self.assertEqual(linked, expected, "%s's home page links other teams" % username)
        return expected

    def test_admin_sees_every_team(self):
        self.assertEqual(self.check_access("admin1"), set(TEAMS))

    def test_hr_sees_every_team(self):
        self.assertEqual(self.check_access("hr1"), set(TEAMS))

    def test_head_of_service_sees_every_team(self):
        self.assertEqual(self.check_access("hos"), set(TEAMS))

    def test_service_managers_see_their_teams_only(self):
        for user in ["sm1", "sm2"]:
            seen = self.check_access(user)
            self.assertLess(seen, set(TEAMS), user)
            self.assertGreaterEqual(len(seen), 2, user)

    def test_team_managers_see_one_team(self):
        self.assertEqual(self.check_access("tm1"), {"T01"})
        self.assertEqual(self.check_access("tm2"), {"T02"})

    def test_trends_iro_and_policy_pages(self):
        # Every signed-in user has the trends and IRO pages; policy versions are HR's and admins'.
        tm = signed_in("tm1")
        for path in ("/trends", "/iro"):
            self.assertEqual(tm.get(path).status, 200, path)
        self.assertEqual(tm.get("/policies").status, 403)
        for who in ("hr1", "admin1"):
            a = signed_in(who).get("/policies")
            self.assertEqual(a.status, 200, who)
            self.assertIn("Policy versions", a.text)
        # The exceptions table downloads as CSV, for the own team only.
        a = tm.get("/teams/T01/exceptions.csv")
        self.assertEqual(a.status, 200)
        self.assertTrue(a.text.startswith("policy,code,severity,worker_id,case_id"), a.text[:80])
        self.assertEqual(tm.get("/teams/T02/exceptions.csv").status, 403)
        self.assertEqual(Client().get("/teams/T01/exceptions.csv").status, 401)
        # A team manager's trend page names no other team.
        page = tm.get("/trends").text
        for team in TEAMS:
            if team != "T01":
                self.assertNotIn(">%s<" % team, page, team)

    def test_admin_manages_users(self):
        admin = signed_in("admin1")
        page = admin.get("/users")
        self.assertEqual(page.status, 200)
        form = [f for f in parse_forms(page.text) if f["action"] == "/users"]
        self.assertTrue(form, "no form posting to /users")
        token = form[0]["hidden"]["csrf_token"]
        # Without the token: refused, nobody added.
        self.assertEqual(admin.post("/users", {"username": "new1", "role": "hr", "password": "new1-Pa55word-x"}).status,
                         403)
        a = admin.post("/users", {"username": "new1", "role": "hr", "worker_id": "", "password": "new1-Pa55word-x",
                                  "csrf_token": token})
        self.assertEqual(a.status, 200, repr(a))
        self.assertIn("User new1 added", a.text)
        self.assertNotIn("new1-Pa55word-x", a.text)
        self.assertEqual(signed_in_with("new1", "new1-Pa55word-x").get("/policies").status, 200)
        # Managers and HR cannot manage users.
        self.assertEqual(signed_in("tm1").get("/users").status, 403)
        self.assertEqual(signed_in("hr1").get("/users").status, 403)

    def test_hr_tries_a_draft_policy(self):
        hr = signed_in("hr1")
        page = hr.get("/whatif")
        self.assertEqual(page.status, 200)
        self.assertIn("CIN = days(42)", html.unescape(page.text))
        form = [f for f in parse_forms(page.text) if f["action"] == "/whatif" and f["method"] == "post"]
        token = form[0]["hidden"]["csrf_token"]
        current = html.unescape(re.search(r"<textarea[^>]*>(.*?)</textarea>", page.text, re.S).group(1))
        draft = current.replace("CIN = days(42)", "CIN = weeks(4)")
        self.assertEqual(hr.post("/whatif", {"settings": draft}).status, 403)  # no CSRF token
        a = hr.post("/whatif", {"settings": draft, "csrf_token": token})
        self.assertEqual(a.status, 200, repr(a))
        result = html.unescape(re.search(r'<pre[^>]*id="whatif"[^>]*>(.*?)</pre>', a.text, re.S).group(1))
        added = int(re.search(r"(\d+) exceptions added", result).group(1))
        self.assertGreater(added, 0, result[:300])
        self.assertIn("case_supervision", result)
        # Nothing was published: the shipped settings are what the next page shows.
        self.assertIn("CIN = days(42)", html.unescape(hr.get("/whatif").text))
        self.assertEqual(signed_in("tm1").get("/whatif").status, 403)

    def draft_findings(self, page):
        """The findings of the GOV.UK error summary of a what-if page, unescaped."""
        summary = re.search(r'<div class="govuk-error-summary".*?<ul[^>]*id="draft-problems"[^>]*>(.*?)</ul>', page, re.S)
        self.assertIsNotNone(summary, "no error summary")
        return [html.unescape(re.sub(r"<[^>]+>", "", li)) for li in re.findall(r"<li>(.*?)</li>", summary.group(1), re.S)]

    def test_a_draft_is_checked_before_it_runs(self):
        hr = signed_in("hr1")
        page = hr.get("/whatif")
        token = [f for f in parse_forms(page.text) if f["action"] == "/whatif" and f["method"] == "post"][0]["hidden"]["csrf_token"]
        current = html.unescape(re.search(r"<textarea[^>]*>(.*?)</textarea>", page.text, re.S).group(1))
        # A misspelt setting: named, with the setting meant, and no run ("309 exceptions removed").
        misspelt = current.replace("due_soon_window = days(7),", "due_son_window = days(7),", 1)
        self.assertNotEqual(misspelt, current)
        a = hr.post("/whatif", {"settings": misspelt, "csrf_token": token})
        self.assertEqual(a.status, 200, repr(a))
        findings = self.draft_findings(a.text)
        self.assertTrue(any("due_son_window: unknown setting (did you mean due_soon_window?)" in f for f in findings),
                        findings)
        self.assertNotIn("removed", a.text)
        self.assertNotIn("/tmp", a.text)
        # A missing comma: one finding, not one per plugin, and no temporary path.
        broken = current.replace("CIN = days(42),", "CIN = days(42)", 1)
        self.assertNotEqual(broken, current)
        a = hr.post("/whatif", {"settings": broken, "csrf_token": token})
        findings = self.draft_findings(a.text)
        self.assertEqual(len(findings), 1, findings)
        self.assertIn("draft settings:", findings[0])
        self.assertNotIn("/tmp", a.text)
        self.assertIn("<title>Error:", a.text)

    # ---- every table as CSV and JSON, for those who may see it

    def table(self, client, csv_path, api_path):
        """The CSV and the JSON of one table, checked to hold the same rows."""
        a = client.get(csv_path)
        self.assertEqual(a.status, 200, "%s: %r" % (csv_path, a))
        self.assertIn("text/csv", a.header("Content-Type"))
        rows = list(csv.DictReader(a.text.splitlines()))
        j = client.get(api_path)
        self.assertEqual(j.status, 200, "%s: %r" % (api_path, j))
        self.assertIn("application/json", j.header("Content-Type"))
        body = json.loads(j.text)
        self.assertEqual(body["as_of"], AS_OF)
        as_text = [{k: ("" if v is None else v if isinstance(v, str) else format(v, "g")) for k, v in r.items()}
                   for r in body["rows"]]
        self.assertEqual(as_text, rows, "%s and %s disagree" % (csv_path, api_path))
        return rows

    def test_every_table_downloads_for_those_who_may_see_it(self):
        tm = signed_in("tm1")
        teams = self.table(tm, "/teams.csv", "/api/teams")
        self.assertEqual([r["team_id"] for r in teams], ["T01"], "a team manager's balance names other teams")
        services = self.table(tm, "/services.csv", "/api/services")
        self.assertEqual([r["service"] for r in services], [TEAMS["T01"]["service"]])
        # Weighted caseload and capacity are the team's, summed: the service of one team is that team.
        self.assertEqual((services[0]["weighted_caseload"], services[0]["capacity"]),
                         (teams[0]["weighted_caseload"], teams[0]["capacity"]))
        iros = self.table(tm, "/iro.csv", "/api/iro")
        self.assertTrue(all(r["team_id"] == "T01" for r in iros), iros)
        trends = self.table(tm, "/trends.csv", "/api/trends")
        self.assertEqual([r["team_id"] for r in trends], ["T01"] * len(WEEKLY_RUNS), trends)
        for r in trends:
            self.assertLessEqual(int(r["cases_in_time"]), int(r["open_cases"]), r)
        moves = self.table(tm, "/teams/T01/moves.csv", "/api/teams/T01/moves")
        t01 = {w for w, r in WORKERS.items() if r["team_id"] == "T01"}
        for m in moves:
            self.assertIn(m["from_worker_id"], t01, m)
            self.assertIn(m["to_worker_id"], t01, m)
        for path in ["/teams/T02/moves.csv", "/api/teams/T02/moves", "/policies.csv", "/api/policies", "/users.csv",
                     "/api/users"]:
            a = tm.get(path)
            self.assertEqual(a.status, 403, "%s: %r" % (path, a))
            self.assertNotRegex(a.text, r"W\d{4}|C\d{5}", path)
        self.assertEqual(json.loads(tm.get("/api/users").text).get("error"), "Users are for admins")

        # The head of service: every team and service; the IRO table counts each IRO's children.
        hos = signed_in("hos")
        self.assertEqual({r["team_id"] for r in self.table(hos, "/teams.csv", "/api/teams")}, set(TEAMS))
        self.assertEqual({r["service"] for r in self.table(hos, "/services.csv", "/api/services")},
                         {t["service"] for t in TEAMS.values()})
        children = {}
        for a in read_csv("allocations.csv"):
            if a["role"] == "iro" and a["start_date"] <= AS_OF and (not a["end_date"] or a["end_date"] >= AS_OF):
                children.setdefault(a["worker_id"], set()).add(a["case_id"])
        iros = self.table(hos, "/iro.csv", "/api/iro")
        self.assertTrue(iros, "council-a has IROs")
        for r in iros:
            self.assertEqual(WORKERS[r["worker_id"]]["role"], "iro", r)
            self.assertEqual(int(r["children"]), len(children.get(r["worker_id"], ())), r)

        # HR: the runs; admins: the users, never a password hash.
        runs = self.table(signed_in("hr1"), "/policies.csv", "/api/policies")
        self.assertEqual(sorted(r["as_of"] for r in runs if r["kind"] == "weekly"), WEEKLY_RUNS, runs)
        self.assertTrue(all(re.fullmatch(r"[0-9a-f]{8,}", r["policy_version"]) for r in runs), runs)
        self.assertEqual(signed_in("hr1").get("/users.csv").status, 403)
        admin = signed_in("admin1")
        users = self.table(admin, "/users.csv", "/api/users")
        self.assertLessEqual({"tm1", "hr1", "admin1"}, {u["username"] for u in users})
        self.assertEqual({u["username"]: u["role"] for u in users}["hr1"], "hr")
        self.assertNotIn("argon2", admin.get("/users.csv").text + admin.get("/api/users").text)

    def test_exception_filters(self):
        tm = signed_in("tm1")
        every = json.loads(tm.get("/api/teams/T01/exceptions").text)["exceptions"]
        severities = {e["severity"] for e in every}
        self.assertEqual(severities, {"breach", "warning"}, "T01 has both breaches and warnings on %s" % AS_OF)
        workers = sorted({e["worker_id"] for e in every})
        page = tm.get("/teams/T01").text
        for name in ("policy", "severity", "worker"):
            self.assertIn('<select class="govuk-select" id="%s" name="%s">' % (name, name), page)
        for query, keep in [
                ("severity=warning", lambda e: e["severity"] == "warning"),
                ("worker=" + workers[0], lambda e: e["worker_id"] == workers[0]),
                ("policy=case_supervision&severity=breach",
                 lambda e: e["policy"] == "case_supervision" and e["severity"] == "breach")]:
            want = [e for e in every if keep(e)]
            self.assertTrue(0 < len(want) < len(every), query)
            got = json.loads(tm.get("/api/teams/T01/exceptions?" + query).text)["exceptions"]
            self.assertEqual(got, want, query)
            rows = list(csv.DictReader(tm.get("/teams/T01/exceptions.csv?" + query).text.splitlines()))
            self.assertEqual([(r["policy"], r["code"], r["worker_id"], r["case_id"]) for r in rows],
                             [(e["policy"], e["code"], e["worker_id"], e.get("case_id") or "") for e in want], query)
            page = tm.get("/teams/T01?" + query).text
            self.assertIn('exceptions.csv?%s"' % html.escape(query), page, "the download keeps the filter")
            table = page.split('id="exceptions"')[1]
            self.assertEqual(table.count('<tr class="govuk-table__row">') - 1, len(want), query)
        # Another team's worker is not a way in.
        self.assertEqual(tm.get("/api/teams/T02/exceptions?worker=" + workers[0]).status, 403)

    # ---- workers and filters (issue 15)

    def test_worker_pages_obey_the_tree_rule(self):
        sample = one_worker_per_team()
        for user in ["tm1", "tm2", "sm1", "hos", "hr1", "admin1"]:
            c = signed_in(user)
            allowed = expected_teams(user)
            for team, wid in sorted(sample.items()):
                for kind, path in worker_paths(wid).items():
                    a = c.get(path)
                    want = 200 if team in allowed else 403
                    self.assertEqual(a.status, want, "%s %s %s: %r" % (user, kind, path, a))
                    if want == 403:
                        self.assertNotIn(WORKERS[wid]["name"], a.text, "%s %s: the 403 names the worker" % (user, path))
                        for case in active_key_work(wid):
                            self.assertNotIn(case, a.text, "%s %s: the 403 names a case" % (user, path))
        c = signed_in("tm1")
        for kind, path in worker_paths("W9999").items():
            self.assertEqual(c.get(path).status, 404, path)

    def test_worker_page_shows_cases_and_supervision_dates(self):
        c = signed_in("tm1")
        wid = sample = one_worker_per_team()["T01"]
        cases = active_key_work(wid)
        self.assertTrue(cases, "%s holds cases on %s" % (wid, AS_OF))
        j = json.loads(c.get(worker_paths(wid)["json"]).text)
        self.assertEqual((j["worker_id"], j["team_id"], j["as_of"]), (wid, "T01", AS_OF))
        self.assertEqual(sorted(r["case_id"] for r in j["cases"]), cases)
        for r in j["cases"]:
            self.assertIsInstance(r["weight"], (int, float), r)
            self.assertTrue(r["case_type"], r)
        rows = list(csv.DictReader(c.get(worker_paths(wid)["csv"]).text.splitlines()))
        self.assertEqual([(r["case_id"], r["case_type"]) for r in rows], [(r["case_id"], r["case_type"]) for r in j["cases"]])
        page = c.get(worker_paths(wid)["page"]).text
        for case in cases:
            self.assertIn(case, page)
        want = sorted((s["date"], s["kind"]) for s in read_csv("supervisions.csv")
                      if s["worker_id"] == wid and s["date"] <= AS_OF)
        self.assertTrue(want, "%s has supervision before %s" % (wid, AS_OF))
        self.assertEqual(sorted((s["date"], s["kind"]) for s in j["supervisions"]), want)
        self.assertTrue(all(set(s) == {"date", "kind"} for s in j["supervisions"]), "supervision: dates and kinds only")
        for e in j["exceptions"]:
            self.assertEqual(e["worker_id"], wid, e)
        # The team page links each of its workers' pages.
        self.assertIn('href="/workers/%s"' % wid, c.get("/teams/T01").text)

    def test_absences_only_within_the_management_line(self):
        absent = {a["worker_id"] for a in read_csv("absences.csv") if a["end_date"] >= "2023-03-01"}
        checked = 0
        for user in ["tm1", "sm1", "hos", "hr1", "admin1"]:
            c = signed_in(user)
            role, me, _ = USERS[user]
            for wid in sorted(absent):
                if WORKERS[wid]["team_id"] not in expected_teams(user):
                    continue
                page = c.get(worker_paths(wid)["page"])
                j = json.loads(c.get(worker_paths(wid)["json"]).text)
                self.assertEqual(page.status, 200)
                if role == "manager" and in_line_above(wid, me):
                    self.assertIn('id="absences"', page.text, "%s sees %s's absences" % (user, wid))
                    self.assertIn("absences", j, "%s sees %s's absences in the JSON" % (user, wid))
                    self.assertTrue(all(set(a) == {"from", "to", "days"} for a in j["absences"]), j["absences"])
                    checked += 1
                else:
                    self.assertNotIn('id="absences"', page.text, "%s sees %s's absences" % (user, wid))
                    self.assertNotIn("Absences", page.text, "%s sees %s's absences" % (user, wid))
                    self.assertNotIn("absences", j, "%s sees %s's absences in the JSON" % (user, wid))
                    checked += 1
        self.assertGreater(checked, 20)

    def test_filters_cannot_widen_access(self):
        tm = signed_in("tm1")
        t01 = {w for w, r in WORKERS.items() if r["team_id"] == "T01"}
        mine = json.loads(tm.get("/api/exceptions").text)["exceptions"]
        self.assertTrue(mine)
        self.assertLessEqual({e["worker_id"] for e in mine}, t01)
        t02_service = TEAMS["T02"]["service"]
        for query in ["team=T02", "service=" + urllib.parse.quote(t02_service), "team=T02&service=" +
                      urllib.parse.quote(t02_service), "worker=" + TEAMS["T02"]["manager_id"], "team=T01&team=T02"]:
            got = json.loads(tm.get("/api/exceptions?" + query).text)["exceptions"]
            self.assertLessEqual({e["worker_id"] for e in got}, t01, query)
            rows = list(csv.DictReader(tm.get("/exceptions.csv?" + query).text.splitlines()))
            self.assertLessEqual({r["worker_id"] for r in rows}, t01, query)
            page = tm.get("/exceptions?" + query)
            self.assertEqual(page.status, 200, query)
            self.assertNotRegex(page.text, r"/workers/W00(1[5-9]|2[0-3])", query)
        # Within a team's own list, a filter for another team leaves nothing (it narrows, never widens).
        self.assertEqual(json.loads(tm.get("/api/teams/T01/exceptions?team=T02").text)["exceptions"], [])
        self.assertEqual(tm.get("/api/teams/T02/exceptions?team=T01").status, 403)
        # For a service manager, each filter keeps within their teams and narrows as asked.
        sm = signed_in("sm1")
        theirs = expected_teams("sm1")
        every = json.loads(sm.get("/api/exceptions").text)["exceptions"]
        self.assertEqual({WORKERS[e["worker_id"]]["team_id"] for e in every} - theirs, set())
        for team in sorted(TEAMS):
            got = json.loads(sm.get("/api/exceptions?team=" + urllib.parse.quote(team)).text)["exceptions"]
            want = [e for e in every if WORKERS[e["worker_id"]]["team_id"] == team]
            self.assertEqual(got, want if team in theirs else [], team)

    def test_exception_list_filters_and_sorts_by_days_late(self):
        hos = signed_in("hos")
        every = json.loads(hos.get("/api/exceptions").text)["exceptions"]
        late = [e.get("days_overdue") for e in every]
        numbers = [d for d in late if d is not None]
        self.assertEqual(numbers, sorted(numbers, reverse=True), "the most days late first")
        self.assertEqual(late[:len(numbers)], numbers, "those with no days late last")
        types = {a["case_id"]: a["case_type"] for a in read_csv("allocations.csv") if a["role"] == "key_worker"
                 and a["start_date"] <= AS_OF and (not a["end_date"] or AS_OF <= a["end_date"])}
        for case_type in ["CP", "CIN", "CIC"]:
            got = json.loads(hos.get("/api/exceptions?case_type=" + case_type).text)["exceptions"]
            self.assertTrue(got, case_type)
            self.assertTrue(all(types.get(e.get("case_id")) == case_type for e in got), case_type)
        for query, keep in [("severity=breach", lambda e: e["severity"] == "breach"),
                            ("policy=case_supervision", lambda e: e["policy"] == "case_supervision"),
                            ("service=" + urllib.parse.quote(TEAMS["T01"]["service"]),
                             lambda e: TEAMS[WORKERS[e["worker_id"]]["team_id"]]["service"] == TEAMS["T01"]["service"])]:
            want = [e for e in every if keep(e)]
            self.assertTrue(0 < len(want) < len(every), query)
            self.assertEqual(json.loads(hos.get("/api/exceptions?" + query).text)["exceptions"], want, query)
            rows = list(csv.DictReader(hos.get("/exceptions.csv?" + query).text.splitlines()))
            self.assertEqual([(r["policy"], r["code"], r["worker_id"]) for r in rows],
                             [(e["policy"], e["code"], e["worker_id"]) for e in want], query)
            page = hos.get("/exceptions?" + query).text
            self.assertIn('/exceptions.csv?%s"' % html.escape(query), page, "the download keeps the filter")
            self.assertIn('/api/exceptions?%s"' % html.escape(query), page, "the JSON keeps the filter")

    def test_admin_removes_users(self):
        admin = signed_in("admin1")
        oversight("user", "add", "--db", server().db, "--username", "gone1", "--role", "hr",
                  stdin=b"gone1-Pa55word-r2Tn\n", what="user add gone1")
        gone = signed_in_with("gone1", "gone1-Pa55word-r2Tn")
        self.assertEqual(gone.get("/policies").status, 200)
        page = admin.get("/users")
        form = [f for f in parse_forms(page.text) if f["action"] == "/users/remove"]
        self.assertTrue(form, "no form posting to /users/remove")
        self.assertNotIn('value="admin1"', page.text.split('action="/users/remove"')[1],
                         "the remove form offers the admin itself")
        token = form[0]["hidden"]["csrf_token"]
        self.assertEqual(admin.post("/users/remove", {"username": "gone1"}).status, 403)  # no CSRF token
        self.assertEqual(admin.post("/users/remove", {"username": "admin1", "csrf_token": token}).status, 400)
        self.assertEqual(admin.post("/users/remove", {"username": "nobody", "csrf_token": token}).status, 400)
        self.assertEqual(signed_in("hr1").post("/users/remove", {"username": "gone1", "csrf_token": token}).status, 403)
        a = admin.post("/users/remove", {"username": "gone1", "csrf_token": token})
        self.assertEqual(a.status, 200, repr(a))
        self.assertIn("User gone1 removed", a.text)
        self.assertNotIn(">gone1<", a.text.split('action="/users/remove"')[0], "gone1 still listed")
        # The removed user's open session ends at once; signing in again fails.
        a = gone.get("/policies")
        self.assertEqual((a.status, urllib.parse.urlsplit(a.header("Location") or "").path), (303, "/sign-in"))
        self.assertEqual(gone.get("/api/teams").status, 401)
        c = Client("127.0.0.40", who="gone1")
        self.assertEqual(c.sign_in("gone1", "gone1-Pa55word-r2Tn").status, 401)
        # The same from the command line.
        oversight("user", "add", "--db", server().db, "--username", "gone2", "--role", "hr",
                  stdin=b"gone2-Pa55word-h8Wq\n", what="user add gone2")
        gone2 = signed_in_with("gone2", "gone2-Pa55word-h8Wq")
        listed, _ = oversight("user", "list", "--db", server().db, what="user list")
        self.assertIn("gone2\thr", listed)
        oversight("user", "remove", "--db", server().db, "--username", "gone2", what="user remove gone2")
        self.assertEqual(gone2.get("/").status, 303)
        listed, _ = oversight("user", "list", "--db", server().db, what="user list")
        self.assertNotIn("gone2", listed)
        p = subprocess.run([BIN, "user", "remove", "--db", server().db, "--username", "gone2"], capture_output=True)
        self.assertEqual(p.returncode, 1)
        self.assertIn(b"no user 'gone2'", p.stderr)

    def test_hr_tries_a_draft_plugin(self):
        hr = signed_in("hr1")
        plugin = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "..", "plugins",
                              "case_supervision.lua")
        with open(plugin, encoding="utf-8") as f:
            source = f.read()
        page = hr.get("/whatif?plugin=case_supervision")
        self.assertEqual(page.status, 200, repr(page))
        shown = html.unescape(re.search(r'<textarea[^>]*id="plugin_source"[^>]*>(.*?)</textarea>', page.text,
                                        re.S).group(1))
        self.assertEqual(shown, source, "the plugin opened for editing is not the shipped one")
        form = [f for f in parse_forms(page.text) if f["action"] == "/whatif" and f["method"] == "post"][0]
        self.assertEqual(form["hidden"].get("plugin"), "case_supervision")
        settings = html.unescape(re.search(r'<textarea[^>]*id="settings"[^>]*>(.*?)</textarea>', page.text,
                                           re.S).group(1))
        fields = {"csrf_token": form["hidden"]["csrf_token"], "settings": settings, "plugin": "case_supervision"}
        # A draft that reports nothing: every case_supervision exception would go.
        quiet = source.replace("function check()", "function check() do return end", 1)
        self.assertNotEqual(quiet, source)
        a = hr.post("/whatif", dict(fields, plugin_source=quiet))
        self.assertEqual(a.status, 200, repr(a))
        result = html.unescape(re.search(r'<pre[^>]*id="whatif"[^>]*>(.*?)</pre>', a.text, re.S).group(1))
        removed = int(re.search(r"exceptions added, (\d+) removed", result).group(1))
        now = int(re.search(r"case_supervision: (\d+) -> 0", result).group(1))
        self.assertGreater(removed, 0, result[:300])
        self.assertEqual(removed, now, result[:300])
        # A draft that does not compile is checked first and not run: the finding names the
        # plugin's file as HR knows it, never the private folder it was tried in.
        a = hr.post("/whatif", dict(fields, plugin_source="function check( oops"))
        self.assertEqual(a.status, 200, repr(a))
        findings = self.draft_findings(a.text)
        self.assertEqual(len(findings), 1, findings)
        self.assertIn("plugins/case_supervision.lua:1:", findings[0])
        self.assertNotIn("/tmp", a.text)
        self.assertNotIn('id="whatif"', a.text)
        # Only the plugins there are: no path of HR's choosing.
        for name in ["../config/policy", "nope", "/etc/passwd"]:
            self.assertEqual(hr.post("/whatif", dict(fields, plugin=name, plugin_source="x")).status, 400, name)
        # Nothing was published.
        with open(plugin, encoding="utf-8") as f:
            self.assertEqual(f.read(), source)
        self.assertEqual(signed_in("tm1").get("/whatif?plugin=case_supervision").status, 403)

    def test_left_manager_cannot_sign_in(self):
        worker = USERS["smleft"][1]
        self.assertTrue(WORKERS[worker]["end_date"] < AS_OF)
        c = Client("127.0.0.30", who="smleft")
        a = c.sign_in("smleft")
        self.assertRefused(a, c, "a manager whose worker left on %s" % WORKERS[worker]["end_date"])
        c = Client("127.0.0.30", who="ghost")
        a = c.sign_in("ghost")
        self.assertRefused(a, c, "a manager whose worker is not in the extract")

    # ---- sign-out

    def test_sign_out(self):
        c = signed_in("tm1")
        token = c.session_token()
        home = c.get("/")
        self.assertEqual(home.status, 200)
        forms = [f for f in parse_forms(home.text) if f["action"] == "/sign-out"]
        self.assertTrue(forms, "no sign-out form on the home page")
        self.assertEqual(forms[0]["method"], "post")
        csrf = forms[0]["hidden"].get("csrf_token")
        self.assertTrue(csrf, "the sign-out form has no csrf_token")
        # A GET, or a POST without the token or with a wrong one, does not sign out.
        c.get("/sign-out")
        a = c.post("/sign-out", {})
        self.assertNotEqual(a.status, 303, "sign-out without the csrf token: %r" % a)
        a = c.post("/sign-out", {"csrf_token": ("0" if csrf[0] != "0" else "1") + csrf[1:]})
        self.assertNotEqual(a.status, 303, "sign-out with a wrong csrf token: %r" % a)
        self.assertEqual(c.get("/teams/T01").status, 200, "signed out by a refused sign-out")
        a = c.post("/sign-out", {"csrf_token": csrf})
        self.assertEqual(a.status, 303, repr(a))
        self.assertEqual(urllib.parse.urlsplit(a.header("Location")).path, "/sign-in")
        old = Client(jar=False)
        cookie = {"Cookie": "%s=%s" % (COOKIE, token)}
        a = old.get("/teams/T01", headers=cookie)
        self.assertEqual(a.status, 303, "the old cookie still works for a page: %r" % a)
        for path in ["/api/teams/T01/caseload", "/api/teams/T01/exceptions", "/teams/T01/caseload.csv"]:
            self.assertEqual(old.get(path, headers=cookie).status, 401, path + " with the old cookie")
        self.assertEqual(old.get("/", headers=cookie).status, 303)

    # ---- privacy

    def test_no_absence_reasons_anywhere(self):
        # Visit what every user can see, then look at every answer given in this whole run.
        for user in ["tm1", "sm1", "hos", "admin1", "hr1"]:
            c = signed_in(user)
            c.get("/")
            for team in sorted(expected_teams(user)):
                page = c.get("/teams/%s" % team)
                for policy in parse_page(page.text).selects.get("policy", []):
                    if policy:
                        c.get("/teams/%s?policy=%s" % (team, urllib.parse.quote(policy)))
                        c.get("/api/teams/%s/exceptions?policy=%s" % (team, urllib.parse.quote(policy)))
                for path in list(team_paths(team).values())[1:]:
                    c.get(path)
        self.assertGreater(len(BODIES), 100)
        found = [(who, what, ABSENCE_WORDS.search(text).group(0)) for who, what, text in BODIES
                 if ABSENCE_WORDS.search(text)]
        self.assertEqual(found, [], "absence reasons shown")
        # The reasons are there to leak: council-a has them.
        with open(os.path.join(COUNCIL, "absences.csv"), encoding="utf-8-sig") as f:
            self.assertRegex(f.read(), ABSENCE_WORDS)

    def test_access_log_names_user_and_path_not_cases(self):
        c = signed_in("tm1")
        marker = "/teams/T01/caseload.csv"
        self.assertEqual(c.get(marker + "?case=C00006").status, 200)
        self.assertEqual(c.get("/api/teams/T01/exceptions?policy=case_supervision&case_id=C00008").status, 200)
        self.assertEqual(c.get("/api/teams/T02/caseload").status, 403)
        time.sleep(0.2)
        err = server().stderr()
        access = [l for l in err.splitlines() if l.startswith("access ")]
        self.assertTrue(access, "no access lines on stderr:\n" + err[-2000:])
        mine = [l for l in access if " tm1 " in l and marker in l]
        self.assertTrue(mine, "no access line names tm1 and %s:\n%s" % (marker, "\n".join(access[-20:])))
        self.assertTrue([l for l in access if " tm1 " in l and "/api/teams/T02/caseload" in l and "403" in l],
                        "the refused request is not logged with its user and status")
        self.assertTrue([l for l in access if re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d", l)], "no time in the log")
        with_cases = [l for l in err.splitlines() if CASE_ID.search(l)]
        self.assertEqual(with_cases, [], "case ids in the server's log")
        self.assertEqual([l for l in err.splitlines() if ABSENCE_WORDS.search(l)], [], "absence reasons in the log")

    # ---- hardening (issue 12)

    def test_slow_clients_do_not_starve_others(self):
        # 50 connections each trickle a header line every 5 s for 20 s; meanwhile a signed-out
        # request, from another address and from theirs, is answered within 2 s.
        slow_source = "127.0.0.60"
        slow = []
        for _ in range(50):
            s = socket.create_connection(("127.0.0.1", server().port), timeout=5, source_address=(slow_source, 0))
            s.sendall(b"GET /sign-in HTTP/1.1\r\nHost: x\r\n")
            slow.append(s)
        started = time.monotonic()
        next_line = started + 5
        slowest = 0.0
        checks = 0
        try:
            while time.monotonic() - started < 20:
                if time.monotonic() >= next_line:
                    next_line += 5
                    for s in slow:
                        try:
                            s.sendall(b"X-Slow: 1\r\n")
                        except OSError:
                            pass  # closed by the server: as it may
                for source in ("127.0.0.61", slow_source):
                    t = time.monotonic()
                    conn = http.client.HTTPConnection("127.0.0.1", server().port, timeout=2,
                                                      source_address=(source, 0))
                    try:
                        conn.request("GET", "/sign-in")
                        r = conn.getresponse()
                        r.read()
                        status = r.status
                    except OSError as e:
                        status = "no answer within 2 s (%s)" % e
                    finally:
                        conn.close()
                    took = time.monotonic() - t
                    slowest = max(slowest, took)
                    checks += 1
                    self.assertEqual(status, 200, "GET /sign-in from %s after %.1f s of slow clients"
                                     % (source, t - started))
                    self.assertLess(took, 2.0, "GET /sign-in from %s took %.1f s" % (source, took))
                time.sleep(1)
        finally:
            for s in slow:
                s.close()
        self.assertGreaterEqual(checks, 10)

    def test_one_answer_per_request(self):
        # A body the answer does not read is not a request: one request, one answer.
        smuggled = b"GET /sign-in HTTP/1.1\r\nHost: x\r\n\r\n"
        form = b"Content-Type: application/x-www-form-urlencoded\r\n"
        for method, path in [("POST", "/users"), ("POST", "/teams/T01"), ("POST", "/sign-out"),
                             ("POST", "/api/teams/T01/caseload"), ("POST", "/static/nope.css"),
                             ("GET", "/sign-in"), ("GET", "/")]:
            head = b"%s %s HTTP/1.1\r\nHost: x\r\n" % (method.encode(), path.encode())
            for what, data in [
                    ("length", head + form + b"Content-Length: %d\r\n\r\n" % len(smuggled) + smuggled),
                    ("chunked", head + form + b"Transfer-Encoding: chunked\r\n\r\n%x\r\n%s\r\n0\r\n\r\n"
                     % (len(smuggled), smuggled))]:
                got = raw_exchange(data, source="127.0.0.62")
                self.assertEqual(len(status_lines(got)), 1, "%s %s with a body (%s): %r"
                                 % (method, path, what, status_lines(got)))
        # Requests without a body still share a connection.
        got = raw_exchange(smuggled + smuggled, source="127.0.0.62")
        self.assertEqual(status_lines(got), [b"200", b"200"])

    def test_access_log_is_one_line_per_request(self):
        forged = "access 1999-01-01T00:00:00Z admin1 10.9.9.9 GET /users 200"
        targets = {"/forged%0a" + forged.replace(" ", "%20"): None,
                   "/cr%0d%0a" + forged.replace(" ", "%20"): None,
                   "/esc\x1b[31mred": None, "/%zz": 400, "/teams/%zz/caseload.csv": 400, "/%": 400,
                   "/teams/T01%2": 400}
        for target, want in targets.items():
            # Connection: close, so that the answer ends with the connection, not a wait.
            got = raw_exchange(b"GET " + target.encode("latin-1") + b" HTTP/1.1\r\nHost: x\r\n"
                               b"Connection: close\r\n\r\n", source="127.0.0.63")
            status = status_lines(got)
            self.assertEqual(len(status), 1, "%r: %r" % (target, got[:200]))
            if want:
                self.assertEqual(int(status[0]), want, target)
            else:
                self.assertLess(int(status[0]), 500, target)
        time.sleep(0.3)
        err = server().stderr()
        self.assertNotIn("\x1b", err, "a control character reached the log")
        lines = err.splitlines()
        self.assertEqual([l for l in lines if l.startswith("access 1999")], [], "a forged access line")
        mine = [l for l in lines if l.startswith("access ") and " 127.0.0.63 " in l]
        self.assertEqual(len(mine), len(targets), "one line per request:\n" + "\n".join(mine))
        for line in mine:
            self.assertRegex(line, r"^access \S+ - 127\.0\.0\.63 GET /\S* \d{3}$")
        self.assertTrue([l for l in mine if l.endswith(" /%zz 400")], "\n".join(mine))
        self.assertTrue([l for l in mine if " /forged%0aaccess%201999" in l], "\n".join(mine))

    def test_head_is_get_without_body(self):
        for c, paths in [(Client(), ["/sign-in"]),
                         (signed_in("admin1"), ["/", "/sign-in", "/teams/T01", "/teams/T01/caseload.csv",
                                                "/api/teams/T01/caseload", "/users", "/policies"])]:
            for path in paths:
                get, head = c.get(path), c.request("HEAD", path)
                self.assertEqual(get.status, 200, "GET %s: %r" % (path, get))
                self.assertEqual(head.status, 200, "HEAD %s: %r" % (path, head))
                self.assertEqual(head.body, b"", "HEAD %s has a body" % path)
                self.assertEqual(head.header("Content-Type"), get.header("Content-Type"), path)

    def test_new_password_ends_sessions(self):
        first, second = "pw1-Pa55word-a1Bc", "pw1-Pa55word-d2Ef"
        oversight("user", "add", "--db", server().db, "--username", "pw1", "--role", "hr",
                  stdin=(first + "\n").encode(), what="user add pw1")
        old = signed_in_with("pw1", first)
        self.assertEqual(old.get("/policies").status, 200)
        oversight("user", "passwd", "--db", server().db, "--username", "pw1", stdin=(second + "\n").encode(),
                  what="user passwd pw1")
        a = old.get("/policies")
        self.assertEqual((a.status, urllib.parse.urlsplit(a.header("Location") or "").path), (303, "/sign-in"),
                         "a session from before the new password: %r" % a)
        self.assertEqual(old.get("/api/teams").status, 401)
        self.assertEqual(Client("127.0.0.64", who="pw1").sign_in("pw1", first).status, 401, "the old password")
        again = signed_in_with("pw1", second)
        self.assertEqual(again.get("/policies").status, 200)
        # Removed and added again, with the same role and password: the old session ends too.
        oversight("user", "remove", "--db", server().db, "--username", "pw1", what="user remove pw1")
        oversight("user", "add", "--db", server().db, "--username", "pw1", "--role", "hr",
                  stdin=(second + "\n").encode(), what="user add pw1 again")
        self.assertEqual(again.get("/policies").status, 303, "a session of the user before re-creation")
        self.assertEqual(signed_in_with("pw1", second).get("/policies").status, 200)
        p = subprocess.run([BIN, "user", "passwd", "--db", server().db, "--username", "nobody"],
                           input=b"pw1-Pa55word-g3Hi\n", capture_output=True)
        self.assertEqual(p.returncode, 1)
        self.assertIn(b"no user 'nobody'", p.stderr)
        p = subprocess.run([BIN, "user", "passwd", "--db", server().db, "--username", "pw1"],
                           input=b"short\n", capture_output=True)
        self.assertEqual(p.returncode, 1)
        self.assertEqual(signed_in_with("pw1", second).get("/policies").status, 200, "a refused change changed it")

    def test_team_ids_with_slash_and_hash(self):
        # council-a with T03 renamed: an id the data contract allows, with / and #; and one of
        # its workers, with / and # and a name that ends as a download's would (".csv").
        odd = "T/3#x"
        worker = sorted(w for w, r in WORKERS.items() if r["team_id"] == "T03" and active_key_work(w))[0]
        odd_worker = "W/9#x.csv"
        council = os.path.join(TMP, "council-odd-ids")
        shutil.copytree(COUNCIL, council)
        for name in os.listdir(council):
            if not name.endswith(".csv"):
                continue
            with open(os.path.join(council, name), encoding="utf-8-sig", newline="") as f:
                rows = list(csv.reader(f))
            cols = [i for i, h in enumerate(rows[0]) if h == "team_id" or h.endswith("worker_id") or h.endswith("_id")]
            for row in rows[1:]:
                for i in cols:
                    if rows[0][i] == "team_id" and row[i] == "T03":
                        row[i] = odd
                    elif row[i] == worker:
                        row[i] = odd_worker
            with open(os.path.join(council, name), "w", encoding="utf-8", newline="") as f:
                csv.writer(f).writerows(rows)
        srv = Server(council, {"admin1": USERS["admin1"]}, [], name="server-odd-ids")
        try:
            c = signed_in_with("admin1", USERS["admin1"][2], port=srv.port)
            home = c.get("/")
            self.assertEqual(home.status, 200, repr(home))
            link = "/teams/" + urllib.parse.quote(odd, safe="")
            self.assertIn('href="%s"' % link, home.text, "the team's link")
            page = c.get(link)
            self.assertEqual(page.status, 200, repr(page))
            self.assertIn(html.escape(odd), page.text)
            team_links = [h for h in parse_page(page.text).links if h.startswith(link + "/")]
            self.assertTrue(team_links, "no link under the team's page")
            for path in team_links + [link + "/plan", link + "/caseload.csv", link + "/exceptions.csv",
                                      link + "/moves.csv", "/api" + link + "/caseload",
                                      "/api" + link + "/exceptions", "/api" + link + "/moves"]:
                a = c.get(path)
                self.assertEqual(a.status, 200, "%s: %r" % (path, a))
            self.assertEqual(json.loads(c.get("/api" + link + "/caseload").text)["team_id"], odd)
            self.assertEqual(c.get("/teams/T/3").status, 404)  # the id's parts are not the id
            # The worker's page, its download and its JSON, linked from the team's page.
            wlink = "/workers/" + urllib.parse.quote(odd_worker, safe="").replace(".", "%2E")
            self.assertIn('href="%s"' % wlink, page.text, "the worker's link")
            wpage = c.get(wlink)
            self.assertEqual(wpage.status, 200, repr(wpage))
            self.assertIn(html.escape(odd_worker), wpage.text)
            self.assertIn('href="%s.csv"' % wlink, wpage.text)
            self.assertEqual(json.loads(c.get("/api" + wlink).text)["worker_id"], odd_worker)
            rows = list(csv.DictReader(c.get(wlink + ".csv").text.splitlines()))
            self.assertTrue(rows and all(r["case_id"] for r in rows), rows[:2])
            self.assertEqual(c.get("/workers/" + urllib.parse.quote("W/9#x", safe="") + ".csv").status, 404,
                             "a download for W/9#x, not the page of W/9#x.csv")
        finally:
            srv.stop()

    def test_password_appears_nowhere(self):
        # Last: after every other test, with the server stopped, its whole output is in.
        srv = server()
        code = srv.stop()
        err, out = srv.stderr(), srv.stdout()
        self.assertNotIn("Sanitizer", err, "sanitizer report from serve:\n" + err[-4000:])
        self.assertNotIn("runtime error:", err, "UBSan report from serve:\n" + err[-4000:])
        self.assertEqual(code, 0, "serve after SIGTERM: %r\n%s" % (code, err[-2000:]))
        secrets = [p for _, _, p in USERS.values()] + WRONG_PASSWORDS
        texts = [("serve stdout", out), ("serve stderr", err)]
        texts += [("%s %s" % (what, name), text) for what, o, e in RUNS for name, text in (("out", o), ("err", e))]
        texts += [("answer to %s %s" % (who, what), body) for who, what, body in BODIES]
        found = [(where, s) for where, text in texts for s in secrets if s in text]
        self.assertEqual(found, [], "a password leaked")
        for folder, _, names in os.walk(srv.dir):  # hashes only in the store (and the policy in force beside it)
            for name in names:
                with open(os.path.join(folder, name), "rb") as f:
                    data = f.read()
                for s in secrets:
                    self.assertNotIn(s.encode(), data, "%s holds a password in clear" % name)
        self.assertIn("access ", err)


ORDER = [
    "test_signed_out_team_routes",
    "test_sign_in_page_has_form_with_csrf_token",
    "test_static_assets_signed_out",
    "test_nothing_else_served_signed_out",
    "test_sign_in_sets_httponly_samesite_cookie",
    "test_new_session_token_on_sign_in",
    "test_sign_in_form_shown_again_keeps_its_token",
    "test_sign_in_without_csrf_token_refused",
    "test_sign_in_with_wrong_csrf_token_refused",
    "test_wrong_password_refused",
    "test_sixth_failure_for_a_username_is_429",
    "test_sixth_failure_from_an_address_is_429",
    "test_team_manager_sees_own_team",
    "test_team_manager_refused_other_team",
    "test_unknown_team_is_404",
    "test_admin_sees_every_team",
    "test_hr_sees_every_team",
    "test_head_of_service_sees_every_team",
    "test_service_managers_see_their_teams_only",
    "test_team_managers_see_one_team",
    "test_trends_iro_and_policy_pages",
    "test_admin_manages_users",
    "test_hr_tries_a_draft_policy",
    "test_a_draft_is_checked_before_it_runs",
    "test_every_table_downloads_for_those_who_may_see_it",
    "test_exception_filters",
    "test_worker_pages_obey_the_tree_rule",
    "test_worker_page_shows_cases_and_supervision_dates",
    "test_absences_only_within_the_management_line",
    "test_filters_cannot_widen_access",
    "test_exception_list_filters_and_sorts_by_days_late",
    "test_admin_removes_users",
    "test_hr_tries_a_draft_plugin",
    "test_left_manager_cannot_sign_in",
    "test_sign_out",
    "test_no_absence_reasons_anywhere",
    "test_access_log_names_user_and_path_not_cases",
    "test_slow_clients_do_not_starve_others",
    "test_one_answer_per_request",
    "test_access_log_is_one_line_per_request",
    "test_head_is_get_without_body",
    "test_new_password_ends_sessions",
    "test_team_ids_with_slash_and_hash",
    "test_password_appears_nowhere",  # last: it stops the server and looks at everything
]


def main():
    assert sorted(ORDER) == sorted(n for n in dir(DashboardHttp) if n.startswith("test_")), "ORDER is incomplete"
    suite = unittest.TestSuite(DashboardHttp(name) for name in ORDER)
    started = time.monotonic()
    try:
        result = unittest.TextTestRunner(stream=sys.stdout, verbosity=2).run(suite)
    finally:
        if "server" in _cache:
            _cache["server"].stop()
        if os.environ.get("KEEP_TMP"):
            print("kept " + TMP)
        else:
            shutil.rmtree(TMP, ignore_errors=True)
    failed = len(result.failures) + len(result.errors)
    print("dashboard_http: %.1f s" % (time.monotonic() - started))
    print("%d passed, %d failed" % (result.testsRun - failed, failed))
    sys.exit(1 if failed or not result.testsRun else 0)


if __name__ == "__main__":
    main()
