// What the weekly emails say (issue 5, policies.md "Routing"), proved on small
// hand-written councils run through RunWeekly with an outbox folder: one exception email
// per recipient per week naming each of their case ids, cover and escalation notes, the
// "since last week" section, a policy that could not run, stale data, unrouted
// exceptions, the service digests and what an email must never reveal.
//
// Unless a test says otherwise the council is TwoTeams(): H1 (Hana Head, head of service,
// team T0) over two team managers, M1 (Mo Manager, team T1 "Team One") and M2 (Nia Newman,
// team T2 "Team Two"); S1 and S2 are social workers under M1, S3 under M2. Everyone in a
// well-being role had well-being supervision on 2024-02-20 (due 2024-03-19, so neither
// overdue nor due soon on any as-of day used below up to 2024-03-08), which keeps
// well-being exceptions out of the counts unless a test wants them.
//
// Week 1 is as of Friday 2024-03-01 (ISO week of Monday 26 Feb 2024), week 2 as of Friday
// 2024-03-08 (week of 4 Mar 2024). The extracts are imported now (the tests run after
// 2024), so these as-of days are before the import and never stale.
//
// Hand-worked case supervision (CP every 28 days, CIN every 42, due soon within 7 days):
//   CP allocated 2024-01-01: due 2024-01-29; on 03-01 32 days overdue, on 03-08 39.
//   CP allocated 2024-02-01: due 2024-02-29; on 03-01 1 day overdue.
//   CIN allocated 2024-01-20: due 2024-03-02; on 03-01 due soon (03-01 <= 03-02 < 03-08),
//                             on 03-08 6 days overdue.
//   CP allocated 2024-01-15: due 2024-02-12; on 03-08 25 days overdue.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "common/config.h"
#include "common/date.h"
#include "state/state_store.h"
#include "store/snapshot_meta.h"
#include "store/sqlite.h"
#include "test_support.h"
#include "weekly/weekly_job.h"

using namespace oversight;
using namespace oversight::test;

namespace {

const char* kWellbeingRoles[] = {"social_worker", "senior_practitioner", "family_support_worker", "iro",
                                 "team_manager"};

// A council written row by row. Every worker in a well-being role gets one well-being
// supervision on `wellbeing_day` unless excluded with NoWellbeing(). The supervisor of a
// supervision is the worker's line manager (the worker themself at the top of a tree).
class Org {
 public:
  Org& Team(const std::string& id, const std::string& name, const std::string& manager) {
    teams_ += id + "," + name + ",Family Safeguarding," + manager + "\n";
    return *this;
  }
  Org& Person(const std::string& id, const std::string& name, const std::string& role, const std::string& team,
              const std::string& line_manager, const std::string& start = "2020-01-01",
              const std::string& end = "", const std::string& asye = "") {
    workers_ += id + "," + name + "," + Lower(id) + "@council.example," + role + "," + team + "," + line_manager +
                ",1.0," + start + "," + end + "," + asye + "\n";
    manager_of_[id] = line_manager;
    order_.push_back({id, role});
    return *this;
  }
  Org& Alloc(const std::string& c, const std::string& type, const std::string& worker, const std::string& start,
             const std::string& end = "", const std::string& role = "key_worker") {
    allocations_ += c + "," + type + "," + worker + "," + role + "," + start + "," + end + "\n";
    return *this;
  }
  Org& Sup(const std::string& worker, const std::string& date, const std::string& kind,
           const std::string& case_id = "") {
    std::string by = manager_of_[worker].empty() ? worker : manager_of_[worker];
    supervisions_ +=
        "SUP" + std::to_string(++next_sup_) + "," + worker + "," + by + "," + date + "," + kind + "," + case_id + ",\n";
    return *this;
  }
  Org& Absent(const std::string& worker, const std::string& from, const std::string& to, const std::string& kind) {
    absences_ += worker + "," + from + "," + to + "," + kind + "\n";
    return *this;
  }
  Org& Cover(const std::string& manager, const std::string& cover, const std::string& from, const std::string& to) {
    cover_ += manager + "," + cover + "," + from + "," + to + "\n";
    return *this;
  }
  Org& WellbeingOn(const std::string& day) {
    wellbeing_day_ = day;
    return *this;
  }
  Org& NoWellbeing(const std::string& id) {
    no_wellbeing_.insert(id);
    return *this;
  }
  Extract extract() const {
    Org copy = *this;
    for (const auto& [id, role] : order_) {
      bool counted = std::find(std::begin(kWellbeingRoles), std::end(kWellbeingRoles), role) != std::end(kWellbeingRoles);
      if (counted && !no_wellbeing_.count(id)) copy.Sup(id, wellbeing_day_, "wellbeing");
    }
    return {
        {"teams.csv", "team_id,name,service,manager_id\n" + copy.teams_},
        {"workers.csv", "worker_id,name,email,role,team_id,line_manager_id,fte,start_date,end_date,asye_start\n" +
                            copy.workers_},
        {"allocations.csv", "case_id,case_type,worker_id,role,start_date,end_date\n" + copy.allocations_},
        {"supervisions.csv", "supervision_id,worker_id,supervisor_id,date,kind,case_id,recorded_date\n" +
                                 copy.supervisions_},
        {"absences.csv", "worker_id,start_date,end_date,kind\n" + copy.absences_},
        {"cover.csv", "manager_id,cover_id,start_date,end_date\n" + copy.cover_},
    };
  }
  static std::string Lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  }

 private:
  std::string teams_, workers_, allocations_, supervisions_, absences_, cover_;
  std::string wellbeing_day_ = "2024-02-20";
  std::map<std::string, std::string> manager_of_;
  std::vector<std::pair<std::string, std::string>> order_;
  std::set<std::string> no_wellbeing_;
  int next_sup_ = 0;
};

