// Routing (policies.md, "Routing: who receives an exception"): who receives the
// exceptions about a worker on the as-of day. Each scenario is a small hand-written
// council; the recipient is read off a shipped policy's exception (a case never
// supervised gives a case_supervision `overdue`), and RouteToCover / ActiveCover are
// also asked directly over a loaded Organisation.
//
// The tree used throughout (everyone employed from 2020-01-01, fte 1):
//
//   H1 head_of_service (no line manager)
//   └── SM1 service_manager
//       ├── M1 team_manager (T1) ── S1, S2 social workers
//       └── M2 team_manager (T2) ── W9, W10 senior practitioners
//
// As-of day D = 2024-03-01 unless a test says otherwise. C1 is a CP case allocated to
// S1 on 2024-01-01 and never supervised: due 2024-01-01 + 28 = 2024-01-29, and on D it
// is 32 days overdue (2 days left of January + 29 of February + 1). So every scenario
// expects "case_supervision overdue S1 C1 <recipient> 2024-01-29 32 - -".
#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>
#include <stdexcept>

#include "checks/routing.h"
#include "store/organisation.h"
#include "store/sqlite.h"
#include "test_support.h"

using namespace oversight;
using namespace oversight::test;

namespace {

struct WorkerRow {
  std::string id, role, team, line_manager, start = "2020-01-01", end;
};

// A council written row by row; rendered into an Extract on demand.
class Council {
 public:
  Council() {
    workers_ = {
        {"H1", "head_of_service", "T0", "", "2020-01-01", ""},
        {"SM1", "service_manager", "T0", "H1", "2020-01-01", ""},
        {"M1", "team_manager", "T1", "SM1", "2020-01-01", ""},
        {"M2", "team_manager", "T2", "SM1", "2020-01-01", ""},
        {"S1", "social_worker", "T1", "M1", "2020-01-01", ""},
        {"S2", "social_worker", "T1", "M1", "2020-01-01", ""},
        {"W9", "senior_practitioner", "T2", "M2", "2020-01-01", ""},
        {"W10", "senior_practitioner", "T2", "M2", "2020-01-01", ""},
    };
    Alloc("C1", "S1", "2024-01-01");
  }
  WorkerRow& Worker(const std::string& id) {
    for (auto& w : workers_) {
      if (w.id == id) return w;
    }
    throw std::runtime_error("no worker " + id);
  }
  Council& Add(const WorkerRow& w) {
    workers_.push_back(w);
    return *this;
  }
  Council& Alloc(const std::string& c, const std::string& w, const std::string& start) {
    allocations_ += c + ",CP," + w + ",key_worker," + start + ",\n";
    return *this;
  }
  Council& Absent(const std::string& w, const std::string& from, const std::string& to) {
    absences_ += w + "," + from + "," + to + ",sickness\n";
    return *this;
  }
  Council& Cover(const std::string& m, const std::string& c, const std::string& from,
                 const std::string& to) {
    cover_ += m + "," + c + "," + from + "," + to + "\n";
    return *this;
  }
  Extract extract() const {
    std::string workers =
        "worker_id,name,email,role,team_id,line_manager_id,fte,start_date,end_date,asye_start\n";
    int n = 0;
    for (const auto& w : workers_) {
      // Emails from a counter, so that any id (even a non-ASCII one) gives a valid address.
      workers += w.id + ",Name " + w.id + ",w" + std::to_string(++n) + "@council.example," + w.role + "," + w.team +
                 "," + w.line_manager + ",1.0," + w.start + "," + w.end + ",\n";
    }
    return {
        {"teams.csv",
         "team_id,name,service,manager_id\nT0,Directorate,Directorate,H1\n"
         "T1,Team One,Family Safeguarding,M1\nT2,Team Two,Children in Care,M2\n"},
        {"workers.csv", workers},
        {"allocations.csv", "case_id,case_type,worker_id,role,start_date,end_date\n" + allocations_},
        {"supervisions.csv", "supervision_id,worker_id,supervisor_id,date,kind,case_id,recorded_date\n"},
        {"absences.csv", "worker_id,start_date,end_date,kind\n" + absences_},
        {"cover.csv", "manager_id,cover_id,start_date,end_date\n" + cover_},
    };
  }

