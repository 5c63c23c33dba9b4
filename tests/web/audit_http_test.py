#!/usr/bin/env python3
# The audit trail on the dashboard (issue 18), against a real `oversight serve` on
# loopback with the reference council-a.
#
# Proves: a sign-in, a refused sign-in (wrong password; a name that is no user's, recorded
# without what was typed), a CSV and a JSON download appear in the trail with who did
# them; admins see it at /audit (linked from the navigation) and download it as
# /audit.csv; a manager and HR get 403 on both and no link; every value is encoded for
# its destination (HTML escaped, CSV cells that a spreadsheet would run defused); no case
# id is in the trail.
#
# usage: audit_http_test.py OVERSIGHT_BINARY REFERENCE_DATA_DIR   (tests/data/reference)
# Python 3 standard library only. KEEP_TMP=1 keeps the temp dir.
import csv
import html
import http.cookiejar
import io
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
    print("usage: audit_http_test.py OVERSIGHT_BINARY REFERENCE_DATA_DIR", file=sys.stderr)
    sys.exit(2)
BIN = os.path.abspath(sys.argv[1])
COUNCIL = os.path.join(os.path.abspath(sys.argv[2]), "council-a")
AS_OF = "2024-03-01"
TIMEOUT = 120
CASE_ID = re.compile(r"\bC\d{3,}\b")
TMP = tempfile.mkdtemp(prefix="audit_http_")

with open(os.path.join(COUNCIL, "teams.csv"), encoding="utf-8-sig", newline="") as f:
    T01_MANAGER = [t for t in csv.DictReader(f) if t["team_id"] == "T01"][0]["manager_id"]
