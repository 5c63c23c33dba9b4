#!/usr/bin/env python3
# The weekly email job against a real SMTP server (aiosmtpd) on loopback.
#
# Proves, for the reference council-a on 2024-03-01 (cli.md "Weekly emails and
# configuration", issue 5): every recipient of an exception gets exactly one exception
# email naming each of their case ids, and every head of service and service manager in
# post gets exactly one digest; every message is well-formed MIME (multipart/alternative,
# text + HTML, no defects in Python's parser), its HTML has no scripts or remote images and
# passes `tidy`; a second run for the same week sends nothing; with the relay down the run
# fails loudly, loses nothing, and a later run delivers each message exactly once; a 550 for
# one recipient does not stop the others (named on stderr, kept as 'rejected'), a 451 stays
# pending and is delivered later; STARTTLS and implicit TLS with AUTH PLAIN and LOGIN work
# against a certificate trusted through smtp.ca_file, a wrong password or an untrusted
# certificate delivers nothing; the password is in no output, state file or message.
#
# usage: weekly_smtp_test.py OVERSIGHT_BINARY REFERENCE_DATA_DIR   (tests/data/reference)
# Needs python3-aiosmtpd, tidy and openssl (scripts/setup). KEEP_TMP=1 keeps the temp dir.
import os
import sys

try:
    import aiosmtpd  # noqa: F401
except ImportError:
    # A python3 earlier on PATH (pyenv, a venv) may not see Debian's python3-aiosmtpd.
    system_python = "/usr/bin/python3"
    if (os.path.exists(system_python) and not os.environ.get("WEEKLY_SMTP_REEXEC")
            and os.path.realpath(sys.executable) != os.path.realpath(system_python)):
        os.environ["WEEKLY_SMTP_REEXEC"] = "1"
        os.execv(system_python, [system_python, os.path.abspath(__file__)] + sys.argv[1:])
    print("weekly_smtp_test: python3-aiosmtpd is not installed (scripts/setup installs it)", file=sys.stderr)
    sys.exit(2)

import base64
import collections
import csv
import email
import email.policy
import email.utils
import json
import logging
import re
import shutil
import socket
import sqlite3
import ssl
import subprocess
import tempfile
import threading
import unittest
import warnings

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

if len(sys.argv) != 3:
    print("usage: weekly_smtp_test.py OVERSIGHT_BINARY REFERENCE_DATA_DIR", file=sys.stderr)
    sys.exit(2)
BIN = os.path.abspath(sys.argv[1])
REF = os.path.abspath(sys.argv[2])
COUNCIL = os.path.join(REF, "council-a")

AS_OF = "2024-03-01"          # a Friday
WEEK = "2024-02-26"           # the Monday of its ISO week
FROM = "oversight@test.example"
FALLBACK = "unrouted@test.example"
USER = "oversight-relay"
PASSWORD = "S3cret-Pa55-word"
WRONG_PASSWORD = "Wr0ng-Pa55-word"
REJECTED = "550 5.1.1 no such user"
TRY_LATER = "451 4.3.0 try later"

logging.getLogger("mail.log").setLevel(logging.CRITICAL)  # aiosmtpd's own chatter
warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")  # the plain relay, on loopback

TMP = tempfile.mkdtemp(prefix="weekly_smtp_")
RUNS = []        # (what, stdout, stderr) of every oversight call, for the password test
STORES = []      # every store used, for the password test
RELAYS = []      # every relay started, for the password test
_cache = {}


# ---------------------------------------------------------------- helpers

def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Run:
    def __init__(self, rc, out, err):
        self.rc, self.out, self.err = rc, out, err

    def __repr__(self):
        return "exit %d\n--- stdout\n%s--- stderr\n%s" % (self.rc, self.out, self.err)


