// The four shipped policies (policies.md §1-4, with config/policy.lua's settings) on
// small hand-written councils. Every expected exception is worked out by hand from the
// spec in the comments next to it; tests compare sorted summary lines of the form
// "policy code worker case recipient due overdue value limit" ("-" for null).
//
// Unless a test says otherwise: the as-of day D is 2024-03-01 (2024 is a leap year, so
// February has 29 days and 2024-02-29 = D - 1); the council is SmallCouncil() (H1 head of
// service over M1, team manager of T1, over social workers S1 and S2) plus the workers
// a test adds, all under M1 and so routed to M1 (M1 itself is routed to H1).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "test_support.h"

using namespace oversight;
using namespace oversight::test;

namespace {

using Lines = std::vector<std::string>;

// SmallCouncil() with rows added: workers, allocations, supervisions, absences and
// development time. Supervision ids are numbered automatically; the supervisor is H1.
class Council {
 public:
  // A worker under M1 in team T1; dates as written ("" for none).
  Council& Worker(const std::string& id, const std::string& role = "social_worker",
                  const std::string& fte = "1.0", const std::string& start = "2020-01-01",
                  const std::string& end = "", const std::string& asye = "",
                  const std::string& line_manager = "M1") {
    workers_ += id + ",Name " + id + "," + id + "@council.example," + role + ",T1," + line_manager +
                "," + fte + "," + start + "," + end + "," + asye + "\n";
    return *this;
  }
  Council& Alloc(const std::string& c, const std::string& type, const std::string& worker,
                 const std::string& start, const std::string& end = "",
                 const std::string& role = "key_worker") {
    allocations_ += c + "," + type + "," + worker + "," + role + "," + start + "," + end + "\n";
    return *this;
  }
  Council& Sup(const std::string& worker, const std::string& date, const std::string& kind,
               const std::string& case_id = "") {
    supervisions_ += "SUP" + std::to_string(++next_sup_) + "," + worker + ",H1," + date + "," + kind +
                     "," + case_id + ",\n";
    return *this;
  }
  Council& Absent(const std::string& worker, const std::string& from, const std::string& to) {
    absences_ += worker + "," + from + "," + to + ",sickness\n";
    return *this;
  }
  Council& Hours(const std::string& worker, const std::string& date, const std::string& hours) {
    development_ += worker + "," + date + "," + hours + "\n";
    return *this;
  }
  Extract extract() const {
    Extract x = SmallCouncil();
    x["workers.csv"] += workers_;
    x["allocations.csv"] += allocations_;
    x["supervisions.csv"] += supervisions_;
    x["absences.csv"] = "worker_id,start_date,end_date,kind\n" + absences_;
    x["development_time.csv"] = "worker_id,date,hours\n" + development_;
    return x;
  }

 private:
  std::string workers_, allocations_, supervisions_, absences_, development_;
  int next_sup_ = 0;
};

// Imports the council and runs the shipped plugins on `as_of`.
CheckRun Check(const Council& c, const std::string& as_of = "2024-03-01") {
  TempDir dir;
  ImportReport report;
  Status st = ImportExtractText(dir, c.extract(), &report);
  if (!st.ok()) {
    std::ostringstream errors;
    report.errors.Print(errors);
    FAIL("import failed: " << st.message() << "\n" << errors.str());
  }
  auto run = RunShipped(dir, as_of);
  if (!run.ok()) FAIL("check failed: " << run.status().message());
  for (const auto& p : run->plugins) {
    INFO(p.name << ": " << p.reason);
    REQUIRE(p.state != PluginOutcome::State::kFailed);
  }
  return std::move(run.value());
}

Lines Sorted(Lines v) {
  std::sort(v.begin(), v.end());
  return v;
}

Lines Of(const CheckRun& run, const std::string& policy) { return Sorted(Summaries(run, policy)); }

// The severity of the one exception with this policy, code and worker (and case).
std::string Severity(const CheckRun& run, const std::string& policy, const std::string& code,
                     const std::string& worker, const std::string& case_id = "") {
  std::string found;
  int n = 0;
  for (const PolicyException& e : run.exceptions) {
    if (e.policy == policy && e.code == code && run.org.worker(e.worker).id == worker &&
        e.case_id.value_or("") == case_id) {
      found = e.severity;
      ++n;
    }
  }
  return n == 1 ? found : "(" + std::to_string(n) + " matches)";
}

// Adds `n` allocations of one type, ids prefix001.., starting 2024-02-01.
void Many(Council& c, const std::string& worker, const std::string& prefix, int n,
          const std::string& type = "CP", const std::string& role = "key_worker") {
  for (int i = 1; i <= n; ++i) {
    char id[32];
    std::snprintf(id, sizeof id, "%s%03d", prefix.c_str(), i);
    c.Alloc(id, type, worker, "2024-02-01", "", role);
  }
}

}  // namespace

// ---------------------------------------------------------------------------------------
// 1. case_supervision
// ---------------------------------------------------------------------------------------

TEST_CASE("case_supervision: overdue counts days from the latest case supervision", "[policy]") {
  // C1 (CP, 28 days) allocated to S1 on 2024-01-01, supervised on 01-10 and 01-20.
  // base = 2024-01-20 (the latest), due = 01-20 + 28 = 2024-02-17;
  // D - due = 12 (02-18..02-29) + 1 = 13 days overdue.
  Council c;
  c.Alloc("C1", "CP", "S1", "2024-01-01");
  c.Sup("S1", "2024-01-10", "case", "C1").Sup("S1", "2024-01-20", "case", "C1");
  CheckRun run = Check(c);
  CHECK(Of(run, "case_supervision") == Lines{"case_supervision overdue S1 C1 M1 2024-02-17 13 - -"});
  CHECK(Severity(run, "case_supervision", "overdue", "S1", "C1") == "breach");
}

