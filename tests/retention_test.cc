// Retention (issue 18): finished outbox messages and the exception records of runs older
// than retention.months are deleted, by `oversight purge` and by the weekly job; pending
// messages, the runs themselves and the teams' measures (the 12-week trend) stay.
#include <catch2/catch.hpp>

#include "oversight_run.h"
#include "state/audit_trail.h"
#include "state/retention.h"
#include "state/state_store.h"
#include "test_support.h"
#include "weekly/weekly_job.h"

using namespace oversight;
using namespace oversight::test;

namespace {

int64_t Count(Database& db, const std::string& sql) {
  auto q = db.Prepare(sql);
  REQUIRE(q.ok());
  REQUIRE(q->Step());
  return q->Int(0);
}

// council-a after four weekly runs (three weeks), messages written to a folder.
struct FourWeeks {
  TempDir dir;
  Config config;
  PolicyRunOptions run;

  FourWeeks() : config(*Config::Load("/nonexistent", {{"mail.fallback", "fallback@council.example"}}, true)) {
    ImportOptions import;
    import.db_path = dir.File("store.db");
    import.extract_dir = std::string(OVERSIGHT_TEST_DATA) + "/reference/council-a";
    ImportReport report;
    REQUIRE(ImportExtract(import, &report).ok());
    run.snapshot_path = dir.File("store.db");
    run.plugins_dir = RepoPath("plugins");
    run.settings_path = RepoPath("config/policy.lua");
    run.calendar_path = RepoPath("config/bank_holidays.lua");
    for (const char* day : {"2024-02-16", "2024-02-23", "2024-02-23", "2024-03-01"}) Weekly(day);
  }
  void Weekly(const char* day) {
    run.as_of = *ParseDate(day);
    WeeklyOptions options{run, config, dir.File("outbox"), false};
    REQUIRE(RunWeekly(options).ok());
  }
  StateStore State() { return std::move(*StateStore::Open(dir.File("store.db"))); }
};

// Makes the runs and messages of the weeks before 2024-02-26 look as if they were
// recorded and sent in early 2020, and one of them still pending.
void AgeEarlyWeeks(StateStore& state) {
  Database& db = state.db();
  REQUIRE(db.Exec("UPDATE runs SET started_at = '2020-01-0' || run_id || 'T09:00:00Z' WHERE week < '2024-02-26';"
                  "UPDATE outbox SET delivered_at = '2020-01-06T09:00:00Z', created_at = '2020-01-06T08:00:00Z' "
                  "WHERE week < '2024-02-26';"
                  "UPDATE outbox SET state = 'pending', delivered_at = NULL "
                  "WHERE id = (SELECT min(id) FROM outbox WHERE week < '2024-02-26');")
              .ok());
}

}  // namespace

TEST_CASE("the retention cutoff is the same day so many months back, or that month's last day", "[retention]") {
  CHECK(FormatDate(RetentionCutoff(*ParseDate("2026-12-04"), 24)) == "2024-12-04");
  CHECK(FormatDate(RetentionCutoff(*ParseDate("2026-03-31"), 1)) == "2026-02-28");
  CHECK(FormatDate(RetentionCutoff(*ParseDate("2024-02-29"), 24)) == "2022-02-28");
  CHECK(FormatDate(RetentionCutoff(*ParseDate("2026-01-15"), 13)) == "2024-12-15");
  auto none = Config::Load("/nonexistent", {}, true);
  REQUIRE(none.ok());
  CHECK(*RetentionMonths(*none) == 24);
  for (const char* bad : {"0", "-3", "two years"}) {
    auto c = Config::Load("/nonexistent", {{"retention.months", bad}}, true);
    REQUIRE(c.ok());
    CHECK_FALSE(RetentionMonths(*c).ok());
  }
}

TEST_CASE("a dry run says what is past the period and deletes nothing", "[retention]") {
  FourWeeks council;
  StateStore state = council.State();
  AgeEarlyWeeks(state);
  Database& db = state.db();
  const int64_t messages = Count(db, "SELECT count(*) FROM outbox"), exceptions = Count(db, "SELECT count(*) FROM run_exceptions");
  const int64_t old_sent = Count(db, "SELECT count(*) FROM outbox WHERE week < '2024-02-26' AND state <> 'pending'");
  const int64_t old_exceptions = Count(db, "SELECT count(*) FROM run_exceptions JOIN runs USING (run_id) WHERE week < '2024-02-26'");
  REQUIRE(old_sent > 0);
  REQUIRE(old_exceptions > 0);
  auto report = ExpiredRecords(db, RetentionCutoff(Today(), 24));
  REQUIRE(report.ok());
  CHECK(report->messages == old_sent);
  CHECK(report->exceptions == old_exceptions);
  CHECK(report->runs == 3);
  CHECK(report->oldest_message == "2020-01-06");
  CHECK(report->oldest_exception == "2020-01-01");
  CHECK(Count(db, "SELECT count(*) FROM outbox") == messages);
  CHECK(Count(db, "SELECT count(*) FROM run_exceptions") == exceptions);
  // The command says the same, by kind with the oldest date, and deletes nothing either.
  auto dry = RunOversight({"purge", "--db", council.dir.File("store.db"), "--dry-run"});
  CHECK(dry.status == 0);
  CHECK(dry.out.find("would delete, from before " + report->cutoff) != std::string::npos);
  CHECK(dry.out.find("sent messages\t" + std::to_string(old_sent) + "\t2020-01-06\n") != std::string::npos);
  CHECK(dry.out.find("run exception records\t" + std::to_string(old_exceptions) + "\t2020-01-01\n") != std::string::npos);
  CHECK(Count(db, "SELECT count(*) FROM outbox") == messages);
  CHECK(Count(db, "SELECT count(*) FROM run_exceptions") == exceptions);
}