def oversight(*args, what=""):
    p = subprocess.run([BIN, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    out = p.stdout.decode("utf-8", "replace")
    err = p.stderr.decode("utf-8", "replace")
    RUNS.append((what or " ".join(args[:1]), out, err))
    # In the ASan+UBSan build a report fails the test even where the exit status is not checked.
    assert "Sanitizer" not in err and "runtime error:" not in err, "sanitizer report:\n" + err
    return Run(p.returncode, out, err)


def settings(port, **extra):
    s = {
        "smtp.host": "127.0.0.1", "smtp.port": str(port), "smtp.tls": "none",
        "smtp.user": USER, "smtp.password": PASSWORD, "smtp.timeout_seconds": "10",
        "mail.from": FROM, "mail.fallback": FALLBACK,
        # Every item listed, so that each case id is in its email (the summary after fewer
        # rows is weekly_email_structure_test's).
        "mail.rows_before_summary": "1000000",
    }
    s.update({k.replace("_", ".", 1): v for k, v in extra.items()})
    return s


def weekly(db, config, as_of=AS_OF):
    args = ["weekly", "--db", db, "--as-of", as_of]
    for k, v in config.items():
        if v is not None:
            args += ["-D", "%s=%s" % (k, v)]
    return oversight(*args, what="weekly " + as_of)


def template_store():
    if "template" not in _cache:
        d = os.path.join(TMP, "template")
        os.mkdir(d)
        db = os.path.join(d, "s.db")
        r = oversight("import", "--db", db, COUNCIL, what="import")
        assert r.rc == 0, "import failed: %r" % r
        extra = [f for f in os.listdir(d) if f != "s.db"]
        _cache["template"] = (db, not extra)  # a lone file can be copied
    return _cache["template"]


def new_store(name):
    """A fresh store holding council-a, with no state (no outbox, no runs) yet."""
    template, copyable = template_store()
    d = os.path.join(TMP, name)
    os.mkdir(d)
    db = os.path.join(d, "s.db")
    if copyable:
        shutil.copyfile(template, db)
    else:
        r = oversight("import", "--db", db, COUNCIL, what="import")
        assert r.rc == 0, "import failed: %r" % r
    STORES.append(db)
    return db


def outbox(db):
    """The outbox rows of FILE.state, as dicts."""
    con = sqlite3.connect("file:%s.state?mode=ro" % db, uri=True)
    try:
        con.row_factory = sqlite3.Row
        return [dict(r) for r in con.execute("SELECT * FROM outbox ORDER BY id")]
    finally:
        con.close()


def as_bytes(v):
    return v if isinstance(v, bytes) else str(v).encode("utf-8")


def parse(raw):
    return email.message_from_bytes(as_bytes(raw), policy=email.policy.default)


def message_id(raw):
    return str(parse(raw)["Message-ID"]).strip()


def html_of(msg):
    return msg.get_body(("html",)).get_content()


def text_of(msg):
    return msg.get_body(("plain",)).get_content()


def expected():
    """Recipients and case ids from `oversight check`, addresses from workers.csv."""
    if "expected" not in _cache:
        db, _ = template_store()
        r = oversight("check", "--db", db, "--as-of", AS_OF, "--format", "jsonl", what="check")
        assert r.rc == 0, "check failed: %r" % r
        with open(os.path.join(COUNCIL, "workers.csv"), encoding="utf-8-sig", newline="") as f:
            workers = {w["worker_id"]: w for w in csv.DictReader(f)}
        cases = collections.defaultdict(set)  # address -> case ids
        for line in r.out.splitlines():
            if not line.strip():
                continue
            e = json.loads(line)
            rid = e.get("recipient_id")
            address = (workers[rid]["email"] if rid else FALLBACK).lower()
            cases[address]  # every recipient, with or without case ids
            if e.get("case_id"):
                cases[address].add(e["case_id"])
        digests = {
            w["email"].lower() for w in workers.values()
            if w["role"] in ("head_of_service", "service_manager")
            and w["start_date"] <= AS_OF and (not w["end_date"] or AS_OF <= w["end_date"])
        }
        assert cases, "the reference council has no exceptions on %s" % AS_OF
        _cache["expected"] = (dict(cases), digests)
    return _cache["expected"]


# ---------------------------------------------------------------- the relay

class Received:
    def __init__(self, mail_from, rcpt_tos, data, login, tls):
        self.mail_from, self.rcpt_tos, self.data, self.login, self.tls = mail_from, rcpt_tos, data, login, tls


class Recorder:
    """An aiosmtpd handler that keeps every message and answers RCPT as told."""

    def __init__(self):
        self.lock = threading.Lock()
        self.messages = []
        self.answers = {}   # lower-case address -> reply to its RCPT
        self.auth_log = []  # (mechanism, login, success)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        answer = self.answers.get(address.lower())
        if answer:
            return answer
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        data = envelope.original_content if envelope.original_content is not None else envelope.content
        tls = server.transport.get_extra_info("ssl_object") is not None
        login = session.login_data if session.authenticated else None
        with self.lock:
            self.messages.append(Received(envelope.mail_from, list(envelope.rcpt_tos), as_bytes(data), login, tls))
        return "250 2.0.0 accepted"

    def authenticate(self, server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword) and auth_data.login == USER.encode()
              and auth_data.password == PASSWORD.encode())
        with self.lock:
            self.auth_log.append((mechanism, auth_data.login if isinstance(auth_data, LoginPassword) else None, ok))
        if ok:
            return AuthResult(success=True, auth_data=auth_data)
        return AuthResult(success=False, handled=False)  # aiosmtpd answers 535


def certificate():
    """A self-signed certificate for localhost and 127.0.0.1: (cert.pem, key.pem)."""
    if "cert" not in _cache:
        d = os.path.join(TMP, "tls")
        os.mkdir(d)
        cert, key = os.path.join(d, "cert.pem"), os.path.join(d, "key.pem")
        p = subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
             "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-days", "2",
             "-keyout", key, "-out", cert], stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
        assert p.returncode == 0, "openssl: " + p.stderr.decode("utf-8", "replace")
        _cache["cert"] = (cert, key)
    return _cache["cert"]