TEST_CASE("case_supervision: due_soon is D <= due < D + 7", "[policy]") {
  // All CP (28 days), allocated to S1 on 2024-01-01:
  //   C1 supervised 02-01 -> due 02-29 = D - 1: overdue by 1
  //   C2 supervised 02-02 -> due 03-01 = D:     due_soon (not overdue)
  //   C3 supervised 02-08 -> due 03-07 = D + 6: due_soon
  //   C4 supervised 02-09 -> due 03-08 = D + 7: nothing
  Council c;
  for (const char* k : {"C1", "C2", "C3", "C4"}) c.Alloc(k, "CP", "S1", "2024-01-01");
  c.Sup("S1", "2024-02-01", "case", "C1").Sup("S1", "2024-02-02", "case", "C2");
  c.Sup("S1", "2024-02-08", "case", "C3").Sup("S1", "2024-02-09", "case", "C4");
  CheckRun run = Check(c);
  CHECK(Of(run, "case_supervision") == Lines{
                                           "case_supervision due_soon S1 C2 M1 2024-03-01 - - -",
                                           "case_supervision due_soon S1 C3 M1 2024-03-07 - - -",
                                           "case_supervision overdue S1 C1 M1 2024-02-29 1 - -",
                                       });
  CHECK(Severity(run, "case_supervision", "due_soon", "S1", "C2") == "warning");
  CHECK(Severity(run, "case_supervision", "overdue", "S1", "C1") == "breach");
}

TEST_CASE("case_supervision: which supervisions count", "[policy]") {
  // All CP (28 days). Without a counting supervision, base = allocation start; for a start
  // of 2024-01-01 that is due 01-29 and 32 days overdue on D.
  //   C1 from 2024-02-01, case supervision 01-31 (before the start): does not count;
  //      due 02-01 + 28 = 02-29, overdue 1 (counted, it would be due 02-28, overdue 2).
  //   C2: S1's case supervision on 02-20 is about C99, another case: overdue 32.
  //   C3: a personal (and a wellbeing) supervision naming C3: do not count: overdue 32.
  //   C4: a group supervision on 02-20 counts: due 03-19: nothing.
  //   C5: a case supervision of C5 with S2, not the holder S1: overdue 32.
  //   C6: a case supervision dated 03-05, after D: does not count: overdue 32.
  //   C7: a case supervision dated D counts: due 03-29: nothing.
  //   C8 from 2024-02-03, never supervised: due 03-02, within the week: due_soon.
  Council c;
  c.Alloc("C1", "CP", "S1", "2024-02-01").Sup("S1", "2024-01-31", "case", "C1");
  c.Alloc("C2", "CP", "S1", "2024-01-01").Sup("S1", "2024-02-20", "case", "C99");
  c.Alloc("C3", "CP", "S1", "2024-01-01").Sup("S1", "2024-02-20", "personal", "C3");
  c.Sup("S1", "2024-02-21", "wellbeing", "C3");
  c.Alloc("C4", "CP", "S1", "2024-01-01").Sup("S1", "2024-02-20", "group", "C4");
  c.Alloc("C5", "CP", "S1", "2024-01-01").Sup("S2", "2024-02-20", "case", "C5");
  c.Alloc("C6", "CP", "S1", "2024-01-01").Sup("S1", "2024-03-05", "case", "C6");
  c.Alloc("C7", "CP", "S1", "2024-01-01").Sup("S1", "2024-03-01", "case", "C7");
  c.Alloc("C8", "CP", "S1", "2024-02-03");
  CheckRun run = Check(c);
  CHECK(Of(run, "case_supervision") == Lines{
                                           "case_supervision due_soon S1 C8 M1 2024-03-02 - - -",
                                           "case_supervision overdue S1 C1 M1 2024-02-29 1 - -",
                                           "case_supervision overdue S1 C2 M1 2024-01-29 32 - -",
                                           "case_supervision overdue S1 C3 M1 2024-01-29 32 - -",
                                           "case_supervision overdue S1 C5 M1 2024-01-29 32 - -",
                                           "case_supervision overdue S1 C6 M1 2024-01-29 32 - -",
                                       });
}

TEST_CASE("case_supervision: each allocation row is judged on its own", "[policy]") {
  //   C1 was CIN with S1 from 2023-06-01 to 2024-01-31, then CP from 2024-02-01 (a change
  //      of case type is a new row). The CIN row is closed. The CP row's clock starts at
  //      its own start: the case supervision of 2024-01-20 is before it and does not
  //      count -> due 02-01 + 28 = 02-29, overdue 1.
  //   C2 has two open CP rows with S1, from 2024-01-01 and 2024-01-05: two exceptions,
  //      due 01-29 (32 overdue) and 02-02 (28 overdue).
  Council c;
  c.Alloc("C1", "CIN", "S1", "2023-06-01", "2024-01-31").Alloc("C1", "CP", "S1", "2024-02-01");
  c.Sup("S1", "2024-01-20", "case", "C1");
  c.Alloc("C2", "CP", "S1", "2024-01-01").Alloc("C2", "CP", "S1", "2024-01-05");
  CheckRun run = Check(c);
  CHECK(Of(run, "case_supervision") == Lines{
                                           "case_supervision overdue S1 C1 M1 2024-02-29 1 - -",
                                           "case_supervision overdue S1 C2 M1 2024-01-29 32 - -",
                                           "case_supervision overdue S1 C2 M1 2024-02-02 28 - -",
                                       });
}

TEST_CASE("case_supervision: holder_not_employed for a leaver and a future starter", "[policy]") {
  //   S3 left 2024-02-15 and still holds C1 (open): holder_not_employed, breach.
  //   S3's C4 ended 2024-02-15: closed, ignored.
  //   S4 starts 2024-04-01 and already holds C2: holder_not_employed.
  //   S5's employment ends on D: still employed; C3 (CP from 01-01) is overdue 32.
  // holder_not_employed has no due date, days overdue, value or limit.
  Council c;
  c.Worker("S3", "social_worker", "1.0", "2020-01-01", "2024-02-15");
  c.Worker("S4", "social_worker", "1.0", "2024-04-01");
  c.Worker("S5", "social_worker", "1.0", "2020-01-01", "2024-03-01");
  c.Alloc("C1", "CP", "S3", "2023-06-01").Alloc("C4", "CIN", "S3", "2023-06-01", "2024-02-15");
  c.Alloc("C2", "CIN", "S4", "2024-02-01");
  c.Alloc("C3", "CP", "S5", "2024-01-01");
  CheckRun run = Check(c);
  CHECK(Of(run, "case_supervision") == Lines{
                                           "case_supervision holder_not_employed S3 C1 M1 - - - -",
                                           "case_supervision holder_not_employed S4 C2 M1 - - - -",
                                           "case_supervision overdue S5 C3 M1 2024-01-29 32 - -",
                                       });
  CHECK(Severity(run, "case_supervision", "holder_not_employed", "S3", "C1") == "breach");
  CHECK(Severity(run, "case_supervision", "holder_not_employed", "S4", "C2") == "breach");
}

