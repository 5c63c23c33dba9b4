#!/usr/bin/env python3
# Whom a weekly email goes to, whatever the extract says (issue 12, items 15 and 16).
#
# Proves, on council-b (2023-06-30) with hostile names and addresses written into its
# workers.csv: every message, sent to a real SMTP server (aiosmtpd) on loopback or written
# to an outbox folder, parses (Python's `email`, policy.default) with exactly one To
# address, the intended one, whose display name is the worker's name (control characters
# as spaces); the envelope names exactly that address; an address that could name anyone
# else is refused at import (`workers.csv:LINE: email: ...`) or, from mail.fallback or
# outside ASCII, at send, naming whose it was; the outbox folder holds one short-named file for each message
# marked written, whatever the addresses (`a/b@x` beside `a_b@x`, 300 bytes).
#
# usage: weekly_recipients_test.py OVERSIGHT_BINARY REFERENCE_DATA_DIR   (tests/data/reference)
# Needs python3-aiosmtpd (scripts/setup). KEEP_TMP=1 keeps the temp dir.
import os
import sys

try:
    import aiosmtpd  # noqa: F401
except ImportError:
    # A python3 earlier on PATH (pyenv, a venv) may not see Debian's python3-aiosmtpd.
    system_python = "/usr/bin/python3"
    if (os.path.exists(system_python) and not os.environ.get("WEEKLY_RECIPIENTS_REEXEC")
            and os.path.realpath(sys.executable) != os.path.realpath(system_python)):
        os.environ["WEEKLY_RECIPIENTS_REEXEC"] = "1"
        os.execv(system_python, [system_python, os.path.abspath(__file__)] + sys.argv[1:])
    print("weekly_recipients_test: python3-aiosmtpd is not installed (scripts/setup installs it)", file=sys.stderr)
    sys.exit(2)

import csv
import email
import email.policy
import io
import logging
import re
import shutil
import socket
import sqlite3
import subprocess
import tempfile
import threading
import unittest

from aiosmtpd.controller import Controller

if len(sys.argv) != 3:
    print("usage: weekly_recipients_test.py OVERSIGHT_BINARY REFERENCE_DATA_DIR", file=sys.stderr)
    sys.exit(2)
BIN = os.path.abspath(sys.argv[1])
COUNCIL = os.path.join(os.path.abspath(sys.argv[2]), "council-b")
AS_OF = "2023-06-30"
STALE_AS_OF = "2099-06-30"  # long after the import
FROM = "oversight@test.example"
FALLBACK = "unrouted@test.example"
EVIL = "evil@attacker.example"

# Names that once broke the To header or added a recipient, for workers who get email on
# AS_OF (W0002..W0004 an exception email and a digest, W0006 and W0020 an exception
# email); W0001 keeps council-b's `Alex "Al" Jones`.
HOSTILE_NAMES = {
    "W0002": 'Zoë "Z" Brön-Ångström',
    "W0003": 'Eve", <%s>, "x' % EVIL,
    "W0004": "Mal <%s>, %s" % (EVIL, EVIL),
    "W0006": 'Back\\slash "q"\r\nBcc: %s' % EVIL,
}
LONG_NAME = " ".join(["Ōwēn"] * 30)  # far longer than one 75-character encoded word
# Addresses that once shared one outbox file, or could not be one.
SLASH, UNDERSCORE, LONG = "a/b@x.example", "a_b@x.example", "l" * 286 + "@x.example"

logging.getLogger("mail.log").setLevel(logging.CRITICAL)
TMP = tempfile.mkdtemp(prefix="weekly_recipients_")


