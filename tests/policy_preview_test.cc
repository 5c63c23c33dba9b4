// HR previews a draft before it comes into force: whatif checks the draft first and runs
// nothing while policy check finds a problem; a draft of settings alone needs no plugins
// folder; measures and plan take the draft too; policy check --db warns about services
// the extract lacks; policy test shows which codes no test case covers.
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "policy/plugin_run.h"
#include "policy/policy_check.h"
#include "policy/policy_tests.h"
#include "test_support.h"

using namespace oversight;
using namespace oversight::test;

namespace {

struct Ran {
  int status = -1;  // the exit status
  std::string out;  // stdout and stderr together
};

// Runs build/oversight with `args` (each quoted for the shell by the caller's choice of
// plain words and test paths).
Ran Oversight(const std::string& args) {
  Ran r;
  FILE* p = popen((std::string(OVERSIGHT_BINARY) + " " + args + " 2>&1").c_str(), "r");
  if (!p) return r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  const int st = pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

std::string Shipped(const std::string& text_from, const std::string& text_to, const TempDir& dir,
                    const std::string& name) {
  std::ifstream in(RepoPath("config/policy.lua"));
  std::stringstream s;
  s << in.rdbuf();
  std::string text = s.str();
  const size_t at = text.find(text_from);
  REQUIRE(at != std::string::npos);
  text.replace(at, text_from.size(), text_to);
  dir.Write(name, text);
  return dir.File(name);
}

// SmallCouncil with C1 (CP, S1, from 2024-01-01) and C2 (CIN, S2, from 2024-02-10), and a
// second team T2 in the Children with Disabilities service; imported into dir/store.db.
void Council(const TempDir& dir) {
  Extract x = SmallCouncil();
  x["teams.csv"] += "T2,Disabled Children,Children with Disabilities,M1\n";
  x["allocations.csv"] += "C1,CP,S1,key_worker,2024-01-01,\nC2,CIN,S2,key_worker,2024-02-10,\n";
  ImportReport report;
  REQUIRE(ImportExtractText(dir, x, &report).ok());
}

std::string Common(const TempDir& dir) {
  return "--db " + dir.File("store.db") + " --as-of 2024-03-01 --config " + RepoPath("config/oversight.properties");
}

}  // namespace

TEST_CASE("whatif checks the draft first and runs nothing while it has problems", "[preview]") {
  TempDir dir;
  Council(dir);
  const std::string misspelt =
      Shipped("due_soon_window = days(7),\n}\n\n-- 2.", "due_son_window = days(7),\n}\n\n-- 2.", dir, "misspelt.lua");
  Ran r = Oversight("whatif " + Common(dir) + " --policy-settings " + misspelt);
  CHECK(r.status == 1);
  CHECK_THAT(r.out, Catch::Contains("case_supervision.due_son_window: unknown setting (did you mean due_soon_window?)"));
  CHECK_THAT(r.out, Catch::Contains("whatif: the draft has 2 problems"));
  CHECK_THAT(r.out, !Catch::Contains("exceptions added"));

  // A missing comma: one finding, said once.
  const std::string broken = Shipped("CIN = days(42),", "CIN = days(42)", dir, "broken.lua");
  r = Oversight("whatif " + Common(dir) + " --policy-settings " + broken);
  CHECK(r.status == 1);
  CHECK_THAT(r.out, Catch::Contains("whatif: the draft has 1 problem "));
  CHECK_THAT(r.out, Catch::Contains("broken.lua:23: '}' expected"));
}

TEST_CASE("whatif takes a draft of settings alone, with no plugins folder", "[preview]") {
  TempDir dir;
  Council(dir);
  // CIN at 14 days: C2 (from 02-10) falls due 02-24 and is overdue on 03-01.
  const std::string draft = Shipped("CIN = days(42)", "CIN = days(14)", dir, "draft.lua");
  Ran r = Oversight("whatif " + Common(dir) + " --policy-settings " + draft);
  CHECK(r.status == 0);
  CHECK_THAT(r.out, Catch::Contains("1 exceptions added, 0 removed, 0 changed"));
  CHECK_THAT(r.out, Catch::Contains("+ case_supervision overdue S2 C2 due 2024-02-24 (6 days late)"));
}

TEST_CASE("measures and plan preview a draft's figures with --policy-settings and --plugins", "[preview]") {
  TempDir dir;
  Council(dir);
  // Shipped: C1 (CP, 28 days, from 01-01) is late, C2 (CIN, 42 days) in time: 1 of 2.
  Ran now = Oversight("measures " + Common(dir) + " --format json");
  REQUIRE(now.status == 0);
  CHECK_THAT(now.out, Catch::Contains("\"cases_in_time\":1"));
  const std::string draft = Shipped("CIN = days(42)", "CIN = days(14)", dir, "draft.lua");
  Ran drafted = Oversight("measures " + Common(dir) + " --format json --policy-settings " + draft);
  REQUIRE(drafted.status == 0);
  CHECK_THAT(drafted.out, Catch::Contains("\"cases_in_time\":0"));
  // A draft plugins folder without case_supervision: no case is late any more... and the
  // measures need every plugin, so a draft folder is taken as it is.
  REQUIRE(std::system(("mkdir -p '" + dir.File("plugins") + "' && cp " + RepoPath("plugins") + "/*.lua '" +
                       dir.File("plugins") + "'").c_str()) == 0);
  {
    std::ifstream in(RepoPath("plugins/case_supervision.lua"));
    std::stringstream s;
    s << in.rdbuf();
    std::string quiet = s.str();
    const size_t at = quiet.find("function check()");
    REQUIRE(at != std::string::npos);
    quiet.replace(at, 16, "function check() do return end");
    dir.Write("plugins/case_supervision.lua", quiet);
  }
  Ran quiet = Oversight("measures " + Common(dir) + " --format json --plugins " + dir.File("plugins"));
  REQUIRE(quiet.status == 0);
  CHECK_THAT(quiet.out, Catch::Contains("\"cases_in_time\":2"));

  // The planner with a lower caseload standard: less room in T1.
  const std::string lower = Shipped("standard_per_fte = 18", "standard_per_fte = 9", dir, "lower.lua");
  Ran plan_now = Oversight("plan new-case " + Common(dir) + " --team T1 --case-type CP --format json");
  Ran plan_draft =
      Oversight("plan new-case " + Common(dir) + " --team T1 --case-type CP --format json --policy-settings " + lower);
  REQUIRE(plan_now.status == 0);
  REQUIRE(plan_draft.status == 0);
  CHECK(plan_now.out != plan_draft.out);
}

TEST_CASE("policy check with a store warns about a service the extract does not have", "[preview]") {
  TempDir dir;
  Council(dir);
  const std::string draft = Shipped("interval_by_service = {},",
                                    "interval_by_service = { [\"Children with Disabilites\"] = { CIN = weeks(12) } },",
                                    dir, "draft.lua");
  PolicyRunOptions o;
  o.plugins_dir = RepoPath("plugins");
  o.settings_path = draft;
  o.calendar_path = RepoPath("config/bank_holidays.lua");
  CHECK(CheckPolicies(o).empty());  // without a store, nothing to compare with
  o.snapshot_path = dir.File("store.db");
  auto problems = CheckPolicies(o);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0] == draft + ": warning: case_supervision.interval_by_service[\"Children with Disabilites\"]: no "
                               "team of the extract has the service \"Children with Disabilites\", so this setting "
                               "does nothing (did you mean \"Children with Disabilities\"?)");
  Ran r = Oversight("policy check " + Common(dir) + " --policy-settings " + draft);
  CHECK(r.status == 1);
  CHECK_THAT(r.out, Catch::Contains("did you mean \"Children with Disabilities\"?"));
  CHECK_THAT(r.out, Catch::Contains("docs/plugin-api.md"));
}

