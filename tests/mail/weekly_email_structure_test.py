#!/usr/bin/env python3
# What the weekly emails look like to the people who read them (issue 14), proved by
# parsing the real .eml files with Python's `email` package.
#
# The council is a copy of the reference council-a with three changes: team T06 and its
# worker W0056 get ids that must be percent-encoded in a link ("T06 /?#&é", "W0056/ä b"),
# and allocations.csv gets a child_name column (not in the contract: ignored at import),
# whose names must appear in no email. Two weekly runs (as of 1 and 8 Mar 2024) write to
# an outbox folder with dashboard.url set and mail.rows_before_summary = 20; the tests read
# week 2's emails and compare them with `oversight check` for the same day.
#
# Manager's emails: workers by name and id, grouped, most breaches first, each with their
# counts; OVERDUE / DUE SOON in words; new items first and marked; the counts (new, still
# open, resolved) before the first item; at most 20 items, then a per-worker summary with
# links; links percent-encoded; one date style, unbroken in HTML; the policy footer
# without a hash. Digests: teams worst first with their change since last week, one
# figure per cell, no empty rows, no zero ASYE rows, "open for" explained.
#
# usage: weekly_email_structure_test.py OVERSIGHT_BINARY REFERENCE_DATA_DIR
import csv
import email
import email.policy
import glob
import html
import html.parser
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import unittest
import urllib.parse

if len(sys.argv) != 3:
    print("usage: weekly_email_structure_test.py OVERSIGHT_BINARY REFERENCE_DATA_DIR", file=sys.stderr)
    sys.exit(2)
BIN = os.path.abspath(sys.argv[1])
COUNCIL = os.path.join(os.path.abspath(sys.argv[2]), "council-a")
TMP = tempfile.mkdtemp(prefix="weekly_structure_")
DASHBOARD = "https://dash.example/over%20sight/"
BASE = "https://dash.example/over%20sight"
ROWS = 20
RENAMED = {"T06": "T06 /?#&é", "W0056": "W0056/ä b"}
MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
DATE = re.compile(r"\b\d{1,2}([ \u00a0])(?:%s)([ \u00a0])\d{4}\b" % MONTHS)
_cache = {}