class Relay:
    """aiosmtpd on 127.0.0.1. tls: None, 'starttls' (required) or 'tls' (implicit).
    Always requires AUTH with USER/PASSWORD (over plaintext too, when tls is None)."""

    def __init__(self, port=None, tls=None):
        self.port = port or free_port()
        self.handler = Recorder()
        kw = dict(hostname="127.0.0.1", port=self.port, authenticator=self.handler.authenticate,
                  auth_required=True, auth_require_tls=tls == "starttls")
        if tls:
            cert, key = certificate()
            ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            ctx.load_cert_chain(cert, key)
            if tls == "starttls":
                kw.update(tls_context=ctx, require_starttls=True)
            else:
                kw.update(ssl_context=ctx)
        self.controller = Controller(self.handler, **kw)
        RELAYS.append(self)

    @property
    def messages(self):
        with self.handler.lock:
            return list(self.handler.messages)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()
        return False


def baseline():
    """One store, one relay, one run: the messages the content tests look at."""
    if "baseline" not in _cache:
        db = new_store("baseline")
        with Relay() as relay:
            run = weekly(db, settings(relay.port))
        _cache["baseline"] = (db, run, relay.messages, relay)
    return _cache["baseline"]


def kinds_by_message_id(db):
    return {message_id(row["message"]): (row["kind"], row["address"].lower()) for row in outbox(db)}


# ---------------------------------------------------------------- the tests