TEST_CASE("the rule text says the intervals in force exactly, per service", "[preview]") {
  TempDir dir;
  PolicyRunOptions o;
  const std::string by_service = Shipped(
      "interval_by_service = {},",
      "interval_by_service = { [\"Children with Disabilities\"] = { CIN = weeks(12), CWD = days(1) } },", dir, "a.lua");
  {
    std::ifstream in(by_service);
    std::stringstream s;
    s << in.rdbuf();
    std::string text = s.str();
    text.replace(text.find("CP = days(28)"), 13, "CP = days(30)");
    dir.Write("b.lua", text);
  }
  o.settings_path = dir.File("b.lua");
  o.calendar_path = RepoPath("config/bank_holidays.lua");
  o.validate_settings = true;
  const Organisation nobody;
  PluginOutcome p = RunPluginHere(nobody, o, RepoPath("plugins/case_supervision.lua"));
  INFO(p.reason);
  REQUIRE(p.state == PluginOutcome::State::kRan);
  CHECK(p.rules.at("overdue") ==
        "Every allocated child's case is discussed in supervision at least every 30 days for a child protection "
        "plan, 6 weeks for a child in need, 6 weeks for a child in care, 8 weeks for a care leaver and 12 weeks "
        "for a child with disabilities. In Children with Disabilities: every 12 weeks for a child in need and 1 "
        "day for a child with disabilities.");
}