TEST_CASE("case_supervision: each case type has its own interval", "[policy]") {
  // S1's cases allocated 2023-12-01, never supervised; D = 2023-12-01 + 91.
  //   CP  28: due 2023-12-29, overdue 91 - 28 = 63
  //   CIN 42: due 2024-01-12, overdue 49;  CIC 42: the same
  //   CL  56: due 2024-01-26, overdue 35
  //   CWD 84: due 2024-02-23, overdue 7
  // S2's cases start exactly one interval before D, so each falls due on D (due_soon):
  //   CP 2024-02-02, CIN and CIC 2024-01-19, CL 2024-01-05, CWD 2023-12-08.
  Council c;
  c.Alloc("A-CP", "CP", "S1", "2023-12-01").Alloc("A-CIN", "CIN", "S1", "2023-12-01");
  c.Alloc("A-CIC", "CIC", "S1", "2023-12-01").Alloc("A-CL", "CL", "S1", "2023-12-01");
  c.Alloc("A-CWD", "CWD", "S1", "2023-12-01");
  c.Alloc("B-CP", "CP", "S2", "2024-02-02").Alloc("B-CIN", "CIN", "S2", "2024-01-19");
  c.Alloc("B-CIC", "CIC", "S2", "2024-01-19").Alloc("B-CL", "CL", "S2", "2024-01-05");
  c.Alloc("B-CWD", "CWD", "S2", "2023-12-08");
  CheckRun run = Check(c);
  CHECK(Of(run, "case_supervision") == Lines{
                                           "case_supervision due_soon S2 B-CIC M1 2024-03-01 - - -",
                                           "case_supervision due_soon S2 B-CIN M1 2024-03-01 - - -",
                                           "case_supervision due_soon S2 B-CL M1 2024-03-01 - - -",
                                           "case_supervision due_soon S2 B-CP M1 2024-03-01 - - -",
                                           "case_supervision due_soon S2 B-CWD M1 2024-03-01 - - -",
                                           "case_supervision overdue S1 A-CIC M1 2024-01-12 49 - -",
                                           "case_supervision overdue S1 A-CIN M1 2024-01-12 49 - -",
                                           "case_supervision overdue S1 A-CL M1 2024-01-26 35 - -",
                                           "case_supervision overdue S1 A-CP M1 2023-12-29 63 - -",
                                           "case_supervision overdue S1 A-CWD M1 2024-02-23 7 - -",
                                       });
}

TEST_CASE("case_supervision: closed, future and IRO allocations are ignored", "[policy]") {
  //   C1 CP 2023-01-01..2024-02-29: closed before D: nothing.
  //   C2 CP 2023-01-01..2024-03-01: open on its last day: due 2023-01-29, overdue 397
  //      (2023-01-29 to 2024-01-29 is 365 days, + 32).
  //   C3 CP from 2024-03-02: not yet open: nothing.
  //   C4 CP held by S1 in the iro role: not a key-worker allocation: nothing.
  Council c;
  c.Alloc("C1", "CP", "S1", "2023-01-01", "2024-02-29");
  c.Alloc("C2", "CP", "S1", "2023-01-01", "2024-03-01");
  c.Alloc("C3", "CP", "S1", "2024-03-02");
  c.Alloc("C4", "CP", "S1", "2023-01-01", "", "iro");
  CheckRun run = Check(c);
  CHECK(Of(run, "case_supervision") == Lines{"case_supervision overdue S1 C2 M1 2023-01-29 397 - -"});
}

// ---------------------------------------------------------------------------------------
// 2. wellbeing_supervision
// ---------------------------------------------------------------------------------------

TEST_CASE("wellbeing_supervision: roles in and out of scope", "[policy]") {
  // Everyone had a well-being supervision on 2024-01-01: due 01-29, overdue 32 on D,
  // for the five roles in scope. SM (service_manager) and H1 (head_of_service) are out.
  // M1's own exception goes to M1's line manager H1.
  Council c;
  c.Worker("SP", "senior_practitioner").Worker("FSW", "family_support_worker").Worker("IRO", "iro");
  c.Worker("SM", "service_manager", "1.0", "2020-01-01", "", "", "H1");
  for (const char* w : {"H1", "M1", "S1", "S2", "SP", "FSW", "IRO", "SM"}) {
    c.Sup(w, "2024-01-01", "wellbeing");
  }
  CheckRun run = Check(c);
  CHECK(Of(run, "wellbeing_supervision") ==
        Lines{
            "wellbeing_supervision overdue FSW - M1 2024-01-29 32 - -",
            "wellbeing_supervision overdue IRO - M1 2024-01-29 32 - -",
            "wellbeing_supervision overdue M1 - H1 2024-01-29 32 - -",
            "wellbeing_supervision overdue S1 - M1 2024-01-29 32 - -",
            "wellbeing_supervision overdue S2 - M1 2024-01-29 32 - -",
            "wellbeing_supervision overdue SP - M1 2024-01-29 32 - -",
        });
  CHECK(Severity(run, "wellbeing_supervision", "overdue", "S1") == "breach");
}

