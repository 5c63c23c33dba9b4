// Policy authoring for HR: the shipped plugins' own test cases pass and fail with a diff
// when a setting changes; policy check finds what HR can get wrong; whatif shows what a
// draft changes; per-service settings work without code; each run's policy version is kept.
#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <sstream>

#include "checks/whatif.h"
#include "policy/policy_check.h"
#include "policy/policy_tests.h"
#include "policy/policy_version.h"
#include "state/state_store.h"
#include "test_support.h"

using namespace oversight;
using namespace oversight::test;

namespace {

PolicyRunOptions Shipped() {
  PolicyRunOptions o;
  o.plugins_dir = RepoPath("plugins");
  o.settings_path = RepoPath("config/policy.lua");
  o.calendar_path = RepoPath("config/bank_holidays.lua");
  return o;
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The shipped settings with one piece of text replaced, written into `dir`.
std::string DraftSettings(const TempDir& dir, const std::string& from, const std::string& to) {
  std::string text = ReadAll(RepoPath("config/policy.lua"));
  size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
  dir.Write("draft.lua", text);
  return dir.File("draft.lua");
}

}  // namespace

TEST_CASE("the shipped plugins pass their own test cases", "[authoring]") {
  auto results = RunPolicyTests(Shipped(), "");
  REQUIRE(results.ok());
  REQUIRE(results->size() >= 6);
  std::set<std::string> plugins;
  for (const auto& r : *results) {
    INFO(r.plugin << "/" << r.name << ": " << r.error);
    CHECK(r.passed);
    plugins.insert(r.plugin);
  }
  // Every shipped plugin, the one switched off too, ships tests.
  CHECK(plugins == std::set<std::string>{"asye_support", "case_supervision", "iro_allocated", "iro_caseload",
                                         "supervision_recorded", "wellbeing_supervision"});
}

TEST_CASE("changing a setting fails the plugin's tests with a readable diff", "[authoring]") {
  TempDir dir;
  PolicyRunOptions o = Shipped();
  o.settings_path = DraftSettings(dir, "CIN = days(42)", "CIN = days(35)");
  auto results = RunPolicyTests(o, "case_supervision");
  REQUIRE(results.ok());
  bool found = false;
  for (const auto& r : *results) {
    if (r.name != "intervals_by_case_type") continue;
    found = true;
    CHECK_FALSE(r.passed);
    // C2 (CIN) supervised 2024-01-20: due 03-02 at 42 days, but 02-24 at 35: now overdue.
    CHECK(r.missing == std::vector<std::string>{"due_soon S1 C2 2024-03-02 - - -"});
    CHECK(r.unexpected == std::vector<std::string>{"overdue S1 C2 2024-02-24 6 - -"});
  }
  CHECK(found);
}

TEST_CASE("policy check passes the shipped set and names each mistake HR can make", "[authoring]") {
  CHECK(CheckPolicies(Shipped()).empty());
  TempDir dir;
  auto problems_with = [&](const std::string& from, const std::string& to) {
    PolicyRunOptions o = Shipped();
    o.settings_path = DraftSettings(dir, from, to);
    std::string all;
    for (const auto& p : CheckPolicies(o)) all += p + "\n";
    return all;
  };
  CHECK_THAT(problems_with("CP = days(28)", "CP = days(-7)"),
             Catch::Contains("case_supervision.interval.CP is -7: it must be at least 1 day"));
  CHECK_THAT(problems_with("due_soon_window = days(7),\n}\n\n-- 2.", "due_son_window = days(7),\n}\n\n-- 2."),
             Catch::Contains("case_supervision.due_son_window: unknown setting (did you mean due_soon_window?)"));
  CHECK_THAT(problems_with("standard_per_fte = 18", "standard_per_fte = 0"),
             Catch::Contains("caseload.standard_per_fte is 0: it must be more than 0"));
  CHECK_THAT(problems_with("max_per_fte = 70", "max_per_fte = \"seventy\""),
             Catch::Contains("iro_caseload.max_per_fte must be a number"));
  CHECK_THAT(problems_with("asye_share = 0.9", "asye_share = 90"), Catch::Contains("caseload.asye_share must be a share"));
  CHECK_THAT(problems_with("\"senior_practitioner\", \"family_support_worker\", \"iro\"",
                           "\"senior_practioner\", \"family_support_worker\", \"iro\""),
             Catch::Contains("did you mean senior_practitioner?"));
  CHECK_THAT(problems_with("interval = days(28),\n  roles", "interval = 28.5,\n  roles"),
             Catch::Contains("wellbeing_supervision.interval must be a whole number of days"));
  CHECK_THAT(problems_with("iro_caseload = {", "iro_casload = {"), Catch::Contains("no plugin uses this section"));
  // A Lua syntax error in the settings, with the line HR should look at.
  CHECK_THAT(problems_with("caseload = {", "caseload = = {"), Catch::Contains("draft.lua:9: unexpected symbol"));
}

TEST_CASE("a plugin's syntax error is named with file and line by policy check", "[authoring]") {
  TempDir dir;
  REQUIRE(std::system(("mkdir -p '" + dir.File("plugins") + "'").c_str()) == 0);
  dir.Write("plugins/broken.lua", "-- a draft\nfunction check()\n  if then\nend\n");
  PolicyRunOptions o = Shipped();
  o.plugins_dir = dir.File("plugins");
  auto problems = CheckPolicies(o);
  std::string all;
  for (const auto& p : problems) all += p + "\n";
  CHECK_THAT(all, Catch::Contains("plugins/broken.lua:3:"));
}

TEST_CASE("a shipped plugin that does not compile is one finding, not also an unused section", "[authoring]") {
  TempDir dir;
  REQUIRE(std::system(("mkdir -p '" + dir.File("plugins") + "' && cp " + RepoPath("plugins") + "/*.lua '" +
                       dir.File("plugins") + "'").c_str()) == 0);
  dir.Write("plugins/case_supervision.lua", "function check( oops");
  PolicyRunOptions o = Shipped();
  o.plugins_dir = dir.File("plugins");
  auto problems = CheckPolicies(o);
  REQUIRE(problems.size() == 1);
  CHECK_THAT(problems[0], Catch::Contains("plugins/case_supervision.lua:1:"));
}

TEST_CASE("whatif shows what CIN at 4 weeks instead of 6 would add", "[authoring]") {
  TempDir dir;
  Extract x = SmallCouncil();
  // Against 2024-03-01, CIN at 42 days -> 28 days:
  //   C1 from 01-10: due 02-21 (9 late)  -> due 02-07 (23 late): changed
  //   C2 from 01-25: due 03-07 (due soon) -> due 02-22 (8 late): due_soon removed, overdue added
  //   C3 from 02-10: due 03-23           -> due 03-09: nothing either way
  //   C4 from 02-05: due 03-18           -> due 03-04: due_soon added
  x["allocations.csv"] += "C1,CIN,S1,key_worker,2024-01-10,\nC2,CIN,S1,key_worker,2024-01-25,\n"
                          "C3,CIN,S2,key_worker,2024-02-10,\nC4,CIN,S2,key_worker,2024-02-05,\n";
  ImportReport report;
  REQUIRE(ImportExtractText(dir, x, &report).ok());
  PolicyRunOptions current = Shipped();
  current.snapshot_path = dir.File("store.db");
  current.as_of = *ParseDate("2024-03-01");
  PolicyRunOptions draft = current;
  draft.settings_path = DraftSettings(dir, "CIN = days(42)", "CIN = weeks(4)");
  auto w = RunWhatIf(current, draft);
  REQUIRE(w.ok());
  auto line = [&](const Organisation& org, const PolicyException* e) {
    return e->code + " " + org.worker(e->worker).id + " " + e->case_id.value_or("-") + " " +
           FormatDate(*e->due_date);
  };
  std::set<std::string> added, removed;
  for (const auto* e : w->added) added.insert(line(w->draft.org, e));
  for (const auto* e : w->removed) removed.insert(line(w->current.org, e));
  CHECK(added == std::set<std::string>{"overdue S1 C2 2024-02-22", "due_soon S2 C4 2024-03-04"});
  CHECK(removed == std::set<std::string>{"due_soon S1 C2 2024-03-07"});
  REQUIRE(w->changed.size() == 1);
  CHECK(*w->changed[0].first->days_overdue == 9);
  CHECK(*w->changed[0].second->days_overdue == 23);
  CHECK(w->by_policy.at("case_supervision") == std::pair<int, int>{2, 3});
  std::ostringstream table;
  WriteWhatIfTable(table, *w);
  CHECK_THAT(table.str(), Catch::Contains("2 exceptions added, 1 removed, 1 changed"));
}

TEST_CASE("a whole service on a different interval needs no code", "[authoring]") {
  // One council has every child in the Children with Disabilities service at 12 weeks.
  TempDir dir;
  Extract x = SmallCouncil();
  x["teams.csv"] += "T2,Disabled Children,Children with Disabilities,M1\n";
  x["workers.csv"] += "S3,Worker Three,s3@council.example,social_worker,T2,M1,1.0,2020-01-01,,\n";
  x["allocations.csv"] += "K1,CP,S3,key_worker,2024-01-01,\nK2,CP,S1,key_worker,2024-01-01,\n";
  ImportReport report;
  REQUIRE(ImportExtractText(dir, x, &report).ok());
  PolicyRunOptions o = Shipped();
  o.snapshot_path = dir.File("store.db");
  o.as_of = *ParseDate("2024-03-01");
  o.settings_path = DraftSettings(dir, "interval_by_service = {},",
                                  "interval_by_service = { [\"Children with Disabilities\"] = { CP = weeks(12), "
                                  "CIN = weeks(12), CIC = weeks(12), CL = weeks(12), CWD = weeks(12) } },");
  CHECK(CheckPolicies(o).empty());
  auto run = RunChecks(o);
  REQUIRE(run.ok());
  std::vector<std::string> cases;
  for (const auto& e : run->exceptions) {
    if (e.policy == "case_supervision") cases.push_back(*e.case_id + " " + e.code);
  }
  // K2 (Family Safeguarding, CP 4 weeks) is overdue; K1 (CWD service, 12 weeks) is not.
  CHECK(cases == std::vector<std::string>{"K2 overdue"});
}

TEST_CASE("every run records the policy version it used", "[authoring]") {
  TempDir dir;
  PolicyRunOptions a = Shipped();
  auto v1 = PolicyVersion(a);
  REQUIRE(v1.ok());
  CHECK(v1->size() == 12);
  CHECK(*PolicyVersion(a) == *v1);  // a content hash: the same files, the same version
  PolicyRunOptions b = a;
  b.settings_path = DraftSettings(dir, "CIN = days(42)", "CIN = days(35)");
  auto v2 = PolicyVersion(b);
  REQUIRE(v2.ok());
  CHECK(*v2 != *v1);

  auto state = StateStore::Open(dir.File("store.db"));
  REQUIRE(state.ok());
  RunRecord r;
  r.kind = "check";
  r.as_of = "2024-03-01";
  r.week = "2024-02-26";
  r.policy_version = *v1;
  r.exceptions = 12;
  REQUIRE(state->RecordRun(r, nullptr).ok());
  r.policy_version = *v2;
  REQUIRE(state->RecordRun(r, nullptr).ok());
  auto runs = state->Runs(10);
  REQUIRE(runs.ok());
  REQUIRE(runs->size() == 2);
  CHECK((*runs)[0].policy_version == *v2);  // newest first
  CHECK((*runs)[1].policy_version == *v1);
  CHECK((*runs)[1].exceptions == 12);
}