TEST_CASE("a purge deletes old sent mail and old exception records, and the 12-week trend stays", "[retention]") {
  FourWeeks council;
  StateStore state = council.State();
  AgeEarlyWeeks(state);
  Database& db = state.db();
  auto trend_before = state.MeasuresTrend("2024-02-26", 12);
  REQUIRE(trend_before.ok());
  REQUIRE(trend_before->size() == 30);
  const int64_t runs = Count(db, "SELECT count(*) FROM runs");
  const int64_t recent_messages = Count(db, "SELECT count(*) FROM outbox WHERE week = '2024-02-26'");
  const int64_t recent_exceptions = Count(db, "SELECT count(*) FROM run_exceptions JOIN runs USING (run_id) WHERE week = '2024-02-26'");
  REQUIRE(recent_exceptions > 0);

  auto purged = PurgeExpired(db, RetentionCutoff(Today(), 24));
  REQUIRE(purged.ok());
  CHECK(purged->exceptions > 0);
  // Gone: every finished message and every exception record of the aged weeks.
  CHECK(Count(db, "SELECT count(*) FROM outbox WHERE week < '2024-02-26' AND state <> 'pending'") == 0);
  CHECK(Count(db, "SELECT count(*) FROM run_exceptions JOIN runs USING (run_id) WHERE week < '2024-02-26'") == 0);
  // Kept: the message still pending, this week's records, every run and the trend.
  CHECK(Count(db, "SELECT count(*) FROM outbox WHERE week < '2024-02-26' AND state = 'pending'") == 1);
  CHECK(Count(db, "SELECT count(*) FROM outbox WHERE week = '2024-02-26'") == recent_messages);
  CHECK(Count(db, "SELECT count(*) FROM run_exceptions JOIN runs USING (run_id) WHERE week = '2024-02-26'") == recent_exceptions);
  CHECK(Count(db, "SELECT count(*) FROM runs") == runs);
  auto trend_after = state.MeasuresTrend("2024-02-26", 12);
  REQUIRE(trend_after.ok());
  REQUIRE(trend_after->size() == trend_before->size());
  for (size_t i = 0; i < trend_after->size(); ++i) {
    CHECK((*trend_after)[i].week == (*trend_before)[i].week);
    CHECK((*trend_after)[i].team_id == (*trend_before)[i].team_id);
    CHECK((*trend_after)[i].open_cases == (*trend_before)[i].open_cases);
    CHECK((*trend_after)[i].cases_in_time == (*trend_before)[i].cases_in_time);
  }
  // Nothing more to go.
  auto again = ExpiredRecords(db, RetentionCutoff(Today(), 24));
  REQUIRE(again.ok());
  CHECK(again->messages + again->exceptions == 0);
}

TEST_CASE("the weekly job deletes what is past retention.months and says so in the audit trail", "[retention]") {
  FourWeeks council;
  {
    StateStore state = council.State();
    AgeEarlyWeeks(state);
  }
  council.config.Set("retention.months", "36");  // early 2020 is more than 36 months ago too
  council.Weekly("2024-03-01");
  StateStore state = council.State();
  Database& db = state.db();
  CHECK(Count(db, "SELECT count(*) FROM run_exceptions JOIN runs USING (run_id) WHERE week < '2024-02-26'") == 0);
  // (the message that was pending is delivered by this run, after the purge: sent today)
  CHECK(Count(db, "SELECT count(*) FROM outbox WHERE coalesce(delivered_at, created_at) < '2021'") == 0);
  CHECK(Count(db, "SELECT count(*) FROM run_exceptions JOIN runs USING (run_id) WHERE week = '2024-02-26'") > 0);
  auto events = ReadAudit(db, 10);
  REQUIRE(events.ok());
  bool purge = false;
  for (const auto& entry : *events) {
    const AuditEvent& e = entry.event;
    if (e.action == audit::kPurge && e.who == audit::kSystem) purge = e.detail.find("from before ") != std::string::npos;
  }
  CHECK(purge);
}

TEST_CASE("a retention period longer than the records' age deletes nothing", "[retention]") {
  FourWeeks council;
  StateStore state = council.State();
  AgeEarlyWeeks(state);
  Database& db = state.db();
  const int64_t exceptions = Count(db, "SELECT count(*) FROM run_exceptions");
  auto purged = PurgeExpired(db, RetentionCutoff(Today(), 12 * 10));  // ten years: older than the aged records
  REQUIRE(purged.ok());
  CHECK(purged->messages + purged->exceptions == 0);
  CHECK(Count(db, "SELECT count(*) FROM run_exceptions") == exceptions);
}