def oversight(*args):
    p = subprocess.run([BIN, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
    err = p.stderr.decode("utf-8", "replace")
    assert "Sanitizer" not in err and "runtime error:" not in err, "sanitizer report:\n" + err
    assert p.returncode == 0, "oversight %s: exit %d\n%s" % (" ".join(args[:1]), p.returncode, err)
    return p.stdout.decode("utf-8")


def rewrite(path, change):
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    rows = change(rows)
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\r\n").writerows(rows)


def council():
    d = os.path.join(TMP, "council")
    os.mkdir(d)
    for f in glob.glob(os.path.join(COUNCIL, "*.csv")):
        shutil.copy(f, d)
        rewrite(os.path.join(d, os.path.basename(f)),
                lambda rows: [rows[0]] + [[RENAMED.get(c, c) for c in r] for r in rows[1:]])
    children = []

    def name_children(rows):
        out = [rows[0] + ["child_name"]]
        for i, r in enumerate(rows[1:]):
            children.append("Kidname%04d Quill" % i)
            out.append(r + [children[-1]])
        return out
    rewrite(os.path.join(d, "allocations.csv"), name_children)
    return d, children


def parse(path):
    with open(path, "rb") as f:
        msg = email.message_from_binary_file(f, policy=email.policy.default)
    return msg, msg.get_body(("plain",)).get_content(), msg.get_body(("html",)).get_content()


def world():
    if "world" in _cache:
        return _cache["world"]
    folder, children = council()
    db = os.path.join(TMP, "s.db")
    out = os.path.join(TMP, "out")
    oversight("import", "--db", db, folder)
    for day in ("2024-03-01", "2024-03-08"):
        oversight("weekly", "--db", db, "--as-of", day, "--outbox", out, "-D", "mail.from=o@test.example",
                  "-D", "mail.fallback=fallback@test.example", "-D", "dashboard.url=" + DASHBOARD,
                  "-D", "mail.rows_before_summary=%d" % ROWS)
    items = [json.loads(l) for l in oversight("check", "--db", db, "--as-of", "2024-03-08", "--format",
                                               "jsonl").splitlines() if l.strip()]
    with open(os.path.join(folder, "workers.csv"), encoding="utf-8") as f:
        workers = {w["worker_id"]: w for w in csv.DictReader(f)}
    with open(os.path.join(folder, "teams.csv"), encoding="utf-8") as f:
        teams = {t["team_id"]: t for t in csv.DictReader(f)}
    con = sqlite3.connect(db + ".state")
    versions = [r[0] for r in con.execute("SELECT DISTINCT policy_version FROM runs WHERE policy_version <> ''")]
    con.close()
    emls = {k: sorted(glob.glob(os.path.join(out, "2024-03-04-%s-*.eml" % k))) for k in ("exceptions", "digest")}
    emls["previous digest"] = sorted(glob.glob(os.path.join(out, "2024-02-26-digest-*.eml")))
    _cache["world"] = dict(items=items, workers=workers, teams=teams, children=children, versions=versions,
                           emls=emls)
    return _cache["world"]


def page(kind, id_):
    return "%s/%s/%s" % (BASE, kind, urllib.parse.quote(id_, safe=""))


class Html(html.parser.HTMLParser):
    """The parts of an email's HTML the tests read: h2 headings, items, list entries, tables,
    links, and the visible text (no <title>)."""

    def __init__(self, source):
        super().__init__(convert_charrefs=True)
        self.h2, self.items, self.li, self.tables, self.links, self.text = [], [], [], [], [], []
        self._open = []  # (tag, buffer)
        self._title = False
        self.feed(source)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a":
            self.links.append(a.get("href", ""))
        if tag == "title":
            self._title = True
        if tag == "table":
            self.tables.append([])
        if tag == "tr" and self.tables:
            self.tables[-1].append([])
        if tag in ("h2", "li", "td", "th"):
            self._open.append([tag, ""])
        if tag == "br":
            self.handle_data("\n")

    def handle_endtag(self, tag):
        if tag == "title":
            self._title = False
        if self._open and self._open[-1][0] == tag:
            t, buf = self._open.pop()
            if t == "h2":
                self.h2.append(buf)
            elif t == "li":
                self.li.append(buf)
            elif self.tables and self.tables[-1]:
                self.tables[-1][-1].append(buf)
                if re.match(r"(OVERDUE|DUE SOON)\b", buf):
                    self.items.append(buf)

    def handle_data(self, data):
        if not self._title:
            self.text.append(data)
        for o in self._open:
            o[1] += data


def worker_heading(text):
    """'Name (ID): 2 overdue, 1 due soon' -> (name, id, 2, 1), else None."""
    m = re.fullmatch(r"(.*) \(([^()]*)\): (?:a further )?(\d+) overdue, (\d+) due soon", text.strip())
    return m and (m.group(1), m.group(2), int(m.group(3)), int(m.group(4)))


class ManagerEmails(unittest.TestCase):
    maxDiff = 4000

    def emails(self):
        w = world()
        self.assertGreaterEqual(len(w["emls"]["exceptions"]), 5)
        for path in w["emls"]["exceptions"]:
            msg, text, source = parse(path)
            recipient = str(msg["To"]).split("<")[-1].rstrip(">").lower()
            rid = next((i for i, x in w["workers"].items() if x["email"].lower() == recipient), "")
            mine = [e for e in w["items"] if (e["recipient_id"] or "") == rid]
            yield path, msg, text, Html(source), mine

    def test_workers_by_name_grouped_most_breaches_first_with_counts(self):
        w = world()
        for path, _, text, h, mine in self.emails():
            with self.subTest(os.path.basename(path)):
                groups = [g for g in (worker_heading(x) for x in h.h2) if g]
                expected = {}
                for e in mine:
                    b, s = expected.get(e["worker_id"], (0, 0))
                    expected[e["worker_id"]] = (b + (e["severity"] == "breach"), s + (e["severity"] != "breach"))
                shown = {g[1]: (g[2], g[3]) for g in groups}
                self.assertTrue(shown, "no worker headings")
                for name, wid, b, s in groups:
                    self.assertEqual(name, w["workers"][wid]["name"], "the worker's name beside the id")
                    self.assertEqual((b, s), expected[wid], "%s's counts" % wid)
                breaches = [g[2] for g in groups]
                self.assertEqual(breaches, sorted(breaches, reverse=True), "most breaches first")
                self.assertEqual(len(h.items), min(ROWS, len(mine)), "items listed before the summary")
                for item in h.items:
                    self.assertTrue(item.startswith(("OVERDUE", "DUE SOON")), item)
                overdue = sum(1 for l in text.splitlines() if l.startswith("- OVERDUE"))
                soon = sum(1 for l in text.splitlines() if l.startswith("- DUE SOON"))
                self.assertEqual(overdue + soon, len(h.items), "the text lists the same items")

    def test_counts_and_first_items_come_first_new_items_first_and_marked(self):
        for path, _, text, h, mine in self.emails():
            with self.subTest(os.path.basename(path)):
                lines = [l for l in text.splitlines() if l.strip()]
                m = re.fullmatch(r"Since last week: (\d+) new, (\d+) still open, (\d+) resolved\.", lines[2])
                self.assertTrue(m, lines[:4])
                self.assertEqual(int(m.group(1)) + int(m.group(2)), len(mine))
                b = sum(e["severity"] == "breach" for e in mine)
                self.assertIn(": %d overdue, %d due soon." % (b, len(mine) - b), lines[1])
                first_item = next(i for i, l in enumerate(lines) if l.startswith("- "))
                self.assertLessEqual(first_item, 12, "the first item is on the first screen")
                # Within each worker, and each severity, this week's new items come first.
                group = []
                for l in lines + ["----"]:
                    if l.startswith("- OVERDUE") or l.startswith("- DUE SOON"):
                        group.append((l.split(",")[0].split(":")[0], l.endswith("[new]")))
                    elif group:
                        for sev in {g[0] for g in group}:
                            flags = [g[1] for g in group if g[0] == sev]
                            self.assertEqual(flags, sorted(flags, reverse=True), "new items first")
                        group = []
                resolved = sum(1 for l in lines if l.startswith("- Resolved: "))
                self.assertEqual(resolved, min(int(m.group(3)), ROWS), "each resolved item listed")
                new_marks = sum(1 for x in h.items if re.match(r"(OVERDUE|DUE SOON) new\b", x))
                self.assertEqual(new_marks, sum(1 for l in lines if l.startswith("- ") and l.endswith("[new]")))

    def test_a_long_list_is_summarised_per_worker_with_links(self):
        w = world()
        long_ones = 0
        for path, _, text, h, mine in self.emails():
            with self.subTest(os.path.basename(path)):
                more = [x for x in h.h2 if re.fullmatch(r"\d+ more items?, by worker", x)]
                if len(mine) <= ROWS:
                    self.assertEqual(more, [])
                    continue
                long_ones += 1
                self.assertEqual(more, ["%d more items, by worker" % (len(mine) - ROWS)])
                summary = [g for g in (worker_heading(x) for x in h.li) if g]
                self.assertEqual(sum(g[2] + g[3] for g in summary), len(mine) - ROWS, summary)
                for _, wid, _, _ in summary:
                    self.assertIn(page("workers", wid), h.links)
                team = {w["workers"][e["worker_id"]]["team_id"] for e in mine}
                if len(team) == 1:
                    self.assertIn(page("teams", team.pop()), h.links, "the full list")
                self.assertLess(len(text.splitlines()), 150, "a long list stays short")
        self.assertGreater(long_ones, 0, "no email was long enough to be summarised")

    def test_links_are_percent_encoded_dashboard_pages(self):
        links = set()
        for _, _, _, h, _ in self.emails():
            links.update(h.links)
        for l in links:
            self.assertRegex(l, r"^%s/((teams|workers)/[A-Za-z0-9%%._~-]+)?$" % re.escape(BASE))
        self.assertIn(BASE + "/teams/T06%20%2F%3F%23%26%C3%A9", links)
        self.assertIn(BASE + "/workers/W0056%2F%C3%A4%20b", links)

    def test_one_date_style_unbroken_in_html(self):
        w = world()
        for path in w["emls"]["exceptions"] + w["emls"]["digest"]:
            msg, text, source = parse(path)
            visible = "".join(Html(source).text)
            with self.subTest(os.path.basename(path)):
                for part in (text, visible, str(msg["Subject"])):
                    self.assertNotRegex(part, r"\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}")
                    self.assertNotRegex(part, r"\b(January|February|March|April|June|July|August|September|"
                                              r"October|November|December)\b")
                dates = list(DATE.finditer(visible))
                self.assertTrue(dates)
                broken = [d.group(0) for d in dates if d.group(1) != "\u00a0" or d.group(2) != "\u00a0"]
                self.assertEqual(broken, [], "dates that can break across lines")

    def test_no_child_name_and_no_policy_hash(self):
        w = world()
        self.assertEqual(len(w["versions"]), 1)
        hexes = re.compile(r"\b[0-9a-f]{12,}\b")
        for path in w["emls"]["exceptions"] + w["emls"]["digest"]:
            msg, text, source = parse(path)
            with self.subTest(os.path.basename(path)):
                for part in (text, source, msg.as_string()):
                    self.assertFalse([c for c in w["children"] if c.split()[0] in part], "a child's name")
                    self.assertNotIn(w["versions"][0], part)
                self.assertIsNone(hexes.search(text))
                self.assertIn("Policy in force since 1 Mar 2024.", text)


class Digests(unittest.TestCase):
    def team_rows(self, path):
        _, text, source = parse(path)
        tables = Html(source).tables
        counts = tables[0]
        self.assertEqual(counts[0], ["Team", "Overdue", "Change since last week", "Due soon"])
        return text, Html(source), counts[1:]

    def test_teams_worst_first_with_change_one_figure_per_cell(self):
        w = world()
        before = {}
        for path in w["emls"]["previous digest"]:
            _, _, rows = self.team_rows(path)
            before.update({r[0]: int(r[1]) for r in rows})
        self.assertTrue(w["emls"]["digest"])
        for path in w["emls"]["digest"]:
            text, h, rows = self.team_rows(path)
            with self.subTest(os.path.basename(path)):
                self.assertTrue(rows)
                for r in rows:
                    m = re.fullmatch(r"(.*) \(([^()]*)\)", r[0])
                    self.assertEqual(m.group(1), w["teams"][m.group(2)]["name"])
                    for cell in r[1:]:
                        self.assertRegex(cell, r"^([+-]?\d+|-)$", "one figure per cell")
                    if r[0] in before:
                        change = int(r[1]) - before[r[0]]
                        self.assertEqual(r[2], "+%d" % change if change > 0 else str(change), r)
                overdue = [int(r[1]) for r in rows]
                self.assertEqual(overdue, sorted(overdue, reverse=True), "worst first")
                in_time = h.tables[1]
                self.assertEqual(in_time[0], ["Team", "Cases", "Well-being"])
                self.assertEqual([r[0] for r in in_time[1:]], [r[0] for r in rows], "the same teams, same order")
                for r, t in zip(rows, in_time[1:]):
                    self.assertFalse(r[1:] == ["0", "0", "0"] and t[1:] == ["-", "-"], "an empty row")
                    for cell in t[1:]:
                        self.assertRegex(cell, r"^(\d+(\.\d+)?%|-)$", "one figure per cell")

    def test_asye_list_has_no_zero_rows_and_open_for_is_explained(self):
        w = world()
        listed = 0
        for path in w["emls"]["digest"]:
            text, h, _ = self.team_rows(path)
            with self.subTest(os.path.basename(path)):
                section = text.split("ASYE workers with open items")[1].split("Longest-standing")[0]
                for l in section.splitlines():
                    if l.startswith("- "):
                        listed += 1
                        m = re.match(r"- (.*) \(([^()]*)\) <[^>]*>: (\d+) open ASYE items?$", l)
                        self.assertTrue(m, l)
                        self.assertEqual(m.group(1), w["workers"][m.group(2)]["name"])
                        self.assertGreater(int(m.group(3)), 0, "a zero row")
                self.assertIn('"On the list for" is how long an item has been in these weekly emails, not how '
                              'late it is', text)
        self.assertGreater(listed, 0)


if __name__ == "__main__":
    try:
        unittest.main(argv=[sys.argv[0]], verbosity=1)
    finally:
        if not os.environ.get("KEEP_TMP"):
            shutil.rmtree(TMP, ignore_errors=True)
