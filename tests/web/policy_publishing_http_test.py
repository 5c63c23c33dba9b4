#!/usr/bin/env python3
# Publishing policy over HTTP (issue 13, part 5) against a real `oversight serve` on
# loopback, for the reference council-a on 2024-03-01.
#
# Proves: /policies lists version 1, the repository's, in force; a draft previewed on the
# what-if page carries a "Propose this draft" form holding exactly that draft; proposing
# needs a reason and a draft `policy check` passes (its findings in the draft's words, no
# temporary path); a proposal is not in force; its author is refused with 403 when
# approving it (the form is not shown to them either), and so is a team manager; another
# HR user approves it and the dashboard runs it from then on (what-if opens on its
# settings); an older version is restored through a proposal another person approves; an
# admin rejects a proposal with a reason; a what-if run is never a version; every value is
# HTML-escaped; a POST without the session's csrf token is 403.
#
# usage: policy_publishing_http_test.py OVERSIGHT_BINARY REFERENCE_DATA_DIR   (tests/data/reference)
# Python 3 standard library only. KEEP_TMP=1 keeps the temp dir.
import html
import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request

if len(sys.argv) != 3:
    print("usage: policy_publishing_http_test.py OVERSIGHT_BINARY REFERENCE_DATA_DIR", file=sys.stderr)
    sys.exit(2)
BIN = os.path.abspath(sys.argv[1])
COUNCIL = os.path.join(os.path.abspath(sys.argv[2]), "council-a")
SOURCE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
AS_OF = "2024-03-01"
TIMEOUT = 300
TMP = tempfile.mkdtemp(prefix="policy_publishing_http_")
USERS = {
    "hr1": ("hr", "", "hr1-Pa55word-publish-1"),
    "hr2": ("hr", "", "hr2-Pa55word-publish-2"),
    "adm1": ("admin", "", "adm1-Pa55word-publish-3"),
    "tm1": ("manager", "W0006", "tm1-Pa55word-publish-4"),  # T01's team manager
}
with open(os.path.join(SOURCE, "config", "policy.lua"), encoding="utf-8") as f:
    SHIPPED = f.read()
DRAFT = SHIPPED.replace("CIN = days(42)", "CIN = days(14)")
MISSPELT = SHIPPED.replace("due_soon_window = days(7),", "due_son_window = days(7),", 1)


def oversight(*args, stdin=None):
    p = subprocess.run([BIN, *args], input=stdin, capture_output=True, timeout=TIMEOUT)
    assert p.returncode == 0, "%s: exit %d\n%s" % (" ".join(args), p.returncode, p.stderr.decode())
    return p.stdout.decode()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self):
        self.db = os.path.join(TMP, "s.db")
        oversight("import", "--quiet", "--db", self.db, COUNCIL)
        for name, (role, worker, password) in USERS.items():
            args = ["user", "add", "--db", self.db, "--username", name, "--role", role]
            oversight(*(args + (["--worker-id", worker] if worker else [])), stdin=(password + "\n").encode())
        self.port = free_port()
        self.err = open(os.path.join(TMP, "serve.err"), "wb")
        self.proc = subprocess.Popen(
            [BIN, "serve", "--db", self.db, "--listen", "127.0.0.1:%d" % self.port, "-D", "dashboard.as_of=" + AS_OF,
             "-D", "weekly.weekday=7", "-D", "weekly.time=23:59", "-D", "smtp.host=127.0.0.1",
             "-D", "smtp.port=%d" % free_port(), "-D", "smtp.tls=none"],
            stdout=self.err, stderr=self.err, stdin=subprocess.DEVNULL, cwd=TMP)
        deadline = time.monotonic() + 120
        while True:
            assert self.proc.poll() is None, "serve exited at start"
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                assert time.monotonic() < deadline, "serve did not listen"
                time.sleep(0.1)

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=60)
        self.err.close()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):
        return None