 private:
  std::vector<WorkerRow> workers_;
  std::string allocations_, absences_, cover_;
};

void Import(const TempDir& dir, const Council& c) {
  ImportReport report;
  Status st = ImportExtractText(dir, c.extract(), &report);
  if (!st.ok()) {
    std::ostringstream errors;
    report.errors.Print(errors);
    FAIL("import failed: " << st.message() << "\n" << errors.str());
  }
}

// The case_supervision summaries of a run on `as_of`, sorted.
std::vector<std::string> CaseLines(const Council& c, const std::string& as_of = "2024-03-01") {
  TempDir dir;
  Import(dir, c);
  auto run = RunShipped(dir, as_of);
  if (!run.ok()) FAIL("check failed: " << run.status().message());
  for (const auto& p : run->plugins) {
    INFO(p.name << ": " << p.reason);
    CHECK(p.state != PluginOutcome::State::kFailed);
  }
  auto lines = Summaries(*run, "case_supervision");
  std::sort(lines.begin(), lines.end());
  return lines;
}

// The expected line for S1's never-supervised C1 on 2024-03-01.
std::vector<std::string> C1To(const std::string& recipient) {
  return {"case_supervision overdue S1 C1 " + recipient + " 2024-01-29 32 - -"};
}

}  // namespace

TEST_CASE("a present line manager receives the exception", "[routing]") {
  Council c;
  SECTION("no absences at all") { CHECK(CaseLines(c) == C1To("M1")); }
  SECTION("an absence that ended the day before D") {
    c.Absent("M1", "2024-02-20", "2024-02-29");
    CHECK(CaseLines(c) == C1To("M1"));
  }
  SECTION("an absence that starts the day after D") {
    c.Absent("M1", "2024-03-02", "2024-03-10");
    CHECK(CaseLines(c) == C1To("M1"));
  }
  SECTION("a cover row for a manager who is not away is not used") {
    c.Cover("M1", "M2", "2024-02-01", "2024-03-31");
    CHECK(CaseLines(c) == C1To("M1"));
  }
  SECTION("a manager whose employment ends on D is still employed") {
    c.Worker("M1").end = "2024-03-01";
    CHECK(CaseLines(c) == C1To("M1"));
  }
}

TEST_CASE("an absent manager without cover: the next manager up", "[routing]") {
  Council c;
  SECTION("absent across D") { c.Absent("M1", "2024-02-26", "2024-03-08"); }
  SECTION("absent on D only (both ends inclusive)") { c.Absent("M1", "2024-03-01", "2024-03-01"); }
  SECTION("an absence ending on D") { c.Absent("M1", "2024-02-26", "2024-03-01"); }
  SECTION("cover rows exist but none is active on D") {
    c.Absent("M1", "2024-02-26", "2024-03-08");
    c.Cover("M1", "M2", "2024-02-26", "2024-02-29");  // ended the day before
    c.Cover("M1", "W9", "2024-03-02", "2024-03-08");  // starts the day after
  }
  SECTION("a cover row for someone else does not help") {
    c.Absent("M1", "2024-02-26", "2024-03-08");
    c.Cover("M2", "W9", "2024-02-26", "2024-03-08");
  }
  CHECK(CaseLines(c) == C1To("SM1"));
}

TEST_CASE("an absent manager with cover: the cover receives it", "[routing]") {
  Council c;
  c.Absent("M1", "2024-02-26", "2024-03-08");
  SECTION("another team manager covers") {
    c.Cover("M1", "M2", "2024-02-26", "2024-03-08");
    CHECK(CaseLines(c) == C1To("M2"));
  }
  SECTION("a cover row starting on D is active") {
    c.Cover("M1", "M2", "2024-03-01", "2024-03-08");
    CHECK(CaseLines(c) == C1To("M2"));
  }
  SECTION("a cover row ending on D is active") {
    c.Cover("M1", "M2", "2024-02-26", "2024-03-01");
    CHECK(CaseLines(c) == C1To("M2"));
  }
  SECTION("a senior practitioner from another team covers") {
    c.Cover("M1", "W9", "2024-02-26", "2024-03-08");
    CHECK(CaseLines(c) == C1To("W9"));
  }
  SECTION("a cover whose employment ends on D is still employed") {
    c.Cover("M1", "M2", "2024-02-26", "2024-03-08");
    c.Worker("M2").end = "2024-03-01";
    CHECK(CaseLines(c) == C1To("M2"));
  }
}

TEST_CASE("a cover who is absent, has left or has not started: the next manager up", "[routing]") {
  Council c;
  c.Absent("M1", "2024-02-26", "2024-03-08");
  c.Cover("M1", "M2", "2024-02-26", "2024-03-08");
  SECTION("the cover is absent on D") { c.Absent("M2", "2024-03-01", "2024-03-02"); }
  SECTION("the cover left the day before D") { c.Worker("M2").end = "2024-02-29"; }
  SECTION("the cover starts the day after D") { c.Worker("M2").start = "2024-03-02"; }
  CHECK(CaseLines(c) == C1To("SM1"));
}