USERS = {
    "admin1": ("admin", "", "admin1-Pa55word-b8Ny"),
    "hr1": ("hr", "", "hr1-Pa55word-f6Qs"),
    "tm1": ("manager", T01_MANAGER, "tm1-Pa55word-q7Zr"),
}
TYPED_NAME = "not-a-user-Typed-Pa55word"  # what someone typed as a name: it must not be kept


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def oversight(*args, stdin=None):
    p = subprocess.run([BIN, *args], input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
    err = p.stderr.decode("utf-8", "replace")
    assert "Sanitizer" not in err and "runtime error:" not in err, "sanitizer report:\n" + err
    assert p.returncode == 0, "%s: exit %d\n%s" % (" ".join(args), p.returncode, err)


class Server:
    def __init__(self):
        self.db = os.path.join(TMP, "s.db")
        oversight("import", "--quiet", "--db", self.db, COUNCIL)
        for name, (role, worker, password) in USERS.items():
            args = ["user", "add", "--db", self.db, "--username", name, "--role", role]
            if worker:
                args += ["--worker-id", worker]
            oversight(*args, stdin=(password + "\n").encode())
        self.port = free_port()
        self.err_path = os.path.join(TMP, "serve.err")
        args = [BIN, "serve", "--db", self.db, "--listen", "127.0.0.1:%d" % self.port,
                "-D", "dashboard.as_of=" + AS_OF, "-D", "weekly.weekday=7", "-D", "weekly.time=23:59",
                "-D", "smtp.host=127.0.0.1", "-D", "smtp.port=%d" % free_port(), "-D", "smtp.tls=none"]
        with open(self.err_path, "wb") as err:
            self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=err, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while True:
            if self.proc.poll() is not None:
                raise AssertionError("serve exited at start:\n" + self.stderr())
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    break
            except OSError:
                assert time.monotonic() < deadline, "serve did not listen:\n" + self.stderr()
                time.sleep(0.1)

    def stderr(self):
        with open(self.err_path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait()


SERVER = None


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class Client:
    def __init__(self):
        self.opener = urllib.request.build_opener(NoRedirect(), urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def request(self, method, path, form=None):
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        req = urllib.request.Request("http://127.0.0.1:%d%s" % (SERVER.port, path), data=data, method=method)
        try:
            with self.opener.open(req, timeout=TIMEOUT) as r:
                return r.status, r.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode("utf-8", "replace")

    def sign_in(self, username, password):
        status, page = self.request("GET", "/sign-in")
        assert status == 200, page
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        status, _ = self.request("POST", "/sign-in", {"username": username, "password": password, "csrf_token": token})
        return status


def signed_in(username):
    c = Client()
    status = c.sign_in(username, USERS[username][2])
    assert status == 303, "%s could not sign in: %d" % (username, status)
    return c


def trail(client):
    status, text = client.request("GET", "/audit.csv")
    assert status == 200, text
    return list(csv.DictReader(io.StringIO(text)))


class AuditTrailOnTheDashboard(unittest.TestCase):
    def test_sign_ins_refusals_and_downloads_are_in_the_trail_that_admins_see(self):
        self.assertEqual(Client().sign_in("admin1", "Wr0ng-Pa55word-zz"), 401)
        self.assertEqual(Client().sign_in(TYPED_NAME, "Wr0ng-Pa55word-zz"), 401)
        admin = signed_in("admin1")
        status, teams_csv = admin.request("GET", "/teams.csv")
        self.assertEqual(status, 200)
        status, _ = admin.request("GET", "/api/teams")
        self.assertEqual(status, 200)

        rows = trail(admin)
        self.assertEqual(list(rows[0].keys()), ["at", "who", "action", "detail"])
        events = [(r["who"], r["action"], r["detail"]) for r in rows]
        self.assertIn(("admin1", "sign-in", "from 127.0.0.1"), events)
        self.assertIn(("admin1", "sign-in refused", "from 127.0.0.1"), events)
        self.assertIn(("(no such user)", "sign-in refused", "from 127.0.0.1"), events)
        self.assertIn(("admin1", "export csv", "/teams.csv"), events)
        self.assertIn(("admin1", "export json", "/api/teams"), events)
        self.assertIn(("cli:", "user added"), {(w[:4], a) for w, a, _ in events})
        for r in rows:
            self.assertRegex(r["at"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
        # Newest first: the refusals came before the sign-in, the sign-in before the downloads.
        order = [e[1] for e in events]
        self.assertLess(order.index("export json"), order.index("sign-in"))
        self.assertLess(order.index("sign-in"), order.index("sign-in refused"))

        status, page = admin.request("GET", "/audit")
        self.assertEqual(status, 200)
        self.assertIn("Audit trail", page)
        self.assertIn('href="/audit.csv"', page)
        self.assertIn('href="/audit"', page)  # the navigation
        self.assertIn("export csv", page)

        for kept in (SERVER.db + ".state", SERVER.db + ".state-wal"):  # the state store, all of it
            if os.path.exists(kept):
                with open(kept, "rb") as f:
                    self.assertNotIn(TYPED_NAME.encode(), f.read(), kept)
        for r in trail(admin):
            self.assertIsNone(CASE_ID.search(" ".join(r.values())), r)

    def test_managers_and_hr_get_403_and_no_link(self):
        for name in ("tm1", "hr1"):
            c = signed_in(name)
            for path in ("/audit", "/audit.csv"):
                status, _ = c.request("GET", path)
                self.assertEqual(status, 403, "%s %s" % (name, path))
            status, page = c.request("GET", "/trends")
            self.assertEqual(status, 200)
            self.assertNotIn('href="/audit"', page)
        admin = signed_in("admin1")
        events = [(r["who"], r["action"]) for r in trail(admin)]
        self.assertIn(("tm1", "sign-in"), events)
        self.assertNotIn(("tm1", "export csv"), events)  # a refused download is none

    def test_every_value_is_encoded_for_the_page_and_the_csv(self):
        hostile = ("<script>alert(1)</script>", "=HYPERLINK(\"http://x.example\")", "+1-2")
        with sqlite3.connect(SERVER.db + ".state") as state:  # a value the trail could hold
            state.execute("INSERT INTO audit_trail(at, who, action, detail) VALUES (?,?,?,?)",
                          ("2026-01-01T00:00:00Z",) + hostile)
        admin = signed_in("admin1")
        status, page = admin.request("GET", "/audit")
        self.assertEqual(status, 200)
        self.assertNotIn("<script>alert", page)
        self.assertIn(html.escape("<script>alert(1)</script>", quote=False), page)
        rows = trail(admin)
        mine = [r for r in rows if r["at"] == "2026-01-01T00:00:00Z"]
        self.assertEqual(len(mine), 1)
        self.assertEqual(mine[0]["who"], hostile[0])
        self.assertEqual(mine[0]["action"], "'" + hostile[1])
        self.assertEqual(mine[0]["detail"], "'" + hostile[2])


if __name__ == "__main__":
    SERVER = Server()
    try:
        ok = unittest.main(argv=[sys.argv[0]], verbosity=2, exit=False).result.wasSuccessful()
    finally:
        SERVER.stop()
        log = SERVER.stderr()
        if "Sanitizer" in log or "runtime error:" in log:  # the ASan+UBSan build's reports fail the test
            print("sanitizer report from serve:\n" + log, file=sys.stderr)
            ok = False
        if os.environ.get("KEEP_TMP"):
            print("kept " + TMP, file=sys.stderr)
        else:
            shutil.rmtree(TMP, ignore_errors=True)
    sys.exit(0 if ok else 1)