TEST_CASE("wellbeing_supervision: absences", "[policy]") {
  // Each A-worker had well-being supervision on 2024-01-20: base due 01-20 + 28 = 02-17.
  // due = 02-17 + absent days in [01-21, D].
  //   A1 absent 02-25..03-05 (absent on D): not chased.
  //   A2 absent 02-26..03-01 (ends on D, still absent on D): not chased.
  //   A3 absent 02-01..02-10: 10 days -> due 02-27, overdue 3.
  //   A4 absent 02-01..02-10 and 02-05..02-14 (overlap): 14 distinct days, not 20
  //      -> due 03-02: due_soon (with 20 it would be 03-08: nothing).
  //   A5 absent 01-15..01-21: only 01-21 is after the base -> due 02-18, overdue 12.
  //   A6 absent 02-22..02-29 (back on D): 8 days -> due 02-25, overdue 5.
  //   A7 absent 02-01..02-05 and 02-06..02-10 (back to back): 10 days -> overdue 3.
  //   A8 absent 03-05..03-20 (after D): no effect -> due 02-17, overdue 13.
  Council c;
  for (const char* w : {"A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8"}) {
    c.Worker(w).Sup(w, "2024-01-20", "wellbeing");
  }
  c.Absent("A1", "2024-02-25", "2024-03-05");
  c.Absent("A2", "2024-02-26", "2024-03-01");
  c.Absent("A3", "2024-02-01", "2024-02-10");
  c.Absent("A4", "2024-02-01", "2024-02-10").Absent("A4", "2024-02-05", "2024-02-14");
  c.Absent("A5", "2024-01-15", "2024-01-21");
  c.Absent("A6", "2024-02-22", "2024-02-29");
  c.Absent("A7", "2024-02-01", "2024-02-05").Absent("A7", "2024-02-06", "2024-02-10");
  c.Absent("A8", "2024-03-05", "2024-03-20");
  // Keep the SmallCouncil people quiet: a session on 02-20 is due 03-19.
  for (const char* w : {"M1", "S1", "S2"}) c.Sup(w, "2024-02-20", "wellbeing");
  CheckRun run = Check(c);
  CHECK(Of(run, "wellbeing_supervision") ==
        Lines{
            "wellbeing_supervision due_soon A4 - M1 2024-03-02 - - -",
            "wellbeing_supervision overdue A3 - M1 2024-02-27 3 - -",
            "wellbeing_supervision overdue A5 - M1 2024-02-18 12 - -",
            "wellbeing_supervision overdue A6 - M1 2024-02-25 5 - -",
            "wellbeing_supervision overdue A7 - M1 2024-02-27 3 - -",
            "wellbeing_supervision overdue A8 - M1 2024-02-17 13 - -",
        });
  CHECK(Severity(run, "wellbeing_supervision", "due_soon", "A4") == "warning");
}

TEST_CASE("wellbeing_supervision: the base, due_soon boundaries and who is employed", "[policy]") {
  //   N1 started 2024-01-15, never supervised: base = start -> due 02-12, overdue 18.
  //   N2 the same, with a session dated 01-10 (before starting): ignored -> overdue 18.
  //   N3 well-being 01-20, then personal 02-20 and case 02-25 (other kinds): due 02-17, 13.
  //   N4 well-being 01-20 and one dated 03-05 (after D): due 02-17, overdue 13.
  //   N5 well-being 02-02 -> due 03-01 = D: due_soon.
  //   N6 well-being 02-08 -> due 03-07 = D + 6: due_soon.
  //   N7 well-being 02-09 -> due 03-08 = D + 7: nothing.
  //   N8 well-being 01-01, 01-15 and 02-01 (latest) -> due 02-29, overdue 1.
  //   N9 well-being on D -> due 03-29: nothing.
  //   L1 left 2024-02-28, F1 starts 2024-03-02: out of scope.
  //   E1's employment ends on D: in scope; well-being 01-20 -> overdue 13.
  //   S2 (SmallCouncil) started 2020-01-01, never supervised: due 2020-01-29;
  //      2020-01-29 -> 2024-01-29 is 4 x 365 + 1 (2020-02-29) = 1461 days, + 32 = 1493.
  Council c;
  c.Worker("N1", "social_worker", "1.0", "2024-01-15");
  c.Worker("N2", "social_worker", "1.0", "2024-01-15").Sup("N2", "2024-01-10", "wellbeing");
  c.Worker("N3").Sup("N3", "2024-01-20", "wellbeing").Sup("N3", "2024-02-20", "personal");
  c.Sup("N3", "2024-02-25", "case", "C1");
  c.Worker("N4").Sup("N4", "2024-01-20", "wellbeing").Sup("N4", "2024-03-05", "wellbeing");
  c.Worker("N5").Sup("N5", "2024-02-02", "wellbeing");
  c.Worker("N6").Sup("N6", "2024-02-08", "wellbeing");
  c.Worker("N7").Sup("N7", "2024-02-09", "wellbeing");
  c.Worker("N8").Sup("N8", "2024-01-01", "wellbeing").Sup("N8", "2024-02-01", "wellbeing");
  c.Sup("N8", "2024-01-15", "wellbeing");
  c.Worker("N9").Sup("N9", "2024-03-01", "wellbeing");
  c.Worker("L1", "social_worker", "1.0", "2020-01-01", "2024-02-28");
  c.Worker("F1", "social_worker", "1.0", "2024-03-02");
  c.Worker("E1", "social_worker", "1.0", "2020-01-01", "2024-03-01").Sup("E1", "2024-01-20", "wellbeing");
  for (const char* w : {"M1", "S1"}) c.Sup(w, "2024-02-20", "wellbeing");
  CheckRun run = Check(c);
  CHECK(Of(run, "wellbeing_supervision") ==
        Lines{
            "wellbeing_supervision due_soon N5 - M1 2024-03-01 - - -",
            "wellbeing_supervision due_soon N6 - M1 2024-03-07 - - -",
            "wellbeing_supervision overdue E1 - M1 2024-02-17 13 - -",
            "wellbeing_supervision overdue N1 - M1 2024-02-12 18 - -",
            "wellbeing_supervision overdue N2 - M1 2024-02-12 18 - -",
            "wellbeing_supervision overdue N3 - M1 2024-02-17 13 - -",
            "wellbeing_supervision overdue N4 - M1 2024-02-17 13 - -",
            "wellbeing_supervision overdue N8 - M1 2024-02-29 1 - -",
            "wellbeing_supervision overdue S2 - M1 2020-01-29 1493 - -",
        });
}

// ---------------------------------------------------------------------------------------
// 3. iro_caseload
// ---------------------------------------------------------------------------------------