Org TwoTeams() {
  Org o;
  o.Team("T0", "Directorate", "H1").Team("T1", "Team One", "M1").Team("T2", "Team Two", "M2");
  o.Person("H1", "Hana Head", "head_of_service", "T0", "")
      .Person("M1", "Mo Manager", "team_manager", "T1", "H1")
      .Person("M2", "Nia Newman", "team_manager", "T2", "H1")
      .Person("S1", "Sam One", "social_worker", "T1", "M1")
      .Person("S2", "Sol Two", "social_worker", "T1", "M1")
      .Person("S3", "Sid Three", "social_worker", "T2", "M2");
  return o;
}

std::string Addr(const std::string& id) { return Org::Lower(id) + "@council.example"; }
const std::string kFallback = "fallback@council.example";

void Import(const TempDir& dir, const Org& org) {
  ImportReport report;
  Status st = ImportExtractText(dir, org.extract(), &report);
  if (!st.ok()) {
    std::ostringstream errors;
    report.errors.Print(errors);
    FAIL("import failed: " << st.message() << "\n" << errors.str());
  }
}

// The weekly job on the store in `dir`, writing to its outbox folder.
WeeklyOptions WeekOptions(const TempDir& dir, Day as_of, const std::string& plugins_dir = "") {
  WeeklyOptions o;
  o.run.snapshot_path = dir.File("store.db");
  o.run.plugins_dir = plugins_dir.empty() ? RepoPath("plugins") : plugins_dir;
  o.run.settings_path = RepoPath("config/policy.lua");
  o.run.calendar_path = RepoPath("config/bank_holidays.lua");
  o.run.as_of = as_of;
  auto config = Config::Load("/nonexistent",
                             {{"mail.fallback", kFallback}, {"mail.from", "oversight@council.example"}},
                             /*optional=*/true);
  REQUIRE(config.ok());
  o.config = config.value();
  o.outbox_dir = dir.File("outbox");
  return o;
}

WeeklyResult Week(const TempDir& dir, Day as_of, const std::string& plugins_dir = "") {
  auto r = RunWeekly(WeekOptions(dir, as_of, plugins_dir));
  if (!r.ok()) FAIL("RunWeekly failed: " << r.status().message());
  INFO("delivery problems: " << r->delivery.problems.size());
  CHECK(r->delivery.problems.empty());
  return r.value();
}

WeeklyResult Week(const TempDir& dir, const std::string& as_of, const std::string& plugins_dir = "") {
  auto d = ParseDate(as_of);
  REQUIRE(d);
  return Week(dir, *d, plugins_dir);
}