class Answer:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.text = status, headers, body.decode("utf-8", "replace")

    def __repr__(self):
        return "HTTP %d\n%s" % (self.status, self.text[:800])


class Client:
    def __init__(self, username):
        self.opener = urllib.request.build_opener(NoRedirect(), urllib.request.HTTPCookieProcessor(
            http.cookiejar.CookieJar()))
        token = csrf(self.get("/sign-in").text)
        a = self.post("/sign-in", {"username": username, "password": USERS[username][2], "csrf_token": token})
        assert a.status == 303, "%s could not sign in: %r" % (username, a)
        self.token = csrf(self.get("/").text)

    def request(self, method, path, form=None):
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        req = urllib.request.Request("http://127.0.0.1:%d%s" % (SERVER.port, path), data=data, method=method)
        try:
            with self.opener.open(req, timeout=TIMEOUT) as r:
                return Answer(r.status, r.headers, r.read())
        except urllib.error.HTTPError as e:
            return Answer(e.code, e.headers, e.read())

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, form):
        return self.request("POST", path, form)

    def act(self, path, **form):
        return self.post(path, dict(form, csrf_token=self.token))


def csrf(page):
    m = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert m, "no csrf_token in the page"
    return m.group(1)


def hidden(page, action, name):
    """The value of the hidden input `name` in the form posting to `action`."""
    form = re.search(r'<form method="post" action="%s".*?</form>' % re.escape(action), page, re.S)
    assert form, "no form posting to %s" % action
    m = re.search(r'<input type="hidden" name="%s" value="([^"]*)"' % name, form.group(0))
    return html.unescape(m.group(1)) if m else None


def in_force(page):
    m = re.search(r'<p class="govuk-body" id="in-force">Version (\d+) is in force', page)
    return int(m.group(1)) if m else None


SERVER = None


