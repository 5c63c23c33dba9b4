// Measures over time and by service: each weekly run keeps its figures, so that heads of
// service see a trend; and a service's figures are its teams' summed.
#include <catch2/catch.hpp>

#include "checks/measures.h"
#include "state/state_store.h"
#include "test_support.h"
#include "weekly/weekly_job.h"

using namespace oversight;
using namespace oversight::test;

TEST_CASE("each weekly run keeps its figures for a 12-week trend", "[measures]") {
  TempDir dir;
  ImportOptions import;
  import.db_path = dir.File("store.db");
  import.extract_dir = std::string(OVERSIGHT_TEST_DATA) + "/reference/council-a";
  ImportReport report;
  REQUIRE(ImportExtract(import, &report).ok());
  auto config = Config::Load("/nonexistent", {{"mail.fallback", "fallback@council.example"}}, true);
  REQUIRE(config.ok());
  PolicyRunOptions run;
  run.snapshot_path = dir.File("store.db");
  run.plugins_dir = RepoPath("plugins");
  run.settings_path = RepoPath("config/policy.lua");
  run.calendar_path = RepoPath("config/bank_holidays.lua");
  for (const char* day : {"2024-02-16", "2024-02-23", "2024-02-23", "2024-03-01"}) {
    run.as_of = *ParseDate(day);
    WeeklyOptions options{run, *config, dir.File("outbox"), false};
    REQUIRE(RunWeekly(options).ok());
  }
  auto state = StateStore::Open(dir.File("store.db"));
  REQUIRE(state.ok());
  auto trend = state->MeasuresTrend("2024-02-26", 12);
  REQUIRE(trend.ok());
  // Three weeks (the week of 19 Feb ran twice: its latest run counts once), 10 teams each.
  REQUIRE(trend->size() == 30);
  CHECK(trend->front().week == "2024-02-12");
  CHECK(trend->back().week == "2024-02-26");
  // The last week's figures are the measures of 2024-03-01 (council-a's reference values).
  for (const auto& r : *trend) {
    if (r.week == "2024-02-26" && r.team_id == "T01") {
      CHECK(r.open_cases == 83);
      CHECK(r.cases_in_time == 37);
      CHECK(r.wellbeing_workers == 7);
      CHECK(r.wellbeing_in_time == 4);
    }
  }
  auto two = state->MeasuresTrend("2024-02-26", 2);
  REQUIRE(two.ok());
  CHECK(two->size() == 20);
  CHECK(two->front().week == "2024-02-19");
}

TEST_CASE("a service's figures are the sum of its teams'", "[measures]") {
  TempDir dir;
  ImportOptions import;
  import.db_path = dir.File("store.db");
  import.extract_dir = std::string(OVERSIGHT_TEST_DATA) + "/reference/council-a";
  ImportReport report;
  REQUIRE(ImportExtract(import, &report).ok());
  auto run = RunShipped(dir, "2024-03-01");
  REQUIRE(run.ok());
  auto settings = LoadCaseloadSettings(RepoPath("config/policy.lua"));
  REQUIRE(settings.ok());
  auto m = ComputeMeasures(*run, *settings, *ParseDate("2024-03-01"));
  REQUIRE(m.ok());
  int64_t team_cases = 0, service_cases = 0, team_in_time = 0, service_in_time = 0;
  for (const auto& t : m->teams) team_cases += t.open_cases, team_in_time += t.cases_in_time;
  for (const auto& s : m->services) service_cases += s.open_cases, service_in_time += s.cases_in_time;
  CHECK(service_cases == team_cases);
  CHECK(service_in_time == team_in_time);
  bool found = false;
  for (const auto& s : m->services) {
    if (s.team_id != "Family Safeguarding") continue;
    found = true;
    int64_t sum = 0;
    for (const auto& t : m->teams) {
      if (run->org.team(run->org.FindTeam(t.team_id)).service == "Family Safeguarding") sum += t.open_cases;
    }
    CHECK(s.open_cases == sum);
    CHECK(sum > 0);
  }
  CHECK(found);
}