TEST_CASE("iro_caseload: distinct children against 70 per FTE, pro rata", "[policy]") {
  // All allocations start 2024-02-01 and are open on D unless noted.
  //   I1 fte 1, 70 cases: 70 <= 70, fine.
  //   I2 fte 1, 71 cases: over_limit, value 71, limit 70.
  //   I3 fte 1, 70 cases in 72 rows (two cases have a second, later row) plus 5
  //      key_worker allocations: 70 distinct iro cases, fine.
  //   I4 fte 0.6, 42 cases: limit 70 × 0.6 = 42, fine.
  //   I5 fte 0.6, 43 cases: over_limit, value 43, limit 42.
  //   I6 fte 1, 70 open + one ended 02-29 + one starting 03-02: 70 active, fine.
  //   I7 left 2024-02-15 with 80 cases: not employed, no check.
  //   I8 fte 0.35, 25 cases: limit 24.5, over (value 25, limit 24.5).
  //   I9 fte 0.35, 24 cases: fine.
  //   SW1 is a social_worker holding 80 allocations in the iro role: not an IRO, no check.
  Council c;
  c.Worker("I1", "iro").Worker("I2", "iro").Worker("I3", "iro");
  c.Worker("I4", "iro", "0.6").Worker("I5", "iro", "0.6").Worker("I6", "iro");
  c.Worker("I7", "iro", "1.0", "2020-01-01", "2024-02-15");
  c.Worker("I8", "iro", "0.35").Worker("I9", "iro", "0.35").Worker("SW1");
  Many(c, "I1", "I1-", 70, "CIC", "iro");
  Many(c, "I2", "I2-", 71, "CIC", "iro");
  Many(c, "I3", "I3-", 70, "CIC", "iro");
  c.Alloc("I3-001", "CIC", "I3", "2024-02-10", "", "iro").Alloc("I3-002", "CP", "I3", "2024-02-11", "", "iro");
  Many(c, "I3", "I3K-", 5, "CIN", "key_worker");
  Many(c, "I4", "I4-", 42, "CIC", "iro");
  Many(c, "I5", "I5-", 43, "CIC", "iro");
  Many(c, "I6", "I6-", 70, "CIC", "iro");
  c.Alloc("I6-X1", "CIC", "I6", "2024-01-01", "2024-02-29", "iro");
  c.Alloc("I6-X2", "CIC", "I6", "2024-03-02", "", "iro");
  Many(c, "I7", "I7-", 80, "CIC", "iro");
  Many(c, "I8", "I8-", 25, "CIC", "iro");
  Many(c, "I9", "I9-", 24, "CIC", "iro");
  Many(c, "SW1", "SW1-", 80, "CIC", "iro");
  CheckRun run = Check(c);
  CHECK(Of(run, "iro_caseload") == Lines{
                                       "iro_caseload over_limit I2 - M1 - - 71 70",
                                       "iro_caseload over_limit I5 - M1 - - 43 42",
                                       "iro_caseload over_limit I8 - M1 - - 25 24.5",
                                   });
  CHECK(Severity(run, "iro_caseload", "over_limit", "I2") == "breach");
}

// ---------------------------------------------------------------------------------------
// 4. asye_support
// ---------------------------------------------------------------------------------------
// Workers are social workers under M1 employed from 2020-01-01; `asye_start` (S) varies.
// A reminder of the rules (policies.md §4), with D = 2024-03-01:
//   scope       S <= D <= S + 364 + pause; not absent on D
//   supervision base = latest personal/wellbeing in [S, D], else S; k = base - S;
//               every 7 (k < 42), 14 (k < 182), else 28; due = base + every + absent
//               days in [base + 1, D]; overdue when D > due
//   caseload    sum of weights (CP 1.5, CIC 1.25, CIN 1, CWD 1, CL 0.5) > 16.2 × fte
//   development window [max(S, D - 27), D] = at most [2024-02-03, D]; present >= 7;
//               limit 3.7 × fte × present / 7 (14.8 for a full-time full window)
//   reviews     points S+91, S+182, S+273 missed once D > point + 14
//
// "Quiet" below means a personal supervision on 02-29 (due a week or more after D),
// 15 hours of development time on D (at least 14.8 needed) and three asye_review
// meetings on 02-27..02-29: such a worker raises nothing but what the test is about.

namespace {

void Asye(Council& c, const std::string& id, const std::string& asye_start,
          const std::string& fte = "1.0", const std::string& end = "") {
  c.Worker(id, "social_worker", fte, "2020-01-01", end, asye_start);
}
void QuietSupervision(Council& c, const std::string& id) { c.Sup(id, "2024-02-29", "personal"); }
void QuietHours(Council& c, const std::string& id) { c.Hours(id, "2024-03-01", "15"); }
void QuietReviews(Council& c, const std::string& id) {
  for (const char* d : {"2024-02-27", "2024-02-28", "2024-02-29"}) c.Sup(id, d, "asye_review");
}
void Quiet(Council& c, const std::string& id) {
  QuietSupervision(c, id);
  QuietHours(c, id);
  QuietReviews(c, id);
}

}  // namespace

TEST_CASE("asye_support: in scope for 365 days from asye_start", "[policy]") {
  //   L364: S = 2023-03-03 = D - 364, the last day; nothing recorded at all:
  //     supervision: base S, k 0, every 7 -> due 2023-03-10, overdue 364 - 7 = 357
  //     development: window 02-03..D, 28 days present, limit 14.8, 0 logged
  //     reviews: D = S + 364 > S + 287: 3 missed, 0 held -> point 0, due S + 91 =
  //       2023-06-02, 273 days overdue, value 0, limit 3
  //   L365: S = 2023-03-02 = D - 365: the programme is over: nothing.
  //   START: S = D, 11 CP cases (16.5 > 16.2): day 0 is in scope -> caseload_above_cap;
  //     nothing else (supervision due D + 7; the window is 1 day < 7; no review due).
  //   FUT: S = 2024-03-02, same caseload: not started: nothing.
  //   LEFT: S = 2023-09-01, employment ended 2024-02-28: nothing.
  //   S1 has no asye_start: give S1 the same caseload: nothing.
  Council c;
  Asye(c, "L364", "2023-03-03");
  Asye(c, "L365", "2023-03-02");
  Asye(c, "START", "2024-03-01");
  Asye(c, "FUT", "2024-03-02");
  Asye(c, "LEFT", "2023-09-01", "1.0", "2024-02-28");
  Many(c, "START", "ST-", 11);
  Many(c, "FUT", "FU-", 11);
  Many(c, "S1", "S1-", 11);
  CheckRun run = Check(c);
  CHECK(Of(run, "asye_support") == Lines{
                                       "asye_support caseload_above_cap START - M1 - - 16.5 16.2",
                                       "asye_support development_time_short L364 - M1 - - 0 14.8",
                                       "asye_support review_overdue L364 - M1 2023-06-02 273 0 3",
                                       "asye_support supervision_overdue L364 - M1 2023-03-10 357 - -",
                                   });
  CHECK(Severity(run, "asye_support", "supervision_overdue", "L364") == "breach");
  CHECK(Severity(run, "asye_support", "development_time_short", "L364") == "warning");
  CHECK(Severity(run, "asye_support", "review_overdue", "L364") == "breach");
  CHECK(Severity(run, "asye_support", "caseload_above_cap", "START") == "breach");
}