class WeeklySmtp(unittest.TestCase):
    maxDiff = 4000

    def assertDeliveredOnce(self, db, received, what):
        """Every outbox row was received exactly once, as itself, and is marked sent."""
        rows = outbox(db)
        ids = [message_id(m.data) for m in received]
        self.assertEqual(len(ids), len(set(ids)), "%s: a message arrived twice" % what)
        self.assertEqual(sorted(ids), sorted(message_id(r["message"]) for r in rows),
                         "%s: the relay did not receive exactly the outbox" % what)
        self.assertEqual({r["state"] for r in rows}, {"sent"}, what)

    def test_each_recipient_gets_one_exception_email_and_digest(self):
        db, run, received, _ = baseline()
        self.assertEqual(run.rc, 0, run)
        cases, digests = expected()
        kinds = kinds_by_message_id(db)
        got = collections.Counter()
        for m in received:
            msg = parse(m.data)
            mid = str(msg["Message-ID"]).strip()
            self.assertIn(mid, kinds, "a message that is not in the outbox arrived")
            kind, address = kinds[mid]
            to = [a.lower() for _, a in email.utils.getaddresses([str(msg["To"])])]
            self.assertEqual([r.lower() for r in m.rcpt_tos], [address], "envelope recipient")
            self.assertEqual(to, [address], "To: header")
            self.assertEqual(m.mail_from, FROM)
            got[(kind, address)] += 1
            if kind == "exceptions":
                text, html = text_of(msg), html_of(msg)
                missing = sorted(c for c in cases.get(address, ()) if c not in text or c not in html)
                self.assertEqual(missing, [], "case ids missing from the email to %s" % address)
        self.assertEqual([k for k, n in got.items() if n != 1], [], "more than one message of a kind")
        self.assertEqual(sorted(a for k, a in got if k == "exceptions"), sorted(cases),
                         "exception emails went to exactly the recipients of the exceptions")
        self.assertEqual(sorted(a for k, a in got if k == "digest"), sorted(digests),
                         "digests went to exactly the heads of service and service managers in post")
        self.assertEqual(sorted({k for k, _ in got}), ["digest", "exceptions"])
        self.assertDeliveredOnce(db, received, "first run")

    def test_messages_are_well_formed(self):
        _, _, received, _ = baseline()
        self.assertTrue(received, "nothing was delivered")
        remote = re.compile(r"""\b(src|background)\s*=\s*["']?\s*(https?:)?//""", re.I)
        for m in received:
            msg = parse(m.data)
            who = str(msg["To"])
            self.assertEqual(msg.defects, [], who)
            for part in msg.walk():
                self.assertEqual(part.defects, [], "%s: %s part" % (who, part.get_content_type()))
            for h in ("From", "To", "Subject", "Date", "Message-ID", "MIME-Version"):
                self.assertEqual(len(msg.get_all(h) or []), 1, "%s: header %s" % (who, h))
            self.assertEqual(msg.get_content_type(), "multipart/alternative", who)
            self.assertEqual([p.get_content_type() for p in msg.iter_parts()], ["text/plain", "text/html"], who)
            raw = m.data
            self.assertNotRegex(raw, rb"(?<!\r)\n", "%s: a bare LF" % who)
            self.assertLessEqual(max(len(l) for l in raw.split(b"\r\n")), 998, "%s: a line too long" % who)
            self.assertTrue(text_of(msg).strip(), who)
            html = html_of(msg)
            self.assertNotIn("<script", html.lower(), who)
            self.assertIsNone(remote.search(html), "%s: a remote image" % who)

    def test_html_passes_tidy(self):
        _, _, received, _ = baseline()
        self.assertIsNotNone(shutil.which("tidy"), "tidy is not installed (scripts/setup installs it)")
        d = os.path.join(TMP, "tidy")
        os.makedirs(d, exist_ok=True)
        problems = []
        for i, m in enumerate(received):
            msg = parse(m.data)
            path = os.path.join(d, "%02d.html" % i)
            with open(path, "w", encoding="utf-8") as f:
                f.write(html_of(msg))
            p = subprocess.run(["tidy", "-q", "-e", path], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               timeout=60)
            report = (p.stdout + p.stderr).decode("utf-8", "replace")
            errors = [l for l in report.splitlines() if " - Error: " in l]
            if p.returncode >= 2 or errors:
                problems.append("%s (exit %d):\n%s" % (msg["To"], p.returncode, report))
        self.assertEqual(problems, [], "tidy found errors")

    def test_second_run_same_week_sends_nothing(self):
        db, _, first, _ = baseline()
        before = outbox(db)
        already = {kinds_by_message_id(db)[message_id(m.data)] for m in first}
        with Relay() as relay:
            again = weekly(db, settings(relay.port))
            self.assertEqual(again.rc, 0, again)
            self.assertEqual(relay.messages, [], "the same run again sent something")
            self.assertEqual(len(outbox(db)), len(before), "the same run again queued something")
            # Other days of the same ISO week: nobody gets a second message of a kind.
            for day in ("2024-02-26", "2024-03-03"):
                r = weekly(db, settings(relay.port), as_of=day)
                self.assertIn(r.rc, (0,), r)
            kinds = kinds_by_message_id(db)
            twice = [kinds[message_id(m.data)] for m in relay.messages
                     if kinds[message_id(m.data)] in already]
            self.assertEqual(twice, [], "a second message of a kind in the same week")
        self.assertEqual([r for r in outbox(db) if r["week"] != WEEK], [])

    def test_relay_down_loses_nothing_and_delivers_once_later(self):
        cases, digests = expected()
        db = new_store("down")
        port = free_port()  # nothing listens there
        down = weekly(db, settings(port))
        self.assertEqual(down.rc, 1, down)
        self.assertIn(str(port), down.err, "the failure names the relay")
        rows = outbox(db)
        self.assertEqual(len(rows), len(cases) + len(digests), "every message is in the outbox")
        self.assertEqual({r["state"] for r in rows}, {"pending"})
        for r in rows:
            self.assertGreaterEqual(r["attempts"], 1)
            self.assertTrue(r["last_error"], "the outbox says why")
            self.assertEqual(parse(r["message"]).get_content_type(), "multipart/alternative")
        with Relay(port=port) as relay:
            later = weekly(db, settings(port))
            self.assertEqual(later.rc, 0, later)
            self.assertDeliveredOnce(db, relay.messages, "the run after the relay came back")
            third = weekly(db, settings(port))
            self.assertEqual(third.rc, 0, third)
            self.assertEqual(len(relay.messages), len(rows), "a run after delivery sent again")

    def test_refused_recipient_does_not_stop_the_others(self):
        cases, digests = expected()
        db = new_store("refused")
        refused = sorted(set(cases) - digests)[0]    # gets only an exception email
        later = sorted(digests & set(cases))[0]      # gets an exception email and a digest
        with Relay() as relay:
            relay.handler.answers = {refused: REJECTED, later: TRY_LATER}
            first = weekly(db, settings(relay.port))
            self.assertEqual(first.rc, 1, first)
            self.assertIn(refused, first.err, "the refused address is named on stderr")
            self.assertIn(later, first.err, "the address to retry is named on stderr")
            rows = outbox(db)
            by_address = collections.defaultdict(list)
            for r in rows:
                by_address[r["address"].lower()].append(r)
            self.assertEqual([r["state"] for r in by_address[refused]], ["rejected"])
            self.assertIn("550", by_address[refused][0]["last_error"])
            self.assertEqual([r["state"] for r in by_address[later]], ["pending", "pending"])
            others = [r for r in rows if r["address"].lower() not in (refused, later)]
            self.assertEqual({r["state"] for r in others}, {"sent"})
            delivered = sorted(message_id(m.data) for m in relay.messages)
            self.assertEqual(delivered, sorted(message_id(r["message"]) for r in others))

            relay.handler.answers = {refused: REJECTED}
            second = weekly(db, settings(relay.port))
            self.assertNotEqual(second.rc, 2, second)
            rows = outbox(db)
            states = {r["address"].lower(): set() for r in rows}
            for r in rows:
                states[r["address"].lower()].add(r["state"])
            self.assertEqual(states[refused], {"rejected"}, "the refused message is kept")
            self.assertEqual(states[later], {"sent"}, "the 451 messages were delivered on the next run")
            ids = [message_id(m.data) for m in relay.messages]
            self.assertEqual(len(ids), len(set(ids)), "a message arrived twice")
            self.assertEqual(sorted(ids), sorted(message_id(r["message"]) for r in rows if r["state"] == "sent"))
            self.assertNotIn(refused, [a.lower() for m in relay.messages for a in m.rcpt_tos])

    def _tls_delivery(self, tls, auth):
        cert, _ = certificate()
        db = new_store("%s-%s" % (tls, auth))
        with Relay(tls=tls) as relay:
            r = weekly(db, settings(relay.port, smtp_host="localhost", smtp_tls=tls, smtp_ca_file=cert,
                                    smtp_auth=auth))
            self.assertEqual(r.rc, 0, r)
            self.assertDeliveredOnce(db, relay.messages, "%s with AUTH %s" % (tls, auth))
            self.assertTrue(all(m.tls for m in relay.messages), "a message went unencrypted")
            self.assertTrue(all(m.login == USER.encode() for m in relay.messages), "a message went unauthenticated")
            self.assertIn((auth.upper(), USER.encode(), True), relay.handler.auth_log)

    def test_starttls_auth_plain(self):
        self._tls_delivery("starttls", "plain")

    # aiosmtpd's LOGIN challenges are "User Name"/"Password" (the SASL LOGIN draft), which
    # Poco's own AUTH LOGIN does not answer: the product does the exchange itself.
    def test_starttls_auth_login(self):
        self._tls_delivery("starttls", "login")

    def test_implicit_tls_auth_plain(self):
        self._tls_delivery("tls", "plain")

    def test_implicit_tls_auth_login(self):
        self._tls_delivery("tls", "login")

    def test_password_from_file(self):
        cert, _ = certificate()
        db = new_store("password-file")
        secret = os.path.join(TMP, "password-file", "smtp-password")
        with open(secret, "w") as f:
            f.write(PASSWORD + "\n")
        os.chmod(secret, 0o600)
        with Relay(tls="starttls") as relay:
            r = weekly(db, settings(relay.port, smtp_host="localhost", smtp_tls="starttls", smtp_ca_file=cert,
                                    smtp_password=None, smtp_password_file=secret))
            self.assertEqual(r.rc, 0, r)
            self.assertDeliveredOnce(db, relay.messages, "password from smtp.password_file")

    def _wrong_password(self, tls, auth):
        cert, _ = certificate()
        db = new_store("wrong-password-%s-%s" % (tls, auth))
        with Relay(tls=tls) as relay:
            r = weekly(db, settings(relay.port, smtp_host="localhost", smtp_tls=tls, smtp_ca_file=cert,
                                    smtp_auth=auth, smtp_password=WRONG_PASSWORD))
            self.assertEqual(relay.messages, [])
            self.assertEqual(r.rc, 1, r)
            self.assertIn(str(relay.port), r.err, "the failure names the relay, once: %r" % r)
            self.assertEqual({row["state"] for row in outbox(db)}, {"pending"}, "kept for a later try")

    def test_wrong_password_auth_plain_delivers_nothing(self):
        self._wrong_password("starttls", "plain")

    # A failed AUTH LOGIN fails the session: every message stays pending.
    def test_wrong_password_auth_login_delivers_nothing(self):
        self._wrong_password("tls", "login")

    # A relay that answers 530 "Authentication required" to MAIL FROM refuses the session,
    # not a recipient: the messages stay pending, to go out once the configuration is fixed.
    def test_relay_refusing_the_session_keeps_messages_pending(self):
        db = new_store("no-credentials")
        with Relay() as relay:
            r = weekly(db, settings(relay.port, smtp_user=None, smtp_password=None))
            self.assertEqual(r.rc, 1, r)
            self.assertEqual(relay.messages, [])
            states = collections.Counter(row["state"] for row in outbox(db))
            self.assertEqual(dict(states), {"pending": sum(states.values())},
                             "a refused session is not a refused recipient: %r" % r)
            again = weekly(db, settings(relay.port))
            self.assertEqual(again.rc, 0, again)
            self.assertDeliveredOnce(db, relay.messages, "the run with credentials")

    def test_untrusted_certificate_delivers_nothing(self):
        db = new_store("untrusted")
        with Relay(tls="tls") as relay:
            r = weekly(db, settings(relay.port, smtp_host="localhost", smtp_tls="tls"))  # no smtp.ca_file
            self.assertEqual(r.rc, 1, r)
            self.assertEqual(relay.messages, [])
            self.assertEqual(relay.handler.auth_log, [], "the password went to an unverified server")
            self.assertEqual({row["state"] for row in outbox(db)}, {"pending"})

    def test_password_appears_nowhere(self):
        baseline()
        # A few more places a setting could be echoed: usage, a bad setting, a bad store.
        oversight("weekly", "--help", "-D", "smtp.password=" + PASSWORD, what="weekly --help")
        bad = new_store("bad-setting")
        r = weekly(bad, settings(free_port(), smtp_tls="bogus"))
        self.assertEqual(r.rc, 2, r)
        weekly(os.path.join(TMP, "no-such-dir", "s.db"), settings(free_port()))

        forms = []
        for secret in (PASSWORD, WRONG_PASSWORD):
            for s in (secret, "\0%s\0%s" % (USER, secret), "%s\0%s\0%s" % (USER, USER, secret)):
                forms.append(s.encode() if s == secret else base64.b64encode(s.encode()))
            forms.append(base64.b64encode(secret.encode()))

        def leaks(blob):
            blob = as_bytes(blob)
            return [f.decode("latin-1") for f in forms if f in blob]

        def message_leaks(raw):
            found = leaks(raw)
            for part in parse(raw).walk():
                if not part.is_multipart():
                    found += leaks(part.get_payload(decode=True) or b"")
            return found

        found = []
        self.assertGreater(len(RUNS), 5)
        for what, out, err in RUNS:
            found += ["%s stdout: %s" % (what, f) for f in leaks(out)]
            found += ["%s stderr: %s" % (what, f) for f in leaks(err)]
        for db in STORES:
            for suffix in (".state", ".state-wal", ".state-shm", ""):
                path = db + suffix
                if os.path.exists(path):
                    with open(path, "rb") as f:
                        found += ["%s: %s" % (path, x) for x in leaks(f.read())]
            if os.path.exists(db + ".state"):
                for row in outbox(db):
                    found += ["outbox %s: %s" % (row["address"], x) for x in message_leaks(row["message"])]
        for relay in RELAYS:
            for m in relay.messages:
                found += ["message to %s: %s" % (m.rcpt_tos, x) for x in message_leaks(m.data)]
        self.assertGreater(sum(len(r.messages) for r in RELAYS), 0)
        self.assertEqual(found, [], "the password leaked")