TEST_CASE("two active cover rows: latest start, then smallest cover_id; no other row tried",
          "[routing]") {
  Council c;
  c.Absent("M1", "2024-02-01", "2024-03-31");
  SECTION("the row that started later wins, whatever the file order") {
    // M2 from 2024-02-01, W9 from 2024-02-15: W9's row is the later one.
    c.Cover("M1", "W9", "2024-02-15", "2024-03-31");
    c.Cover("M1", "M2", "2024-02-01", "2024-03-31");
    CHECK(CaseLines(c) == C1To("W9"));
  }
  SECTION("the later start wins even when that row ends sooner") {
    c.Cover("M1", "M2", "2024-02-01", "2024-03-31");
    c.Cover("M1", "W9", "2024-02-20", "2024-03-01");
    CHECK(CaseLines(c) == C1To("W9"));
  }
  SECTION("a later row that is not active yet does not compete") {
    c.Cover("M1", "W9", "2024-02-15", "2024-03-31");
    c.Cover("M1", "W10", "2024-03-02", "2024-03-31");
    CHECK(CaseLines(c) == C1To("W9"));
  }
  SECTION("same start: the smallest cover_id in byte order, W10 before W9") {
    c.Cover("M1", "W9", "2024-02-15", "2024-03-31");
    c.Cover("M1", "W10", "2024-02-15", "2024-03-31");
    CHECK(CaseLines(c) == C1To("W10"));
  }
  SECTION("same start, the other file order") {
    c.Cover("M1", "W10", "2024-02-15", "2024-03-31");
    c.Cover("M1", "W9", "2024-02-15", "2024-03-31");
    CHECK(CaseLines(c) == C1To("W10"));
  }
  SECTION("byte order, not signed-char order: \"Wz\" (0x7A) before \"W\xC3\xA9\"") {
    c.Add({"W\xC3\xA9", "senior_practitioner", "T2", "M2", "2020-01-01", ""});
    c.Add({"Wz", "senior_practitioner", "T2", "M2", "2020-01-01", ""});
    c.Cover("M1", "W\xC3\xA9", "2024-02-15", "2024-03-31");
    c.Cover("M1", "Wz", "2024-02-15", "2024-03-31");
    CHECK(CaseLines(c) == C1To("Wz"));
  }
  SECTION("the chosen (later) cover is absent: M2's earlier row is not tried") {
    c.Cover("M1", "M2", "2024-02-01", "2024-03-31");
    c.Cover("M1", "W9", "2024-02-15", "2024-03-31");
    c.Absent("W9", "2024-03-01", "2024-03-01");
    CHECK(CaseLines(c) == C1To("SM1"));
  }
  SECTION("the chosen (W10) cover has left: W9's row is not tried") {
    c.Cover("M1", "W9", "2024-02-15", "2024-03-31");
    c.Cover("M1", "W10", "2024-02-15", "2024-03-31");
    c.Worker("W10").end = "2024-02-29";
    CHECK(CaseLines(c) == C1To("SM1"));
  }
}

TEST_CASE("a worker covering for their own manager has their own exceptions sent further up",
          "[routing]") {
  Council c;
  c.Alloc("C2", "S2", "2024-01-01");  // S2's own never-supervised CP case, same dates as C1
  c.Absent("M1", "2024-02-26", "2024-03-08");
  c.Cover("M1", "S1", "2024-02-26", "2024-03-08");
  SECTION("S1 covers M1: S1's case goes to SM1, S2's case goes to S1") {
    CHECK(CaseLines(c) == std::vector<std::string>{
                              "case_supervision overdue S1 C1 SM1 2024-01-29 32 - -",
                              "case_supervision overdue S2 C2 S1 2024-01-29 32 - -"});
  }
  SECTION("S1 also covers the absent SM1: S1's case goes past both to H1") {
    c.Absent("SM1", "2024-02-26", "2024-03-08");
    c.Cover("SM1", "S1", "2024-02-26", "2024-03-08");
    CHECK(CaseLines(c) == std::vector<std::string>{
                              "case_supervision overdue S1 C1 H1 2024-01-29 32 - -",
                              "case_supervision overdue S2 C2 S1 2024-01-29 32 - -"});
  }
}