TEST_CASE("asye_support: long absence spells extend the programme", "[policy]") {
  // Each worker is quiet except for development time (none logged), so a worker in
  // scope shows exactly "development_time_short X - M1 - - 0 14.8" (no absence falls in
  // the 02-03..D window) and a worker out of scope shows nothing.
  //   P40  S = D - 400; a 40-day spell S+100..S+139: pause 40, last day S + 404: in.
  //   P27  S = D - 370; a 27-day spell: not long, pause 0, last day S + 364: out.
  //   P28  S = D - 392; a 28-day spell: long, last day S + 392 = D: in.
  //   P28B S = D - 393; the same 28-day spell: last day S + 392 = D - 1: out.
  //   PBB  S = D - 370; 20 days S+100..S+119 then 20 days S+120..S+139, back to back:
  //        one 40-day spell, long: last day S + 404: in.
  //   PGAP S = D - 370; 20 days, a day at work, 20 days: two short spells: out.
  //   POV  S = D - 370; S+100..S+119 and S+110..S+127 overlap: one 28-day spell: in.
  //   PPRE S = D - 370; a 30-day spell S-20..S+9: long by its whole length, 10 of its
  //        days inside [S, D]: pause 10, last day S + 374: in.
  //   PPRE2 S = D - 380; the same spell relative to S: last day S + 374 < D: out.
  //   PBEFORE S = D - 370; a 62-day spell ending before S: pause 0: out.
  Council c;
  auto person = [&](const char* id, const char* s) {
    Asye(c, id, s);
    QuietSupervision(c, id);
    QuietReviews(c, id);
  };
  person("P40", "2023-01-26");
  c.Absent("P40", "2023-05-06", "2023-06-14");
  person("P27", "2023-02-25");
  c.Absent("P27", "2023-06-05", "2023-07-01");
  person("P28", "2023-02-03");
  c.Absent("P28", "2023-05-14", "2023-06-10");
  person("P28B", "2023-02-02");
  c.Absent("P28B", "2023-05-13", "2023-06-09");
  person("PBB", "2023-02-25");
  c.Absent("PBB", "2023-06-05", "2023-06-24").Absent("PBB", "2023-06-25", "2023-07-14");
  person("PGAP", "2023-02-25");
  c.Absent("PGAP", "2023-06-05", "2023-06-24").Absent("PGAP", "2023-06-26", "2023-07-15");
  person("POV", "2023-02-25");
  c.Absent("POV", "2023-06-05", "2023-06-24").Absent("POV", "2023-06-15", "2023-07-02");
  person("PPRE", "2023-02-25");
  c.Absent("PPRE", "2023-02-05", "2023-03-06");
  person("PPRE2", "2023-02-15");
  c.Absent("PPRE2", "2023-01-26", "2023-02-24");
  person("PBEFORE", "2023-02-25");
  c.Absent("PBEFORE", "2022-12-01", "2023-01-31");
  CheckRun run = Check(c);
  CHECK(Of(run, "asye_support") == Lines{
                                       "asye_support development_time_short P28 - M1 - - 0 14.8",
                                       "asye_support development_time_short P40 - M1 - - 0 14.8",
                                       "asye_support development_time_short PBB - M1 - - 0 14.8",
                                       "asye_support development_time_short POV - M1 - - 0 14.8",
                                       "asye_support development_time_short PPRE - M1 - - 0 14.8",
                                   });
}

TEST_CASE("asye_support: supervision cadence by days into the programme", "[policy]") {
  // Quiet except supervision (hours and reviews given). k = base - S.
  //   K0   S = 02-20, none: base S, k 0, every 7 -> due 02-27, overdue 3.
  //   K41  S = 2024-01-12, personal 02-22 (k 41): every 7 -> due 02-29, overdue 1.
  //   K42  S = 2024-01-01, personal 02-12 (k 42): every 14 -> due 02-26, overdue 4.
  //   K181 S = 2023-08-14, personal 2024-02-11 (k 181): every 14 -> due 02-25, overdue 5.
  //   K182 S = 2023-07-29, personal 2024-01-27 (k 182): every 28 -> due 02-24, overdue 6.
  //   KWB  S = 2024-01-31, wellbeing 02-10 (counts, k 10) and a case supervision 02-20
  //        (does not count): every 7 -> due 02-17, overdue 13.
  //   KPRE S = 2024-02-10, personal 02-09, the day before S (does not count): base S
  //        -> due 02-17, overdue 13.
  //   KABS S = 2023-12-20, personal 02-08 (k 50): every 14 -> 02-22; absent 02-08 (the
  //        base day, not counted) and 02-13..02-17 (5 days) -> due 02-27, overdue 3.
  //        (Its development window has 22 present days: limit 11.63 < 15 logged.)
  Council c;
  auto person = [&](const char* id, const char* s) {
    Asye(c, id, s);
    QuietHours(c, id);
    QuietReviews(c, id);
  };
  person("K0", "2024-02-20");
  person("K41", "2024-01-12");
  c.Sup("K41", "2024-02-22", "personal");
  person("K42", "2024-01-01");
  c.Sup("K42", "2024-02-12", "personal");
  person("K181", "2023-08-14");
  c.Sup("K181", "2024-02-11", "personal");
  person("K182", "2023-07-29");
  c.Sup("K182", "2024-01-27", "personal");
  person("KWB", "2024-01-31");
  c.Sup("KWB", "2024-02-10", "wellbeing").Sup("KWB", "2024-02-20", "case", "C1");
  person("KPRE", "2024-02-10");
  c.Sup("KPRE", "2024-02-09", "personal");
  person("KABS", "2023-12-20");
  c.Sup("KABS", "2024-02-08", "personal");
  c.Absent("KABS", "2024-02-08", "2024-02-08").Absent("KABS", "2024-02-13", "2024-02-17");
  CheckRun run = Check(c);
  CHECK(Of(run, "asye_support") == Lines{
                                       "asye_support supervision_overdue K0 - M1 2024-02-27 3 - -",
                                       "asye_support supervision_overdue K181 - M1 2024-02-25 5 - -",
                                       "asye_support supervision_overdue K182 - M1 2024-02-24 6 - -",
                                       "asye_support supervision_overdue K41 - M1 2024-02-29 1 - -",
                                       "asye_support supervision_overdue K42 - M1 2024-02-26 4 - -",
                                       "asye_support supervision_overdue KABS - M1 2024-02-27 3 - -",
                                       "asye_support supervision_overdue KPRE - M1 2024-02-17 13 - -",
                                       "asye_support supervision_overdue KWB - M1 2024-02-17 13 - -",
                                   });
}

