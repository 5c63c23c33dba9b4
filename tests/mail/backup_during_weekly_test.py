#!/usr/bin/env python3
# A backup taken while the weekly job runs (issue 18), against a real SMTP server
# (aiosmtpd) on loopback that holds the first message until the backup is taken.
#
# Proves: `oversight backup` succeeds while `oversight weekly` is in the middle of
# delivering; restored into a fresh place (`oversight restore`), the backup holds every
# run and every queued message that existed when it was taken (and nothing that did not
# exist once it had finished); the restored store is whole (the weekly job runs on it and
# delivers what was still queued); `oversight restore` refuses to replace the live store
# without --force and leaves it byte for byte as it was.
#
# usage: backup_during_weekly_test.py OVERSIGHT_BINARY REFERENCE_DATA_DIR   (tests/data/reference)
# Needs python3-aiosmtpd (scripts/setup). KEEP_TMP=1 keeps the temp dir.
import os
import sys

try:
    import aiosmtpd  # noqa: F401
except ImportError:
    system_python = "/usr/bin/python3"  # Debian's python3-aiosmtpd, when another python3 is first on PATH
    if (os.path.exists(system_python) and not os.environ.get("BACKUP_TEST_REEXEC")
            and os.path.realpath(sys.executable) != os.path.realpath(system_python)):
        os.environ["BACKUP_TEST_REEXEC"] = "1"
        os.execv(system_python, [system_python, os.path.abspath(__file__)] + sys.argv[1:])
    print("backup_during_weekly_test: python3-aiosmtpd is not installed (scripts/setup installs it)", file=sys.stderr)
    sys.exit(2)

import asyncio
import logging
import shutil
import socket
import sqlite3
import subprocess
import tempfile
import threading
import time
import unittest

from aiosmtpd.controller import Controller

if len(sys.argv) != 3:
    print("usage: backup_during_weekly_test.py OVERSIGHT_BINARY REFERENCE_DATA_DIR", file=sys.stderr)
    sys.exit(2)