TEST_CASE("a manager who has left or not yet started: the next manager up, or their cover",
          "[routing]") {
  Council c;
  SECTION("left the day before D") {
    c.Worker("M1").end = "2024-02-29";
    CHECK(CaseLines(c) == C1To("SM1"));
  }
  SECTION("starts the day after D") {
    c.Worker("M1").start = "2024-03-02";
    CHECK(CaseLines(c) == C1To("SM1"));
  }
  SECTION("left, with a cover row still active: the cover") {
    // route(m) consults m's cover whenever m is not both employed and present.
    c.Worker("M1").end = "2024-02-29";
    c.Cover("M1", "M2", "2024-02-15", "2024-03-31");
    CHECK(CaseLines(c) == C1To("M2"));
  }
}

TEST_CASE("a chain of absent managers", "[routing]") {
  Council c;
  c.Absent("M1", "2024-02-26", "2024-03-08");
  SECTION("M1 and SM1 both absent: the head of service") {
    c.Absent("SM1", "2024-03-01", "2024-03-01");
    CHECK(CaseLines(c) == C1To("H1"));
  }
  SECTION("M1 absent, SM1 absent with cover: SM1's cover") {
    c.Absent("SM1", "2024-02-20", "2024-03-05");
    c.Cover("SM1", "M2", "2024-02-20", "2024-03-05");
    CHECK(CaseLines(c) == C1To("M2"));
  }
  SECTION("M1's cover absent, SM1 gone: the head of service") {
    c.Cover("M1", "M2", "2024-02-26", "2024-03-08");
    c.Absent("M2", "2024-03-01", "2024-03-04");
    c.Worker("SM1").end = "2024-01-31";
    CHECK(CaseLines(c) == C1To("H1"));
  }
  SECTION("everyone above absent except H1's cover") {
    c.Absent("SM1", "2024-02-26", "2024-03-08");
    c.Absent("H1", "2024-02-26", "2024-03-08");
    c.Cover("H1", "W10", "2024-02-26", "2024-03-08");
    CHECK(CaseLines(c) == C1To("W10"));
  }
}

TEST_CASE("nobody left above: the exception is unrouted", "[routing]") {
  Council c;
  SECTION("every manager up the chain absent, no cover") {
    c.Absent("M1", "2024-02-26", "2024-03-08");
    c.Absent("SM1", "2024-02-26", "2024-03-08");
    c.Absent("H1", "2024-03-01", "2024-03-01");
    CHECK(CaseLines(c) == C1To("-"));
  }
  SECTION("the top of the tree gone, the rest absent") {
    c.Absent("M1", "2024-02-26", "2024-03-08");
    c.Absent("SM1", "2024-02-26", "2024-03-08");
    c.Worker("H1").end = "2024-02-01";
    CHECK(CaseLines(c) == C1To("-"));
  }
  SECTION("a subject without a line manager (the head holds a case)") {
    c.Alloc("C3", "H1", "2024-01-01");
    CHECK(CaseLines(c) == std::vector<std::string>{
                              "case_supervision overdue H1 C3 - 2024-01-29 32 - -",
                              "case_supervision overdue S1 C1 M1 2024-01-29 32 - -"});
  }
  SECTION("the only cover at the top is the subject themselves") {
    // S1 covers H1; M1 and SM1 are away: S1 may not receive their own exception.
    c.Absent("M1", "2024-02-26", "2024-03-08");
    c.Absent("SM1", "2024-02-26", "2024-03-08");
    c.Absent("H1", "2024-02-26", "2024-03-08");
    c.Cover("H1", "S1", "2024-02-26", "2024-03-08");
    CHECK(CaseLines(c) == C1To("-"));
  }
}

TEST_CASE("unrouted exceptions carry no recipient in the run", "[routing]") {
  Council c;
  c.Absent("M1", "2024-02-26", "2024-03-08");
  c.Absent("SM1", "2024-02-26", "2024-03-08");
  c.Absent("H1", "2024-02-26", "2024-03-08");
  TempDir dir;
  Import(dir, c);
  auto run = RunShipped(dir, "2024-03-01");
  REQUIRE(run.ok());
  bool seen = false;
  for (const PolicyException& e : run->exceptions) {
    if (e.policy != "case_supervision") continue;
    seen = true;
    CHECK_FALSE(e.recipient.has_value());
  }
  CHECK(seen);
}