TEST_CASE("asye_support: weighted caseload above 0.9 x 18 x fte", "[policy]") {
  // S = 2024-01-31 (in scope, quiet otherwise); key-worker allocations from 2024-02-01.
  //   CAP1 fte 1: 10 CP + 1 CIC = 15 + 1.25 = 16.25 > 16.2: value 16.25, limit 16.2.
  //   CAP2 fte 1: 3 × (CP + CIC + CIN + CWD + CL = 5.25) + CIN = 16.75 > 16.2.
  //   CAP3 fte 1: 3 × 5.25 = 15.75 <= 16.2: fine.
  //   CAP4 fte 1: 10 CP open (15) + 1 CP closed 02-29 + 1 CP from 03-02 + 2 CP held in
  //        the iro role: only the 10 count: 15 <= 16.2, fine.
  //   CAP5 fte 0.7: cap 16.2 × 0.7 = 11.34; 7 CP + CIN = 11.5 > 11.34.
  //   CAP6 fte 0.7: 6 CP + CIC + CIN = 11.25 <= 11.34: fine.
  Council c;
  for (const char* id : {"CAP1", "CAP2", "CAP3", "CAP4", "CAP5", "CAP6"}) {
    bool part_time = std::string(id) == "CAP5" || std::string(id) == "CAP6";
    Asye(c, id, "2024-01-31", part_time ? "0.7" : "1.0");
    Quiet(c, id);
  }
  Many(c, "CAP1", "A1-", 10, "CP");
  c.Alloc("A1-X", "CIC", "CAP1", "2024-02-01");
  for (const char* type : {"CP", "CIC", "CIN", "CWD", "CL"}) {
    Many(c, "CAP2", std::string("A2") + type + "-", 3, type);
    Many(c, "CAP3", std::string("A3") + type + "-", 3, type);
  }
  c.Alloc("A2-X", "CIN", "CAP2", "2024-02-01");
  Many(c, "CAP4", "A4-", 10, "CP");
  c.Alloc("A4-X1", "CP", "CAP4", "2024-01-01", "2024-02-29");
  c.Alloc("A4-X2", "CP", "CAP4", "2024-03-02");
  Many(c, "CAP4", "A4I-", 2, "CP", "iro");
  Many(c, "CAP5", "A5-", 7, "CP");
  c.Alloc("A5-X", "CIN", "CAP5", "2024-02-01");
  Many(c, "CAP6", "A6-", 6, "CP");
  c.Alloc("A6-X1", "CIC", "CAP6", "2024-02-01").Alloc("A6-X2", "CIN", "CAP6", "2024-02-01");
  CheckRun run = Check(c);
  CHECK(Of(run, "asye_support") == Lines{
                                       "asye_support caseload_above_cap CAP1 - M1 - - 16.25 16.2",
                                       "asye_support caseload_above_cap CAP2 - M1 - - 16.75 16.2",
                                       "asye_support caseload_above_cap CAP5 - M1 - - 11.5 11.34",
                                   });
}

TEST_CASE("asye_support: protected development time over the last 28 days", "[policy]") {
  // Quiet except development time (supervision 02-29; S late enough that no review is due
  // or reviews given). Full window = 2024-02-03..D.
  //   DT1  S = 2023-11-22, fte 1: 7 h on 02-03 (first window day) + 7.79 h on D, and 10 h
  //        on 02-02 (outside): 14.79 < 14.8: short, value 14.79, limit 14.8.
  //   DT2  the same with 7.8 h on D: 14.8, not short.
  //   DT3  fte 0.5: limit 7.4; 7 h logged: short.
  //   DT4  S = 02-27: window 02-27..D is 4 days (< 7 present): no check.
  //   DT5  S = 02-24: window 7 days, limit 3.7; its 5 h on 02-22 are before S: short, 0.
  //   DT6  S = 02-20: window 11 days, limit 3.7 × 11 / 7 = 5.8142..., 5.81 at 2 places;
  //        5.81 h logged: not short (compared at 2 decimal places).
  //   DT7  the same with 5.8 h: short, value 5.8, limit 5.81.
  //   DT8  S = 2023-11-22, absent 02-03..02-22 (20 days): 8 present, limit 4.2285... =
  //        4.23; 4.22 h: short.
  //   DT9  the same with 4.23 h: not short.
  //   DT10 absent 02-03..02-23 (21 days): 7 present, still checked: limit 3.7, 0 h: short.
  //   DT11 absent 02-03..02-24 (22 days): 6 present: no check.
  Council c;
  auto person = [&](const char* id, const char* s, const char* fte = "1.0") {
    Asye(c, id, s, fte);
    QuietSupervision(c, id);
    QuietReviews(c, id);
  };
  person("DT1", "2023-11-22");
  c.Hours("DT1", "2024-02-03", "7").Hours("DT1", "2024-03-01", "7.79").Hours("DT1", "2024-02-02", "10");
  person("DT2", "2023-11-22");
  c.Hours("DT2", "2024-02-03", "7").Hours("DT2", "2024-03-01", "7.8").Hours("DT2", "2024-02-02", "10");
  person("DT3", "2023-11-22", "0.5");
  c.Hours("DT3", "2024-02-20", "7");
  person("DT4", "2024-02-27");
  person("DT5", "2024-02-24");
  c.Hours("DT5", "2024-02-22", "5");
  person("DT6", "2024-02-20");
  c.Hours("DT6", "2024-03-01", "5.81");
  person("DT7", "2024-02-20");
  c.Hours("DT7", "2024-03-01", "5.8");
  person("DT8", "2023-11-22");
  c.Absent("DT8", "2024-02-03", "2024-02-22").Hours("DT8", "2024-03-01", "4.22");
  person("DT9", "2023-11-22");
  c.Absent("DT9", "2024-02-03", "2024-02-22").Hours("DT9", "2024-03-01", "4.23");
  person("DT10", "2023-11-22");
  c.Absent("DT10", "2024-02-03", "2024-02-23");
  person("DT11", "2023-11-22");
  c.Absent("DT11", "2024-02-03", "2024-02-24");
  CheckRun run = Check(c);
  CHECK(Of(run, "asye_support") == Lines{
                                       "asye_support development_time_short DT1 - M1 - - 14.79 14.8",
                                       "asye_support development_time_short DT10 - M1 - - 0 3.7",
                                       "asye_support development_time_short DT3 - M1 - - 7 7.4",
                                       "asye_support development_time_short DT5 - M1 - - 0 3.7",
                                       "asye_support development_time_short DT7 - M1 - - 5.8 5.81",
                                       "asye_support development_time_short DT8 - M1 - - 4.22 4.23",
                                   });
}