BIN = os.path.abspath(sys.argv[1])
COUNCIL = os.path.join(os.path.abspath(sys.argv[2]), "council-a")
EARLIER, AS_OF, WEEK = "2024-02-23", "2024-03-01", "2024-02-26"
MAIL = ["-D", "mail.from=oversight@test.example", "-D", "mail.fallback=unrouted@test.example"]
logging.getLogger("mail.log").setLevel(logging.CRITICAL)
TMP = tempfile.mkdtemp(prefix="backup_during_weekly_")


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def oversight(*args):
    p = subprocess.run([BIN, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
    out, err = p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")
    assert "Sanitizer" not in err and "runtime error:" not in err, "sanitizer report:\n" + err
    return p.returncode, out, err


class Gate:
    """An aiosmtpd handler that holds every message at DATA until opened."""

    def __init__(self):
        self.opened = threading.Event()
        self.arrived = threading.Event()
        self.lock = threading.Lock()
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.arrived.set()
        while not self.opened.is_set():
            await asyncio.sleep(0.05)
        with self.lock:
            self.count += 1
        return "250 OK"


def state_rows(db):
    """(runs, outbox) of FILE.state: runs as (run_id, kind, week), messages as (id, week, kind, recipient)."""
    con = sqlite3.connect("file:%s.state?mode=ro" % db, uri=True)
    try:
        runs = set(con.execute("SELECT run_id, kind, week FROM runs"))
        outbox = set(con.execute("SELECT id, week, kind, recipient FROM outbox"))
        return runs, outbox
    finally:
        con.close()


def pending(db):
    con = sqlite3.connect("file:%s.state?mode=ro" % db, uri=True)
    try:
        return con.execute("SELECT count(*) FROM outbox WHERE state = 'pending'").fetchone()[0]
    finally:
        con.close()


class BackupDuringWeekly(unittest.TestCase):
    def test_a_backup_taken_during_a_weekly_run_restores_every_run_and_queued_message(self):
        live = os.path.join(TMP, "live")
        os.mkdir(live)
        db = os.path.join(live, "s.db")
        rc, out, err = oversight("import", "--quiet", "--db", db, COUNCIL)
        self.assertEqual(rc, 0, err)
        # An earlier week, sent to a folder: runs and sent messages from before.
        rc, out, err = oversight("weekly", "--db", db, "--as-of", EARLIER, "--outbox", os.path.join(TMP, "earlier"), *MAIL)
        self.assertEqual(rc, 0, err)

        gate = Gate()
        port = free_port()
        relay = Controller(gate, hostname="127.0.0.1", port=port)
        relay.start()
        try:
            weekly = subprocess.Popen(
                [BIN, "weekly", "--db", db, "--as-of", AS_OF, "-D", "smtp.host=127.0.0.1", "-D", "smtp.port=%d" % port,
                 "-D", "smtp.tls=none", "-D", "smtp.timeout_seconds=120", *MAIL],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            try:
                self.assertTrue(gate.arrived.wait(240), "the weekly run sent nothing")
                self.assertIsNone(weekly.poll(), "the weekly run ended while its first message was held")
                before = state_rows(db)
                rc, out, err = oversight("backup", "--db", db, os.path.join(TMP, "backups"))
                after = state_rows(db)
                self.assertIsNone(weekly.poll(), "the weekly run ended before the backup did")
            finally:
                gate.opened.set()
                w_out, w_err = weekly.communicate(timeout=300)
        finally:
            relay.stop()
        self.assertEqual(rc, 0, err)
        self.assertEqual(weekly.returncode, 0, w_err.decode("utf-8", "replace"))
        self.assertIn(" written to ", out)
        folder = out.split(" written to ", 1)[1].split(":\n", 1)[0]
        self.assertTrue(os.path.basename(folder).startswith("oversight-backup-20"), folder)

        fresh = os.path.join(TMP, "fresh")
        os.mkdir(fresh)
        restored_db = os.path.join(fresh, "s.db")
        rc, out, err = oversight("restore", "--db", restored_db, folder)
        self.assertEqual(rc, 0, err)
        runs, outbox = state_rows(restored_db)
        # Everything that existed when the backup began, and nothing made after it ended.
        self.assertLessEqual(before[0], runs)
        self.assertLessEqual(before[1], outbox)
        self.assertLessEqual(runs, after[0])
        self.assertLessEqual(outbox, after[1])
        self.assertIn("weekly", {kind for _, kind, week in runs if week == WEEK})
        queued = {m for m in outbox if m[1] == WEEK}
        self.assertGreater(len(queued), 10)
        # Held at the first message: the backup has this week's messages still to send.
        waiting = pending(restored_db)
        self.assertEqual(waiting, len(queued))
        self.assertEqual(gate.count, waiting)  # the live run then sent them all

        # The restored store is whole: the weekly job runs on it and delivers each queued message once.
        eml = os.path.join(TMP, "after-restore")
        rc, out, err = oversight("weekly", "--db", restored_db, "--as-of", AS_OF, "--outbox", eml, *MAIL)
        self.assertEqual(rc, 0, err)
        self.assertEqual(len([f for f in os.listdir(eml) if f.endswith(".eml")]), waiting)
        self.assertEqual(pending(restored_db), 0)

        # The live store is not replaced without --force, and is left as it was.
        with open(db, "rb") as f:
            store_bytes = f.read()
        live_rows = state_rows(db)
        rc, out, err = oversight("restore", "--db", db, folder)
        self.assertEqual(rc, 1)
        self.assertIn("exists", err)
        self.assertIn("--force", err)
        with open(db, "rb") as f:
            self.assertEqual(f.read(), store_bytes)
        self.assertEqual(state_rows(db), live_rows)
        self.assertFalse([f for f in os.listdir(live) if f.endswith(".restoring")])


if __name__ == "__main__":
    try:
        unittest.main(argv=[sys.argv[0]], verbosity=2)
    finally:
        if os.environ.get("KEEP_TMP"):
            print("kept " + TMP, file=sys.stderr)
        else:
            shutil.rmtree(TMP, ignore_errors=True)