def oversight(*args):
    p = subprocess.run([BIN, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    err = p.stderr.decode("utf-8", "replace")
    assert "Sanitizer" not in err and "runtime error:" not in err, "sanitizer report:\n" + err
    return p.returncode, p.stdout.decode("utf-8", "replace"), err


def council(name, names=None, emails=None):
    """A copy of council-b with some workers' names and emails replaced: (folder, rows)."""
    d = os.path.join(TMP, name)
    shutil.copytree(COUNCIL, d)
    path = os.path.join(d, "workers.csv")
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    header = [h.lower() for h in rows[0]]
    wid, wname, wemail = header.index("worker_id"), header.index("name"), header.index("email")
    for row in rows[1:]:
        row[wname] = (names or {}).get(row[wid], row[wname])
        row[wemail] = (emails or {}).get(row[wid], row[wemail])
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(out.getvalue())
    return d, [dict(zip(header, r)) for r in rows[1:]]


def imported(name, names=None, emails=None):
    """A store of the changed council: (db, {lower-case address: expected display name})."""
    folder, workers = council(name, names, emails)
    db = os.path.join(TMP, name + ".db")
    rc, _, err = oversight("import", "--db", db, folder)
    assert rc == 0, "import failed:\n" + err
    shown = {w["email"].lower(): re.sub(r"[\x00-\x1f\x7f]", " ", w["name"]) for w in workers}
    return db, shown


def weekly(db, *extra, fallback=FALLBACK, port=None, as_of=AS_OF):
    args = ["weekly", "--db", db, "--as-of", as_of, "-D", "mail.from=" + FROM, "-D", "mail.fallback=" + fallback]
    if port:
        args += ["-D", "smtp.host=127.0.0.1", "-D", "smtp.port=%d" % port, "-D", "smtp.tls=none",
                 "-D", "smtp.timeout_seconds=10"]
    return oversight(*args, *extra)


def outbox(db):
    con = sqlite3.connect("file:%s.state?mode=ro" % db, uri=True)
    try:
        con.row_factory = sqlite3.Row
        return [dict(r) for r in con.execute("SELECT * FROM outbox ORDER BY id")]
    finally:
        con.close()


def parse(raw):
    return email.message_from_bytes(raw if isinstance(raw, bytes) else raw.encode("utf-8"),
                                    policy=email.policy.default)


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.messages = []  # (envelope recipients, bytes)

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append((list(envelope.rcpt_tos), envelope.original_content or envelope.content))
        return "250 2.0.0 accepted"


class Relay:
    def __enter__(self):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.handler = Recorder()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()
        return False


class WeeklyRecipients(unittest.TestCase):
    maxDiff = 4000

    def assertOneIntendedRecipient(self, raw, address, shown, what):
        msg = parse(raw)
        self.assertEqual(msg.defects, [], what)
        self.assertEqual(len(msg.get_all("To")), 1, what)
        to = msg["To"]
        self.assertEqual(to.defects, (), "%s: %r" % (what, str(to)))
        self.assertEqual(len(to.addresses), 1, "%s: To: %r" % (what, str(to)))
        self.assertEqual(to.addresses[0].addr_spec.lower(), address, what)
        self.assertEqual(to.addresses[0].display_name, shown.get(address, ""), what)

    def test_hostile_names_leave_one_intended_recipient(self):
        db, shown = imported("names", dict(HOSTILE_NAMES, W0020=LONG_NAME))
        with Relay() as relay:
            rc, _, err = weekly(db, port=relay.port)
            self.assertEqual(rc, 0, err)
        rows = outbox(db)
        by_id = {str(parse(r["message"])["Message-ID"]).strip(): r["address"].lower() for r in rows}
        hostile = {w.lower() + "@council.example" for w in ["W0001", "W0020", *HOSTILE_NAMES]}
        self.assertEqual(hostile - set(by_id.values()), set(), "every hostile name got an email")
        self.assertEqual(len(relay.handler.messages), len(rows))
        for rcpt_tos, raw in relay.handler.messages:
            address = by_id[str(parse(raw)["Message-ID"]).strip()]
            self.assertEqual([r.lower() for r in rcpt_tos], [address], "the envelope")
            self.assertOneIntendedRecipient(raw, address, shown, "message to " + address)

    def test_outbox_folder_holds_one_short_named_file_per_written_message(self):
        db, shown = imported("files", HOSTILE_NAMES, {"W0002": SLASH, "W0003": UNDERSCORE, "W0004": LONG})
        folder = os.path.join(TMP, "files-outbox")
        rc, _, err = weekly(db, "--outbox", folder)
        self.assertEqual(rc, 0, err)
        written = int(re.search(r"(\d+) written to", err).group(1))
        rows = outbox(db)
        self.assertEqual({r["state"] for r in rows}, {"written"})
        files = sorted(f for f in os.listdir(folder))
        self.assertTrue(all(f.endswith(".eml") for f in files), files)
        self.assertEqual(len(files), len(rows), "one file for each message")
        self.assertEqual(written, len(files), "the run's count is the files that exist")
        self.assertLessEqual(max(len(f.encode()) for f in files), 100)
        contents = {}
        for f in files:
            with open(os.path.join(folder, f), "rb") as fh:
                contents[fh.read()] = f
        for r in rows:
            raw = r["message"].encode("utf-8") if isinstance(r["message"], str) else r["message"]
            self.assertIn(raw, contents, "the message to %s is in a file of its own" % r["address"])
            self.assertOneIntendedRecipient(raw, r["address"].lower(), shown, contents[raw])
        for address in (SLASH, UNDERSCORE, LONG):
            self.assertIn(address, [r["address"] for r in rows])
        rc, _, err = weekly(db, "--outbox", folder)
        self.assertEqual((rc, sorted(os.listdir(folder))), (0, files), "a second run: " + err)

    def test_addresses_that_could_name_someone_else_are_refused_at_import(self):
        for i, bad in enumerate(["w2@council.example,%s" % EVIL, "w2@council.example, " + EVIL, "<%s>" % EVIL,
                                 "Eve <%s>" % EVIL, "w2@council.example\r\nBcc: " + EVIL, "w2\n@council.example",
                                 "w2@council.example>", '"w2"@council.example', "w2@c@council.example",
                                 "w2 @council.example", "w2;x@council.example", "w2:x@council.example"]):
            with self.subTest(bad=bad):
                folder, _ = council("bad-%d" % i, emails={"W0002": bad})
                rc, _, err = oversight("import", "--db", os.path.join(TMP, "bad-%d.db" % i), folder)
                self.assertNotEqual(rc, 0, "imported %r" % bad)
                self.assertIn("workers.csv:3: email: ", err)  # W0002 is on line 3
        for i, good in enumerate(["w2+team@council.example", "first.o'neill@council.example", SLASH, LONG]):
            with self.subTest(good=good):
                folder, _ = council("good-%d" % i, emails={"W0002": good})
                rc, _, err = oversight("import", "--db", os.path.join(TMP, "good-%d.db" % i), folder)
                self.assertEqual(rc, 0, err)

    def assertRefusedAtSend(self, db, shown, who, **run):
        """A weekly run refuses `who`'s address, names them, and sends the rest as addressed."""
        with Relay() as relay:
            rc, _, err = weekly(db, port=relay.port, **run)
            self.assertEqual(rc, 1, err)
            self.assertIn("to %s is not sent" % who, err)
        got = [a.lower() for rcpts, _ in relay.handler.messages for a in rcpts]
        self.assertTrue(got, "the other messages were sent")
        self.assertEqual([a for a in got if a not in shown and a != FALLBACK], [], "only workers' own addresses")
        for rcpts, raw in relay.handler.messages:
            self.assertOneIntendedRecipient(raw, rcpts[0].lower(), shown, "message to %s" % rcpts[0])
        return {r["state"] for r in outbox(db)}

    def test_an_invalid_fallback_address_is_refused_at_send_and_named(self):
        db, shown = imported("fallback")
        # Stale data: a warning to mail.fallback and to the head of service instead.
        states = self.assertRefusedAtSend(db, shown, "mail.fallback", fallback="%s, %s" % (FALLBACK, EVIL),
                                          as_of=STALE_AS_OF)
        self.assertEqual(states, {"sent"}, "nothing queued for the invalid address")

    # The import takes it (data-contract.md), but a header or an SMTP command without
    # SMTPUTF8 cannot carry it.
    def test_an_address_outside_ascii_is_refused_at_send_and_named(self):
        db, shown = imported("non-ascii", emails={"W0002": "zoë@council.example"})
        self.assertEqual(self.assertRefusedAtSend(db, shown, "worker W0002"), {"sent"})


def main():
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(WeeklyRecipients)
    try:
        result = unittest.TextTestRunner(stream=sys.stdout, verbosity=2).run(suite)
    finally:
        if os.environ.get("KEEP_TMP"):
            print("kept " + TMP)
        else:
            shutil.rmtree(TMP, ignore_errors=True)
    sys.exit(0 if result.wasSuccessful() and result.testsRun else 1)


if __name__ == "__main__":
    main()