std::string DecodeBase64(const std::string& in) {
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (char ch : in) {
    int v;
    if (ch >= 'A' && ch <= 'Z') v = ch - 'A';
    else if (ch >= 'a' && ch <= 'z') v = ch - 'a' + 26;
    else if (ch >= '0' && ch <= '9') v = ch - '0' + 52;
    else if (ch == '+') v = 62;
    else if (ch == '/') v = 63;
    else if (ch == '=') break;
    else continue;  // line breaks
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

struct Mail {
  std::string kind, address, subject, state, raw, text, html;
  // Everything a reader can see: the headers and both decoded parts (not the base64,
  // whose letters could spell anything).
  std::string all() const { return subject + "\n" + raw.substr(0, raw.find("\r\n\r\n")) + "\n" + text + "\n" + html; }
};

// Splits a multipart/alternative message into its decoded plain-text and HTML parts.
void SplitParts(Mail* m) {
  const std::string key = "boundary=\"";
  size_t at = m->raw.find(key);
  REQUIRE(at != std::string::npos);
  size_t end = m->raw.find('"', at + key.size());
  const std::string boundary = "--" + m->raw.substr(at + key.size(), end - at - key.size());
  size_t pos = m->raw.find(boundary, end);
  while (pos != std::string::npos) {
    size_t start = pos + boundary.size();
    if (m->raw.compare(start, 2, "--") == 0) break;  // the closing delimiter
    size_t next = m->raw.find(boundary, start);
    std::string part = m->raw.substr(start, next == std::string::npos ? std::string::npos : next - start);
    size_t blank = part.find("\r\n\r\n");
    REQUIRE(blank != std::string::npos);
    std::string headers = part.substr(0, blank), body = part.substr(blank + 4);
    REQUIRE(headers.find("Content-Transfer-Encoding: base64") != std::string::npos);
    if (headers.find("text/plain") != std::string::npos) m->text = DecodeBase64(body);
    if (headers.find("text/html") != std::string::npos) m->html = DecodeBase64(body);
    pos = next;
  }
  REQUIRE_FALSE(m->text.empty());
  REQUIRE_FALSE(m->html.empty());
}

std::vector<Mail> Mails(const TempDir& dir, const std::string& week) {
  auto state = StateStore::Open(dir.File("store.db"));
  REQUIRE(state.ok());
  auto rows = state->Messages(week);
  REQUIRE(rows.ok());
  std::vector<Mail> out;
  for (const OutboxMessage& row : rows.value()) {
    Mail m{row.kind, row.address, row.subject, row.state, row.message, "", ""};
    SplitParts(&m);
    out.push_back(std::move(m));
  }
  return out;
}

std::vector<const Mail*> Of(const std::vector<Mail>& mails, const std::string& kind,
                            const std::string& address = "") {
  std::vector<const Mail*> out;
  for (const Mail& m : mails) {
    if (m.kind == kind && (address.empty() || m.address == address)) out.push_back(&m);
  }
  return out;
}

// A copy of the one message of a kind for an address (the test fails when there is not
// exactly one).
Mail One(const std::vector<Mail>& mails, const std::string& kind, const std::string& address) {
  auto found = Of(mails, kind, address);
  INFO("messages of kind " << kind << " to " << address);
  REQUIRE(found.size() == 1);
  return *found[0];
}

bool Has(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// The plain-text lines that mention `needle`.
std::vector<std::string> LinesWith(const std::string& text, const std::string& needle) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (Has(line, needle)) out.push_back(line);
  }
  return out;
}

// The .eml files in the outbox folder written for one week.
std::vector<std::string> EmlFiles(const TempDir& dir, const std::string& week) {
  std::vector<std::string> out;
  if (!std::filesystem::exists(dir.File("outbox"))) return out;
  for (const auto& entry : std::filesystem::directory_iterator(dir.File("outbox"))) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(week, 0) == 0 && entry.path().extension() == ".eml") out.push_back(entry.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

Day ImportDayOf(const TempDir& dir) {
  auto db = Database::Open(dir.File("store.db"), Database::Mode::kReadOnly);
  REQUIRE(db.ok());
  auto at = ReadSnapshotMeta(&*db, "imported_at");
  REQUIRE(at.ok());
  auto day = ImportDay(at.value());
  REQUIRE(day);
  return *day;
}

}  // namespace

TEST_CASE("one exception email per recipient a week, naming each of their cases, counts in the subject",
          "[weekly]") {
  // M1 gets C101 (S1, 32 days overdue), C102 (S1, due soon) and C103 (S2, 1 day overdue);
  // M2 gets C201 (S3, 32 days overdue). H1 has no exceptions of its own: only its digest.
  TempDir dir;
  Org org = TwoTeams();
  org.Alloc("C101", "CP", "S1", "2024-01-01")
      .Alloc("C102", "CIN", "S1", "2024-01-20")
      .Alloc("C103", "CP", "S2", "2024-02-01")
      .Alloc("C201", "CP", "S3", "2024-01-01");
  Import(dir, org);

  WeeklyResult first = Week(dir, "2024-03-01");
  CHECK(first.week == "2024-02-26");
  CHECK_FALSE(first.stale);
  CHECK(first.failed_plugins.empty());
  CHECK(first.queued == 3);  // M1, M2, H1's digest
  CHECK(first.already_queued == 0);

  auto mails = Mails(dir, "2024-02-26");
  REQUIRE(mails.size() == 3);
  CHECK(Of(mails, "exceptions").size() == 2);
  CHECK(Of(mails, "digest").size() == 1);
  for (const Mail& m : mails) CHECK(m.state == "written");

  const Mail& m1 = One(mails, "exceptions", Addr("M1"));
  // The counts first (what a phone shows of a subject), then the team and the week.
  CHECK(m1.subject == "2 overdue, 1 due soon (3 new): Team One (T1), week of 26 Feb 2024");
  CHECK(Has(m1.raw, "Subject: " + m1.subject + "\r\n"));
  CHECK(Has(m1.raw, "<m1@council.example>"));
  for (const char* c : {"C101", "C102", "C103"}) {
    INFO(c);
    CHECK(Has(m1.text, c));
    CHECK(Has(m1.html, c));
  }
  CHECK_FALSE(Has(m1.all(), "C201"));
  // Grouped by worker, named, with their counts: S1 (C101 32 days late, C102 due soon)
  // before S2 (C103 1 day late); within a worker the breach before the warning.
  CHECK(Has(m1.text, "Sam One (S1): 1 overdue, 1 due soon"));
  CHECK(Has(m1.text, "Sol Two (S2): 1 overdue, 0 due soon"));
  CHECK(m1.text.find("Sam One (S1)") < m1.text.find("C101"));
  CHECK(m1.text.find("C101") < m1.text.find("C102"));
  CHECK(m1.text.find("C102") < m1.text.find("Sol Two (S2)"));
  CHECK(m1.text.find("Sol Two (S2)") < m1.text.find("C103"));
  CHECK(Has(m1.text, "Since last week: 3 new, 0 still open, 0 resolved."));
  // The rules the items break, as the plugin declares them: the main rule before the
  // due-soon note, after the items.
  const size_t rule = m1.text.find("Every allocated child's case is discussed in supervision");
  const size_t note = m1.text.find("The case falls due for supervision within");
  CHECK(m1.text.find("C102") < rule);
  CHECK(rule < note);
  CHECK(note != std::string::npos);
  CHECK(m1.html.find("Every allocated child's case") < m1.html.find("The case falls due for supervision"));

  const Mail& m2 = One(mails, "exceptions", Addr("M2"));
  CHECK(m2.subject == "1 overdue, 0 due soon (1 new): Team Two (T2), week of 26 Feb 2024");
  CHECK(Has(m2.text, "C201"));
  CHECK(Has(m2.html, "C201"));
  for (const char* c : {"C101", "C102", "C103"}) CHECK_FALSE(Has(m2.all(), c));

  CHECK(Of(mails, "exceptions", Addr("H1")).empty());
  CHECK(Of(mails, "exceptions", kFallback).empty());
  One(mails, "digest", Addr("H1"));

  // Each message is in the outbox folder as an .eml file, exactly as stored.
  auto files = EmlFiles(dir, "2024-02-26");
  REQUIRE(files.size() == 3);
  std::set<std::string> raws;
  for (const Mail& m : mails) raws.insert(m.raw);
  for (const auto& f : files) CHECK(raws.count(ReadAll(f)) == 1);

  SECTION("a second run on another day of the same ISO week queues nothing new") {
    WeeklyResult again = Week(dir, "2024-03-03");  // Sunday of the same week
    CHECK(again.week == "2024-02-26");
    CHECK(again.queued == 0);
    CHECK(again.already_queued == 3);
    CHECK(again.delivery.delivered == 0);
    auto after = Mails(dir, "2024-02-26");
    CHECK(after.size() == 3);
    CHECK(EmlFiles(dir, "2024-02-26").size() == 3);
    // The same emails as before, untouched.
    CHECK(One(after, "exceptions", Addr("M1")).raw == m1.raw);
  }
  SECTION("... also when run on the Monday with a changed extract") {
    org.Alloc("C104", "CP", "S1", "2024-01-15");
    Import(dir, org);
    WeeklyResult again = Week(dir, "2024-02-26");
    CHECK(again.queued == 0);
    CHECK(Mails(dir, "2024-02-26").size() == 3);
  }
}

TEST_CASE("a weekly run that stops while queueing is not recorded: the next run queues the rest, nothing twice",
          "[weekly]") {
  TempDir dir;
  Org org = TwoTeams();
  org.Alloc("C101", "CP", "S1", "2024-01-01").Alloc("C201", "CP", "S3", "2024-01-01");
  Import(dir, org);
  const std::string store = dir.File("store.db");
  {
    auto state = StateStore::Open(store);  // creates the outbox table
    REQUIRE(state.ok());
  }
  // The disk fills after the first message: every later insert into the outbox fails.
  auto raw = Database::Open(StateStore::PathFor(store), Database::Mode::kReadWriteCreate);
  REQUIRE(raw.ok());
  REQUIRE(raw->Exec("CREATE TRIGGER full BEFORE INSERT ON outbox WHEN (SELECT count(*) FROM outbox) >= 1 "
                    "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END").ok());
  auto stopped = RunWeekly(WeekOptions(dir, *ParseDate("2024-03-01")));
  REQUIRE_FALSE(stopped.ok());
  {
    auto state = StateStore::Open(store);
    REQUIRE(state.ok());
    auto week = state->LastWeeklyWeek();
    REQUIRE(week.ok());
    CHECK_FALSE(week->has_value());  // so the scheduler runs the week again
    CHECK(Mails(dir, "2024-02-26").size() == 1);
  }

  REQUIRE(raw->Exec("DROP TRIGGER full").ok());
  WeeklyResult again = Week(dir, "2024-03-01");
  CHECK(again.already_queued == 1);
  CHECK(again.queued == 2);
  auto mails = Mails(dir, "2024-02-26");
  CHECK(mails.size() == 3);
  One(mails, "exceptions", Addr("M1"));
  One(mails, "exceptions", Addr("M2"));
  One(mails, "digest", Addr("H1"));
  auto state = StateStore::Open(store);
  REQUIRE(state.ok());
  auto week = state->LastWeeklyWeek();
  REQUIRE(week.ok());
  CHECK(week->value_or("") == "2024-02-26");
}

TEST_CASE("a week whose figures cannot be recorded is not recorded at all: the next run records it whole",
          "[weekly]") {
  TempDir dir;
  Org org = TwoTeams();
  org.Alloc("C101", "CP", "S1", "2024-01-01");
  Import(dir, org);
  const std::string store = dir.File("store.db");
  {
    auto state = StateStore::Open(store);
    REQUIRE(state.ok());
  }
  auto raw = Database::Open(StateStore::PathFor(store), Database::Mode::kReadWriteCreate);
  REQUIRE(raw.ok());
  REQUIRE(raw->Exec("CREATE TRIGGER full BEFORE INSERT ON run_measures "
                    "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END").ok());
  REQUIRE_FALSE(RunWeekly(WeekOptions(dir, *ParseDate("2024-03-01"))).ok());
  auto state = StateStore::Open(store);
  REQUIRE(state.ok());
  auto runs = state->Runs(10);
  REQUIRE(runs.ok());
  CHECK(runs->empty());  // neither the run nor its exceptions without the figures
  auto week = state->LastWeeklyWeek();
  REQUIRE(week.ok());
  CHECK_FALSE(week->has_value());

  REQUIRE(raw->Exec("DROP TRIGGER full").ok());
  WeeklyResult again = Week(dir, "2024-03-01");
  CHECK(again.queued == 0);  // both emails (M1's exceptions, H1's digest) were queued by the first run
  CHECK(again.already_queued == 2);
  runs = state->Runs(10);
  REQUIRE(runs.ok());
  REQUIRE(runs->size() == 1);
  CHECK(runs->front().exceptions == 1);
  auto trend = state->MeasuresTrend("2024-02-26", 1);
  REQUIRE(trend.ok());
  CHECK(trend->size() == 3);  // T0, T1 and T2
}

TEST_CASE("a manager away with cover: the cover receives the team's exceptions and is told why",
          "[weekly]") {
  // M1 is away 2024-02-19..2024-03-15. C101 (S1) and C103 (S2) are about M1's team;
  // C201 (S3) about M2's.
  TempDir dir;
  Org org = TwoTeams();
  org.Alloc("C101", "CP", "S1", "2024-01-01")
      .Alloc("C103", "CP", "S2", "2024-02-01")
      .Alloc("C201", "CP", "S3", "2024-01-01")
      .Absent("M1", "2024-02-19", "2024-03-15", "sickness");

  SECTION("cover by another team manager") {
    org.Cover("M1", "M2", "2024-02-19", "2024-03-15");
    Import(dir, org);
    Week(dir, "2024-03-01");
    auto mails = Mails(dir, "2024-02-26");
    // M2 receives its own C201 and, as cover, C101 and C103: 3 overdue, in one email,
    // whose subject says they are about two teams.
    const Mail& m2 = One(mails, "exceptions", Addr("M2"));
    CHECK(m2.subject == "3 overdue, 0 due soon (3 new): 2 teams, week of 26 Feb 2024");
    for (const char* c : {"C101", "C103", "C201"}) CHECK(Has(m2.text, c));
    CHECK(Has(m2.text, "You are covering for Mo Manager (M1)"));
    CHECK(Has(m2.html, "You are covering for Mo Manager (M1)"));
    // Nothing goes to the absent manager or past the cover.
    CHECK(Of(mails, "exceptions", Addr("M1")).empty());
    CHECK(Of(mails, "exceptions", Addr("H1")).empty());
    CHECK(Of(mails, "exceptions").size() == 1);
  }
  SECTION("no cover: the next manager up receives them and is told why") {
    Import(dir, org);
    Week(dir, "2024-03-01");
    auto mails = Mails(dir, "2024-02-26");
    const Mail& h1 = One(mails, "exceptions", Addr("H1"));
    CHECK(h1.subject == "2 overdue, 0 due soon (2 new): Team One (T1), week of 26 Feb 2024");
    CHECK(Has(h1.text, "C101"));
    CHECK(Has(h1.text, "C103"));
    CHECK_FALSE(Has(h1.all(), "C201"));
    auto why = LinesWith(h1.text, "Mo Manager (M1)");
    REQUIRE(why.size() == 1);
    CHECK(Has(why[0], "is away"));
    CHECK(Has(why[0], "nobody"));
    CHECK(Has(why[0], "come to you"));
    // M2's email is only about M2's team and says nothing about covering.
    const Mail& m2 = One(mails, "exceptions", Addr("M2"));
    CHECK(Has(m2.text, "C201"));
    CHECK_FALSE(Has(m2.all(), "C101"));
    CHECK_FALSE(Has(m2.text, "M1"));
    CHECK(Of(mails, "exceptions", Addr("M1")).empty());
  }
  SECTION("a manager who has left, without cover: the next manager up, told they have left") {
    // The same council with M1 gone on 2024-02-15 (and no absence or cover rows).
    Org left;
    left.Team("T0", "Directorate", "H1").Team("T1", "Team One", "M1").Team("T2", "Team Two", "M2");
    left.Person("H1", "Hana Head", "head_of_service", "T0", "")
        .Person("M1", "Mo Manager", "team_manager", "T1", "H1", "2020-01-01", "2024-02-15")
        .Person("M2", "Nia Newman", "team_manager", "T2", "H1")
        .Person("S1", "Sam One", "social_worker", "T1", "M1")
        .Alloc("C101", "CP", "S1", "2024-01-01");
    Import(dir, left);
    Week(dir, "2024-03-01");
    auto mails = Mails(dir, "2024-02-26");
    const Mail& h1 = One(mails, "exceptions", Addr("H1"));
    CHECK(Has(h1.text, "C101"));
    auto why = LinesWith(h1.text, "Mo Manager (M1)");
    REQUIRE(why.size() == 1);
    CHECK(Has(why[0], "has left"));
  }
  SECTION("a worker covering for their own manager: their own exceptions go further up") {
    // S1 covers M1: S2's C103 goes to S1; S1's own C101 goes to H1 (nobody receives
    // exceptions about themselves).
    org.Cover("M1", "S1", "2024-02-19", "2024-03-15");
    Import(dir, org);
    Week(dir, "2024-03-01");
    auto mails = Mails(dir, "2024-02-26");
    const Mail& s1 = One(mails, "exceptions", Addr("S1"));
    CHECK(Has(s1.text, "C103"));
    CHECK_FALSE(Has(s1.all(), "C101"));
    CHECK(Has(s1.text, "You are covering for Mo Manager (M1)"));
    const Mail& h1 = One(mails, "exceptions", Addr("H1"));
    CHECK(Has(h1.text, "C101"));
    CHECK_FALSE(Has(h1.all(), "C103"));
    auto why = LinesWith(h1.text, "Mo Manager (M1)");
    REQUIRE(why.size() == 1);
    CHECK(Has(why[0], "is away"));
    // S1 does cover M1: S1's own exceptions come to H1 only because nobody receives
    // exceptions about themselves (policies.md "Routing"), and H1 is told so.
    CHECK_FALSE(Has(why[0], "nobody below you covers"));
    CHECK(Has(why[0], "nobody receives exceptions about themselves"));
  }
}

TEST_CASE("since last week: new, still open for how many weeks, resolved", "[weekly]") {
  // Week 1 (as of 2024-03-01): M1 has C101 (S1) and C103 (S2), both overdue.
  // Week 2 (as of 2024-03-08): C103 was supervised on 2024-03-05 (due again 2024-04-02:
  // resolved); C104 (S1, CP from 2024-01-15, 25 days overdue) is new; C101 is still open,
  // now for 2 weeks.
  TempDir dir;
  Org org = TwoTeams();
  org.Alloc("C101", "CP", "S1", "2024-01-01")
      .Alloc("C103", "CP", "S2", "2024-02-01")
      .Alloc("C201", "CP", "S3", "2024-01-01");
  Import(dir, org);
  Week(dir, "2024-03-01");
  {
    const Mail& m1 = One(Mails(dir, "2024-02-26"), "exceptions", Addr("M1"));
    CHECK(Has(m1.text, "Since last week: 2 new, 0 still open, 0 resolved."));
  }

  org.Sup("S2", "2024-03-05", "case", "C103").Alloc("C104", "CP", "S1", "2024-01-15");
  Import(dir, org);
  WeeklyResult w2 = Week(dir, "2024-03-08");
  CHECK(w2.week == "2024-03-04");
  auto mails = Mails(dir, "2024-03-04");
  const Mail& m1 = One(mails, "exceptions", Addr("M1"));
  CHECK(m1.subject == "2 overdue, 0 due soon (1 new): Team One (T1), week of 4 Mar 2024");
  CHECK(Has(m1.text, "Since last week: 1 new, 1 still open, 1 resolved."));
  // The policy has not changed since the first run: in force since its as-of day, and no hash.
  CHECK(Has(m1.text, "Policy in force since 1 Mar 2024. "));
  CHECK(Has(m1.html, "Policy in force since 1&nbsp;Mar&nbsp;2024."));
  CHECK_FALSE(Has(m1.all(), "Policy version"));

  auto c101 = LinesWith(m1.text, "C101");
  REQUIRE(c101.size() == 1);
  CHECK(Has(c101[0], "39 days late"));
  CHECK(Has(c101[0], "[open 2 weeks]"));
  CHECK(Has(m1.html, "open 2 weeks"));

  auto c104 = LinesWith(m1.text, "C104");
  REQUIRE(c104.size() == 1);
  CHECK(Has(c104[0], "25 days late"));
  CHECK(Has(c104[0], "[new]"));

  auto c103 = LinesWith(m1.text, "C103");
  REQUIRE(c103.size() == 1);
  CHECK(Has(c103[0], "Resolved: Case C103, Sol Two (S2)"));
  CHECK(Has(m1.html, "Resolved: Case C103, Sol Two (S2)"));

  // M2's C201 is still open too; nothing of M1's is in M2's email.
  const Mail& m2 = One(mails, "exceptions", Addr("M2"));
  CHECK(Has(m2.text, "Since last week: 0 new, 1 still open, 0 resolved."));
  CHECK_FALSE(Has(m2.all(), "C103"));
}

TEST_CASE("a case that goes from due soon to overdue is not reported as resolved", "[weekly]") {
  // C102 (S1, CIN from 2024-01-20, due 2024-03-02): due soon on 2024-03-01, 6 days
  // overdue on 2024-03-08. Nothing was done about it, so week 2 must not call it resolved.
  TempDir dir;
  Org org = TwoTeams();
  org.Alloc("C102", "CIN", "S1", "2024-01-20");
  Import(dir, org);
  Week(dir, "2024-03-01");
  CHECK(One(Mails(dir, "2024-02-26"), "exceptions", Addr("M1")).subject ==
        "0 overdue, 1 due soon (1 new): Team One (T1), week of 26 Feb 2024");
  Week(dir, "2024-03-08");
  const Mail& m1 = One(Mails(dir, "2024-03-04"), "exceptions", Addr("M1"));
  CHECK(m1.subject == "1 overdue, 0 due soon (0 new): Team One (T1), week of 4 Mar 2024");
  int listed = 0;
  for (const auto& line : LinesWith(m1.text, "C102")) listed += Has(line, "6 days late") && Has(line, "[");
  CHECK(listed == 1);
  // Last week's "due_soon" item is this week's "overdue" one (the plugin's escalation):
  // still open, not resolved.
  CHECK_FALSE(Has(m1.all(), "Resolved: Case C102"));
  CHECK(Has(m1.text, " 0 resolved."));
}

TEST_CASE("a policy that could not run: the email says so and its items are not resolved", "[weekly]") {
  // S2 has never had well-being supervision (overdue since 2020-01-29) and C101 (S1) is
  // overdue: both go to M1 in week 1. In week 2 the well-being plugin raises an error.
  TempDir dir;
  const std::string plugins = dir.File("plugins");
  std::filesystem::create_directory(plugins);
  for (const auto& entry : std::filesystem::directory_iterator(RepoPath("plugins"))) {
    if (entry.path().extension() == ".lua") {
      std::filesystem::copy_file(entry.path(), plugins + "/" + entry.path().filename().string());
    }
  }
  Org org = TwoTeams();
  org.NoWellbeing("S2").Alloc("C101", "CP", "S1", "2024-01-01");
  Import(dir, org);

  WeeklyResult w1 = Week(dir, "2024-03-01", plugins);
  CHECK(w1.failed_plugins.empty());
  {
    const Mail& m1 = One(Mails(dir, "2024-02-26"), "exceptions", Addr("M1"));
    CHECK(m1.subject == "2 overdue, 0 due soon (2 new): Team One (T1), week of 26 Feb 2024");
    REQUIRE(LinesWith(m1.text, "S2: no well-being supervision").size() == 1);
  }

  dir.Write("plugins/wellbeing_supervision.lua",
            "title = \"Well-being supervision\"\n"
            "rules = {}\n"
            "function check()\n"
            "  error(\"deliberately broken for the test\")\n"
            "end\n");
  WeeklyResult w2 = Week(dir, "2024-03-08", plugins);
  REQUIRE(w2.failed_plugins.size() == 1);
  CHECK(w2.failed_plugins[0].rfind("wellbeing_supervision", 0) == 0);

  auto mails = Mails(dir, "2024-03-04");
  const Mail& m1 = One(mails, "exceptions", Addr("M1"));
  auto warning = LinesWith(m1.text, "could not run");
  REQUIRE(warning.size() == 1);
  CHECK(Has(warning[0], "wellbeing_supervision"));
  CHECK(Has(m1.html, "could not run"));
  // S2's well-being item from week 1 is shown, marked not checked, and not resolved.
  auto s2 = LinesWith(m1.text, "S2: no well-being supervision");
  REQUIRE(s2.size() == 1);
  CHECK(Has(s2[0], "not checked"));
  CHECK_FALSE(Has(s2[0], "resolved"));
  CHECK(LinesWith(m1.text, "Resolved:").empty());
  CHECK(Has(m1.text, " 0 resolved."));
  CHECK(Has(m1.html, "not checked this week"));
  // C101 was checked and is still open.
  auto c101 = LinesWith(m1.text, "C101");
  REQUIRE(c101.size() == 1);
  CHECK(Has(c101[0], "[open 2 weeks]"));
}

TEST_CASE("stale data: warnings to the fallback address and the heads of service instead of exceptions",
          "[weekly]") {
  // Dates are relative to I, the day the extract was imported (today). H1 and H2 are
  // heads of service (H2 at the top of a second tree), SM1 a service manager, H3 a head
  // of service who has left. C101 (S1, CP from I - 40) is overdue on every day used.
  auto build = [](Day i) {
    Org o;
    o.WellbeingOn(FormatDate(i - 10));
    o.Team("T0", "Directorate", "H1").Team("T1", "Team One", "M1").Team("T9", "Other", "H2");
    o.Person("H1", "Hana Head", "head_of_service", "T0", "")
        .Person("H2", "Hugo Second", "head_of_service", "T9", "")
        .Person("H3", "Hester Gone", "head_of_service", "T0", "", "2020-01-01", FormatDate(i - 100))
        .Person("SM1", "Sue Service", "service_manager", "T0", "H1")
        .Person("M1", "Mo Manager", "team_manager", "T1", "SM1")
        .Person("S1", "Sam One", "social_worker", "T1", "M1")
        .Alloc("C101", "CP", "S1", FormatDate(i - 40));
    return o;
  };

  SECTION("more than 8 days after the import: stale") {
    TempDir dir;
    Import(dir, build(Today()));
    const Day i = ImportDayOf(dir);  // the UTC day of imported_at
    for (Day d : {i + 20, i + 9}) {
      TempDir fresh;
      Import(fresh, build(i));
      WeeklyResult r = Week(fresh, d);
      INFO("as of " << FormatDate(d) << ", imported " << FormatDate(i));
      CHECK(r.stale);
      CHECK_FALSE(r.stale_message.empty());
      auto mails = Mails(fresh, r.week);
      CHECK(Of(mails, "exceptions").empty());
      CHECK(Of(mails, "digest").empty());
      REQUIRE(mails.size() == 3);
      const Mail& fb = One(mails, "stale", kFallback);
      One(mails, "stale", Addr("H1"));
      One(mails, "stale", Addr("H2"));
      CHECK(Of(mails, "stale", Addr("H3")).empty());
      CHECK(Of(mails, "stale", Addr("SM1")).empty());
      CHECK(Has(fb.subject, "no exceptions sent"));
      CHECK(Has(fb.text, std::to_string(d - i) + " days"));
      CHECK_FALSE(Has(fb.all(), "C101"));
      CHECK(EmlFiles(fresh, r.week).size() == 3);
      // Again in the same week: no second warning.
      WeeklyResult again = Week(fresh, d);
      CHECK(again.stale);
      CHECK(again.queued == 0);
      CHECK(Mails(fresh, r.week).size() == 3);
    }
  }
  SECTION("within 8 days of the import: the normal emails") {
    TempDir probe;
    Import(probe, build(Today()));
    const Day i = ImportDayOf(probe);
    for (Day d : {i + 5, i + 8}) {
      TempDir fresh;
      Import(fresh, build(i));
      WeeklyResult r = Week(fresh, d);
      INFO("as of " << FormatDate(d) << ", imported " << FormatDate(i));
      CHECK_FALSE(r.stale);
      auto mails = Mails(fresh, r.week);
      CHECK(Of(mails, "stale").empty());
      const Mail& m1 = One(mails, "exceptions", Addr("M1"));
      CHECK(Has(m1.text, "C101"));
      CHECK(m1.subject.rfind("1 overdue, 0 due soon (1 new): Team One (T1), week of ", 0) == 0);
      CHECK(Has(m1.text, "Based on the case records extract imported "));
      One(mails, "digest", Addr("H1"));
      One(mails, "digest", Addr("SM1"));
    }
  }
}

TEST_CASE("unrouted exceptions go to mail.fallback", "[weekly]") {
  // S4's chain: M3 (left 2023-12-31, no cover) -> H2 (head of service, away, no cover,
  // top of its tree): unrouted. R1 has no line manager at all (a second root): unrouted.
  // C301 (S4, CP from 2024-01-01) is 32 days overdue, C401 (R1, CIN from 2024-01-20) due
  // soon; C101 (S1 under M1) goes to M1 as usual.
  TempDir dir;
  Org org;
  org.Team("T0", "Directorate", "H1").Team("T1", "Team One", "M1").Team("T3", "Team Three", "M3");
  org.Person("H1", "Hana Head", "head_of_service", "T0", "")
      .Person("H2", "Hal Hollow", "head_of_service", "T0", "")
      .Person("M1", "Mo Manager", "team_manager", "T1", "H1")
      .Person("M3", "Max Gone", "team_manager", "T3", "H2", "2020-01-01", "2023-12-31")
      .Person("S1", "Sam One", "social_worker", "T1", "M1")
      .Person("S4", "Sky Four", "social_worker", "T3", "M3")
      .Person("R1", "Rae Root", "social_worker", "T1", "")
      .Absent("H2", "2024-02-01", "2024-04-30", "sickness")
      .Alloc("C101", "CP", "S1", "2024-01-01")
      .Alloc("C301", "CP", "S4", "2024-01-01")
      .Alloc("C401", "CIN", "R1", "2024-01-20");
  Import(dir, org);
  Week(dir, "2024-03-01");
  auto mails = Mails(dir, "2024-02-26");
  const Mail& fb = One(mails, "exceptions", kFallback);
  CHECK(fb.subject == "1 overdue, 1 due soon (2 new): unrouted exceptions, week of 26 Feb 2024");
  CHECK(Has(fb.text, "C301"));
  CHECK(Has(fb.text, "C401"));
  CHECK(Has(fb.html, "C301"));
  CHECK(Has(fb.html, "C401"));
  CHECK_FALSE(Has(fb.all(), "C101"));
  CHECK(Has(fb.text, "nobody to go to"));
  const Mail& m1 = One(mails, "exceptions", Addr("M1"));
  CHECK(Has(m1.text, "C101"));
  CHECK_FALSE(Has(m1.all(), "C301"));
  for (const char* who : {"M3", "H2", "H1", "R1", "S4"}) {
    INFO(who);
    CHECK(Of(mails, "exceptions", Addr(who)).empty());
  }
  CHECK(Of(mails, "exceptions").size() == 2);
}

TEST_CASE("the digest: one for each head of service and service manager, their part of the tree only",
          "[weekly]") {
  // H1 (head of service) over SM1 and SM2 (service managers, team T0); SM1 over M1
  // (team T1, with S1), SM2 over M2 (team T2, with S3). SM3, a service manager who left in
  // 2023, gets nothing. C101 (S1) and C201 (S3) are overdue in both weeks.
  TempDir dir;
  Org org;
  org.Team("T0", "Directorate", "H1").Team("T1", "Team One", "M1").Team("T2", "Team Two", "M2");
  org.Person("H1", "Hana Head", "head_of_service", "T0", "")
      .Person("SM1", "Sue Service", "service_manager", "T0", "H1")
      .Person("SM2", "Stan Service", "service_manager", "T0", "H1")
      .Person("SM3", "Sal Left", "service_manager", "T0", "H1", "2020-01-01", "2023-06-30")
      .Person("M1", "Mo Manager", "team_manager", "T1", "SM1")
      .Person("M2", "Nia Newman", "team_manager", "T2", "SM2")
      .Person("S1", "Sam One", "social_worker", "T1", "M1")
      .Person("S3", "Sid Three", "social_worker", "T2", "M2")
      .Alloc("C101", "CP", "S1", "2024-01-01")
      .Alloc("C201", "CP", "S3", "2024-01-01");
  Import(dir, org);

  for (const char* as_of : {"2024-03-01", "2024-03-08", "2024-03-10"}) {
    WeeklyResult r = Week(dir, as_of);
    INFO("as of " << as_of);
    auto mails = Mails(dir, r.week);
    CHECK(Of(mails, "digest").size() == 3);
    for (const char* lead : {"H1", "SM1", "SM2"}) {
      INFO(lead);
      CHECK(Of(mails, "digest", Addr(lead)).size() == 1);
      CHECK(Of(mails, "exceptions", Addr(lead)).empty());
    }
    CHECK(Of(mails, "digest", Addr("SM3")).empty());
    CHECK(Of(mails, "digest", Addr("M1")).empty());
    CHECK(Of(mails, "digest", Addr("M2")).empty());
  }

  // Each team's change since last week: none to compare with in the first week.
  CHECK(Has(One(Mails(dir, "2024-02-26"), "digest", Addr("SM1")).text,
            "Team One (T1). Overdue: 1; Change since last week: -; Due soon: 0"));
  auto mails = Mails(dir, "2024-03-04");
  const Mail& sm1 = One(mails, "digest", Addr("SM1"));
  CHECK(Has(sm1.text, "Team One (T1). Overdue: 1; Change since last week: 0; Due soon: 0"));
  const Mail& sm2 = One(mails, "digest", Addr("SM2"));
  const Mail& h1 = One(mails, "digest", Addr("H1"));

  CHECK(Has(sm1.text, "Team One (T1)"));
  CHECK_FALSE(Has(sm1.all(), "(T2)"));
  CHECK_FALSE(Has(sm1.all(), "(T0)"));
  CHECK(Has(sm2.text, "Team Two (T2)"));
  CHECK_FALSE(Has(sm2.all(), "(T1)"));
  CHECK_FALSE(Has(sm2.all(), "(T0)"));
  for (const char* t : {"(T1)", "(T2)"}) CHECK(Has(h1.text, t));
  // The directorate's team has no items and no figures: no empty row, but it is counted.
  CHECK_FALSE(Has(h1.all(), "(T0)"));
  CHECK(Has(h1.text, "1 team has nothing to report this week and is not listed."));
  CHECK(sm1.subject == "1 overdue across 1 team: supervision digest, week of 4 Mar 2024");
  CHECK(h1.subject == "2 overdue across 3 teams: supervision digest, week of 4 Mar 2024");

  // The longest-standing exceptions, open since week 1: each digest lists only its own.
  for (const Mail* m : {&sm1, &sm2, &h1}) {
    CHECK(Has(m->text, "Longest-standing exceptions"));
    CHECK(Has(m->html, "Longest-standing exceptions"));
  }
  auto c101 = LinesWith(sm1.text, "C101");
  REQUIRE(c101.size() == 1);
  CHECK(Has(c101[0], "On the list for: 2 weeks"));
  CHECK_FALSE(Has(sm1.all(), "C201"));
  auto c201 = LinesWith(sm2.text, "C201");
  REQUIRE(c201.size() == 1);
  CHECK(Has(c201[0], "On the list for: 2 weeks"));
  CHECK_FALSE(Has(sm2.all(), "C101"));
  CHECK(Has(h1.text, "C101"));
  CHECK(Has(h1.text, "C201"));
}

TEST_CASE("no email reveals why someone is away; children appear as case ids", "[weekly]") {
  // M1 is off sick with M2 covering, S2 on parental leave (not chased for well-being, but
  // S2's case is still reported), S3 had annual leave in January, and A1, an ASYE worker
  // under M2, had a long parental leave (which pauses the ASYE).
  TempDir dir;
  Org org = TwoTeams();
  org.Person("A1", "Ada Asye", "social_worker", "T2", "M2", "2023-09-01", "", "2023-09-01")
      .Alloc("C101", "CP", "S1", "2024-01-01")
      .Alloc("C103", "CP", "S2", "2024-02-01")
      .Alloc("C201", "CP", "S3", "2024-01-01")
      .Alloc("C501", "CIC", "A1", "2023-10-01")
      .Absent("M1", "2024-02-19", "2024-03-15", "sickness")
      .Absent("S2", "2024-02-15", "2024-06-30", "parental")
      .Absent("S3", "2024-01-02", "2024-01-05", "annual_leave")
      .Absent("A1", "2023-11-01", "2024-01-31", "parental")
      .Cover("M1", "M2", "2024-02-19", "2024-03-15");
  Import(dir, org);
  Week(dir, "2024-03-01");
  Week(dir, "2024-03-08");

  std::vector<Mail> all = Mails(dir, "2024-02-26");
  for (Mail& m : Mails(dir, "2024-03-04")) all.push_back(std::move(m));
  CHECK(Of(all, "exceptions").size() >= 2);
  CHECK(Of(all, "digest").size() == 2);
  for (const Mail& m : all) {
    INFO(m.kind << " to " << m.address << ": " << m.subject);
    const std::string text = Org::Lower(m.all());
    for (const char* word : {"sickness", "sick", "parental", "maternity", "paternity", "annual_leave",
                             "annual leave", "illness"}) {
      INFO(word);
      CHECK_FALSE(Has(text, word));
    }
  }
  for (const char* week : {"2024-02-26", "2024-03-04"}) {
    auto mails = Mails(dir, week);
    const Mail& m2 = One(mails, "exceptions", Addr("M2"));
    for (const char* c : {"C101", "C103", "C201"}) {
      INFO(week << " " << c);
      CHECK(Has(m2.text, c));
      CHECK(Has(m2.html, c));
    }
    // The only names in the email are the staff's: the recipient and whom they cover for.
    CHECK(Has(m2.text, "Nia Newman"));
    CHECK(Has(m2.text, "Mo Manager (M1)"));
  }
}