TEST_CASE("asye_support: review meetings, grace and the earliest uncovered point", "[policy]") {
  // Quiet except reviews (supervision 02-29, 15 h on D).
  //   R105  S = 2023-11-17 = D - 105: point 91 + 14 grace = 105, D is not past it: nothing.
  //   R106  S = 2023-11-16 = D - 106: 1 missed, 0 held -> due S + 91 = 2024-02-15,
  //         15 days overdue (from the point, not from the end of the grace), value 0, limit 1.
  //   R106H the same S, one review on 2024-02-01: 1 held, nothing.
  //   R106X the same S, reviews on 2023-11-15 (before S) and 2024-03-05 (after D): none
  //         held -> as R106.
  //   R200  S = 2023-08-14 = D - 200: points 91 and 182 missed (200 > 196), none held ->
  //         earliest point S + 91 = 2023-11-13, 109 overdue, value 0, limit 2.
  //   R300  S = 2023-05-06 = D - 300: all three missed (300 > 287), one held -> point
  //         index 1, S + 182 = 2023-11-04, 118 overdue, value 1, limit 3.
  //   R300X the same S with three held: nothing.
  //   RP    S = 2023-05-16 = D - 290, absent 30 days 2023-08-24..09-22 (a pause, which
  //         moves only the programme's end): 3 missed (290 > 287), 2 held -> S + 273 =
  //         2024-02-13, 17 overdue, value 2, limit 3. (Had the pause moved the points,
  //         point 3 would not be missed yet.)
  Council c;
  auto person = [&](const char* id, const char* s) {
    Asye(c, id, s);
    QuietSupervision(c, id);
    QuietHours(c, id);
  };
  person("R105", "2023-11-17");
  person("R106", "2023-11-16");
  person("R106H", "2023-11-16");
  c.Sup("R106H", "2024-02-01", "asye_review");
  person("R106X", "2023-11-16");
  c.Sup("R106X", "2023-11-15", "asye_review").Sup("R106X", "2024-03-05", "asye_review");
  person("R200", "2023-08-14");
  person("R300", "2023-05-06");
  c.Sup("R300", "2023-08-01", "asye_review");
  person("R300X", "2023-05-06");
  QuietReviews(c, "R300X");
  person("RP", "2023-05-16");
  c.Absent("RP", "2023-08-24", "2023-09-22");
  c.Sup("RP", "2023-08-10", "asye_review").Sup("RP", "2023-11-10", "asye_review");
  CheckRun run = Check(c);
  CHECK(Of(run, "asye_support") == Lines{
                                       "asye_support review_overdue R106 - M1 2024-02-15 15 0 1",
                                       "asye_support review_overdue R106X - M1 2024-02-15 15 0 1",
                                       "asye_support review_overdue R200 - M1 2023-11-13 109 0 2",
                                       "asye_support review_overdue R300 - M1 2023-11-04 118 1 3",
                                       "asye_support review_overdue RP - M1 2024-02-13 17 2 3",
                                   });
}

TEST_CASE("asye_support: a worker absent on D gets no ASYE exceptions", "[policy]") {
  // Both S = 2023-08-14 = D - 200, nothing recorded, 11 CP cases (16.5).
  //   AB1 absent 02-28..03-03 (on D): nothing at all.
  //   AB2 absent 02-28..02-29 (back on D):
  //     supervision: base S, every 7, + 2 absent days -> due S + 9 = 2023-08-23, 191 overdue
  //     caseload: 16.5 > 16.2
  //     development: 26 present, limit 3.7 × 26 / 7 = 13.742... = 13.74, 0 logged
  //     reviews: 2 missed (200 > 196), 0 held -> S + 91 = 2023-11-13, 109 overdue
  Council c;
  Asye(c, "AB1", "2023-08-14");
  Asye(c, "AB2", "2023-08-14");
  c.Absent("AB1", "2024-02-28", "2024-03-03");
  c.Absent("AB2", "2024-02-28", "2024-02-29");
  Many(c, "AB1", "B1-", 11);
  Many(c, "AB2", "B2-", 11);
  CheckRun run = Check(c);
  CHECK(Of(run, "asye_support") == Lines{
                                       "asye_support caseload_above_cap AB2 - M1 - - 16.5 16.2",
                                       "asye_support development_time_short AB2 - M1 - - 0 13.74",
                                       "asye_support review_overdue AB2 - M1 2023-11-13 109 0 2",
                                       "asye_support supervision_overdue AB2 - M1 2023-08-23 191 - -",
                                   });
}