ORDER = [
    "test_each_recipient_gets_one_exception_email_and_digest",
    "test_messages_are_well_formed",
    "test_html_passes_tidy",
    "test_second_run_same_week_sends_nothing",
    "test_relay_down_loses_nothing_and_delivers_once_later",
    "test_refused_recipient_does_not_stop_the_others",
    "test_starttls_auth_plain",
    "test_starttls_auth_login",
    "test_implicit_tls_auth_plain",
    "test_implicit_tls_auth_login",
    "test_password_from_file",
    "test_wrong_password_auth_plain_delivers_nothing",
    "test_wrong_password_auth_login_delivers_nothing",
    "test_relay_refusing_the_session_keeps_messages_pending",
    "test_untrusted_certificate_delivers_nothing",
    "test_password_appears_nowhere",  # last: it looks at everything the others produced
]


def main():
    assert sorted(ORDER) == sorted(n for n in dir(WeeklySmtp) if n.startswith("test_")), "ORDER is incomplete"
    suite = unittest.TestSuite(WeeklySmtp(name) for name in ORDER)
    try:
        result = unittest.TextTestRunner(stream=sys.stdout, verbosity=2).run(suite)
    finally:
        if os.environ.get("KEEP_TMP"):
            print("kept " + TMP)
        else:
            shutil.rmtree(TMP, ignore_errors=True)
    failed = len(result.failures) + len(result.errors)
    print("%d passed, %d failed" % (result.testsRun - failed, failed))
    sys.exit(1 if failed or not result.testsRun else 0)


if __name__ == "__main__":
    main()