TEST_CASE("the ASYE rule text is the settings in force, unrounded", "[preview]") {
  TempDir dir;
  PolicyRunOptions o;
  o.settings_path = Shipped("asye_share = 0.9", "asye_share = 0.875", dir, "share.lua");
  o.calendar_path = RepoPath("config/bank_holidays.lua");
  o.validate_settings = true;
  const Organisation nobody;
  PluginOutcome p = RunPluginHere(nobody, o, RepoPath("plugins/asye_support.lua"));
  INFO(p.reason);
  REQUIRE(p.state == PluginOutcome::State::kRan);
  CHECK(p.rules.at("caseload_above_cap") == "A newly qualified worker holds at most 87.5% of a standard weighted caseload.");
  CHECK(p.rules.at("supervision_overdue") ==
        "A newly qualified worker is supervised at the ASYE cadence: every 7 days until day 42, then every 14 days "
        "until day 182, then every 28 days of the programme.");
  CHECK(p.rules.at("development_time_short") ==
        "A newly qualified worker has 10% of their working week protected for development.");
  CHECK(p.rules.at("review_overdue") ==
        "ASYE reviews are held on time: at days 91, 182 and 273 of the programme, with 14 days' grace.");
}

TEST_CASE("policy test shows each code no test case covers, and can fail below a threshold", "[preview]") {
  // The shipped plugins: every code has a test case.
  PolicyRunOptions shipped;
  shipped.plugins_dir = RepoPath("plugins");
  shipped.settings_path = RepoPath("config/policy.lua");
  shipped.calendar_path = RepoPath("config/bank_holidays.lua");
  auto coverage = MeasurePolicyCoverage(shipped);
  REQUIRE(coverage.ok());
  for (const auto& p : coverage->plugins) {
    INFO(p.plugin << " " << p.error);
    CHECK(p.error.empty());
    CHECK(p.uncovered.empty());
    CHECK_FALSE(p.codes.empty());
  }
  CHECK(coverage->codes == coverage->covered);
  CHECK(coverage->plugins.size() == 6);

  // A plugin with two codes and a test case that expects only one of them: 50%.
  TempDir dir;
  REQUIRE(std::system(("mkdir -p '" + dir.File("plugins/tests/pair/one") + "'").c_str()) == 0);
  dir.Write("plugins/pair.lua",
            "rules = { first = 'The first.', second = 'The second.' }\n"
            "function check() ov.report{ code = 'first', severity = 'warning', worker = 'S1' } end\n");
  for (const auto& [file, text] : SmallCouncil()) dir.Write("plugins/tests/pair/one/" + file, text);
  dir.Write("plugins/tests/pair/one/as_of", "2024-03-01\n");
  dir.Write("plugins/tests/pair/one/expected", "# S1, always\nfirst S1 - - - - -\n");
  PolicyRunOptions o = shipped;
  o.plugins_dir = dir.File("plugins");
  coverage = MeasurePolicyCoverage(o);
  REQUIRE(coverage.ok());
  REQUIRE(coverage->plugins.size() == 1);
  CHECK(coverage->plugins[0].uncovered == std::vector<std::string>{"second"});
  CHECK(coverage->Percent() == 50.0);

  const std::string flags = "--plugins " + dir.File("plugins") + " --config " + RepoPath("config/oversight.properties");
  Ran r = Oversight("policy test " + flags);
  CHECK(r.status == 0);
  CHECK_THAT(r.out, Catch::Contains("PASS pair/one"));
  CHECK_THAT(r.out, Catch::Contains("  pair: 1 of 2 codes covered by 1 test case\n    no test case: second\n"));
  CHECK_THAT(r.out, Catch::Contains("coverage: 1 of 2 codes (50.0%)"));
  CHECK(Oversight("policy test " + flags + " --min-coverage 50").status == 0);
  r = Oversight("policy test " + flags + " --min-coverage 60");
  CHECK(r.status == 1);
  CHECK_THAT(r.out, Catch::Contains("coverage is below --min-coverage 60%"));
  CHECK(Oversight("policy test " + flags + " --min-coverage 101").status == 2);
}