class Publishing(unittest.TestCase):
    def test_propose_approve_restore_reject(self):
        hr1, hr2, adm1, tm1 = Client("hr1"), Client("hr2"), Client("adm1"), Client("tm1")
        listed = hr1.get("/policies")
        self.assertEqual(listed.status, 200, listed)
        self.assertEqual(in_force(listed.text), 1)
        self.assertIn('id="version-1"', listed.text)
        self.assertIn("the repository", listed.text)
        self.assertIn('id="runs"', listed.text)  # the runs and the policy they used stay below

        # A manager sees none of it and can do none of it.
        for path in ["/policies", "/policies/1"]:
            self.assertEqual(tm1.get(path).status, 403, path)
        for path in ["/policies/propose", "/policies/1/restore", "/policies/1/approve"]:
            self.assertEqual(tm1.act(path, reason="x", settings=DRAFT).status, 403, path)

        # What-if: the draft previewed carries a form that proposes exactly it.
        tried = hr1.act("/whatif", settings=DRAFT, plugin="")
        self.assertEqual(tried.status, 200, tried)
        self.assertIn("What the draft changes", tried.text)
        self.assertEqual(hidden(tried.text, "/policies/propose", "settings").replace("\r", ""), DRAFT)
        self.assertEqual(in_force(hr1.get("/policies").text), 1)
        self.assertNotIn('id="version-2"', hr1.get("/policies").text, "a what-if run is never a version")

        # A reason is needed, and a draft that policy check passes.
        no_reason = hr1.act("/policies/propose", settings=DRAFT, plugin="", reason=" ")
        self.assertEqual(no_reason.status, 400, no_reason)
        self.assertIn("needs a reason", no_reason.text)
        wrong = hr1.act("/policies/propose", settings=MISSPELT, plugin="", reason="typo")
        self.assertEqual(wrong.status, 400, wrong)
        self.assertIn("due_son_window: unknown setting", wrong.text)
        self.assertNotIn("/tmp/", wrong.text)
        self.assertNotIn('id="version-2"', hr1.get("/policies").text)

        proposed = hr1.act("/policies/propose", settings=DRAFT.replace("\n", "\r\n"), plugin="",
                           reason="Children in need <seen> fortnightly")
        self.assertEqual(proposed.status, 303, proposed)
        self.assertEqual(proposed.headers["Location"], "/policies/2")
        page = hr1.get("/policies/2")
        self.assertEqual(page.status, 200, page)
        self.assertIn("Children in need &lt;seen&gt; fortnightly", page.text)
        self.assertNotIn("<seen>", page.text)
        self.assertIn("<ins>+ ", page.text)
        self.assertIn("CIN = days(14)", page.text)
        self.assertIn("You proposed this version", page.text)
        self.assertNotIn('action="/policies/2/approve"', page.text, "the author is not offered Approve")
        self.assertEqual(in_force(hr1.get("/policies").text), 1, "proposed is not in force")

        # The author cannot approve it, whatever they post; nor without the csrf token anyone.
        own = hr1.act("/policies/2/approve")
        self.assertEqual(own.status, 403, own)
        self.assertIn("never its author", own.text)
        self.assertEqual(hr2.post("/policies/2/approve", {"csrf_token": "forged"}).status, 403)
        self.assertEqual(in_force(hr1.get("/policies").text), 1)

        # Another HR user approves it; the dashboard runs it from then on.
        self.assertIn('action="/policies/2/approve"', hr2.get("/policies/2").text)
        approved = hr2.act("/policies/2/approve")
        self.assertEqual(approved.status, 303, approved)
        listed = hr1.get("/policies").text
        self.assertEqual(in_force(listed), 2)
        self.assertIn("approved by hr2", listed)
        self.assertIn("CIN = days(14)", hr1.get("/whatif").text, "what-if opens on the version in force")
        self.assertEqual(hr2.act("/policies/2/approve").status, 409, "approved once only")

        # Restore version 1: a proposal like any other, approved by someone else.
        restored = hr2.act("/policies/1/restore", reason="Back to six weeks")
        self.assertEqual(restored.status, 303, restored)
        self.assertEqual(restored.headers["Location"], "/policies/3")
        page = hr2.get("/policies/3").text
        self.assertIn('href="/policies/1">Version 1</a>', page)
        self.assertIn("CIN = days(42)", page)
        self.assertEqual(hr2.act("/policies/3/approve").status, 403)
        self.assertEqual(hr1.act("/policies/3/approve").status, 303)
        self.assertEqual(in_force(hr1.get("/policies").text), 3)
        self.assertIn("CIN = days(42)", hr1.get("/whatif").text)

        # An admin turns a proposal down, with a reason.
        self.assertEqual(hr1.act("/policies/propose", settings=DRAFT, plugin="", reason="Again").status, 303)
        self.assertEqual(adm1.act("/policies/4/reject", reason="").status, 400)
        rejected = adm1.act("/policies/4/reject", reason="Not this quarter")
        self.assertEqual(rejected.status, 303, rejected)
        page = hr1.get("/policies/4").text
        self.assertIn("Rejected by", page)
        self.assertIn("Not this quarter", page)
        self.assertEqual(hr2.act("/policies/4/approve").status, 409)
        self.assertEqual(in_force(hr1.get("/policies").text), 3)
        self.assertEqual(hr1.get("/policies/99").status, 404)


def main():
    global SERVER
    started = time.monotonic()
    SERVER = Server()
    try:
        result = unittest.TextTestRunner(verbosity=2).run(unittest.defaultTestLoader.loadTestsFromTestCase(Publishing))
    finally:
        SERVER.stop()
        if os.environ.get("KEEP_TMP"):
            print("kept " + TMP)
        else:
            shutil.rmtree(TMP, ignore_errors=True)
    failed = len(result.failures) + len(result.errors)
    print("policy_publishing_http: %.1f s" % (time.monotonic() - started))
    print("%d passed, %d failed" % (result.testsRun - failed, failed))
    sys.exit(1 if failed or not result.testsRun else 0)


if __name__ == "__main__":
    main()