TEST_CASE("RouteToCover and ActiveCover over a loaded organisation, day by day", "[routing]") {
  // Timeline: M1 away 2024-03-04..03-15. Cover rows: M2 for 03-04..03-08, W9 for
  // 03-06..03-15 (the later start, so W9's row wins from 03-06). W9 is off on 03-07.
  //   03-03 M1 present                       -> M1  (no cover row active)
  //   03-04 M1 away, only M2's row           -> M2
  //   03-05                                  -> M2
  //   03-06 both rows active, W9's is later  -> W9
  //   03-07 W9 away; M2's row not tried      -> SM1
  //   03-08                                  -> W9
  //   03-15 last day of W9's row and absence -> W9
  //   03-16 M1 back                          -> M1  (no cover row active)
  Council c;
  c.Absent("M1", "2024-03-04", "2024-03-15");
  c.Cover("M1", "M2", "2024-03-04", "2024-03-08");
  c.Cover("M1", "W9", "2024-03-06", "2024-03-15");
  c.Absent("W9", "2024-03-07", "2024-03-07");
  TempDir dir;
  Import(dir, c);
  auto db = Database::Open(dir.File("store.db"), Database::Mode::kReadOnly);
  REQUIRE(db.ok());
  auto loaded = Organisation::Load(&*db);
  REQUIRE(loaded.ok());
  const Organisation& org = loaded.value();

  auto key = [&](const char* id) {
    WorkerKey k = org.FindWorker(id);
    REQUIRE(k != 0);
    return k;
  };
  auto day = [](const char* d) { return *ParseDate(d); };
  auto route = [&](const char* subject, const char* d) -> std::string {
    auto r = RouteToCover(org, key(subject), day(d));
    return r ? org.worker(*r).id : "-";
  };
  auto cover = [&](const char* manager, const char* d) -> std::string {
    const CoverRow* row = ActiveCover(org, key(manager), day(d));
    return row ? org.worker(row->cover).id : "-";
  };

  CHECK(route("S1", "2024-03-03") == "M1");
  CHECK(route("S1", "2024-03-04") == "M2");
  CHECK(route("S1", "2024-03-05") == "M2");
  CHECK(route("S1", "2024-03-06") == "W9");
  CHECK(route("S1", "2024-03-07") == "SM1");
  CHECK(route("S1", "2024-03-08") == "W9");
  CHECK(route("S1", "2024-03-15") == "W9");
  CHECK(route("S1", "2024-03-16") == "M1");

  CHECK(cover("M1", "2024-03-03") == "-");
  CHECK(cover("M1", "2024-03-04") == "M2");
  CHECK(cover("M1", "2024-03-06") == "W9");
  CHECK(cover("M1", "2024-03-07") == "W9");  // the row is active even though W9 is away
  CHECK(cover("M1", "2024-03-09") == "W9");
  CHECK(cover("M1", "2024-03-16") == "-");
  CHECK(cover("M2", "2024-03-06") == "-");  // nobody covers M2

  // Others on the busy day: W9's own manager M2 is present; M1's and M2's manager is SM1;
  // SM1's is H1; H1 has nobody above.
  CHECK(route("W9", "2024-03-06") == "M2");
  CHECK(route("M1", "2024-03-06") == "SM1");
  CHECK(route("SM1", "2024-03-06") == "H1");
  CHECK(route("H1", "2024-03-06") == "-");
}

TEST_CASE("RouteToCover skips the subject as cover at every level", "[routing]") {
  // W9 covers both M2 (its own manager) and SM1 while both are away on 2024-03-01.
  //   route(W9): M2 away, cover W9 is the subject -> SM1 away, cover W9 again -> H1.
  //   route(W10): M2 away, cover W9 present and not W10 -> W9.
  //   route(M2): SM1 away, cover W9 -> W9 (a junior may cover a senior).
  Council c;
  c.Absent("M2", "2024-02-26", "2024-03-08");
  c.Absent("SM1", "2024-02-26", "2024-03-08");
  c.Cover("M2", "W9", "2024-02-26", "2024-03-08");
  c.Cover("SM1", "W9", "2024-02-26", "2024-03-08");
  TempDir dir;
  Import(dir, c);
  auto db = Database::Open(dir.File("store.db"), Database::Mode::kReadOnly);
  REQUIRE(db.ok());
  auto loaded = Organisation::Load(&*db);
  REQUIRE(loaded.ok());
  const Organisation& org = loaded.value();
  Day d = *ParseDate("2024-03-01");
  auto route = [&](const char* subject) -> std::string {
    auto r = RouteToCover(org, org.FindWorker(subject), d);
    return r ? org.worker(*r).id : "-";
  };
  CHECK(route("W9") == "H1");
  CHECK(route("W10") == "W9");
  CHECK(route("M2") == "W9");
  CHECK(route("S1") == "M1");
}
