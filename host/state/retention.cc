// Finding and deleting the state store's records that are past the retention period.
#include "state/retention.h"

#include "state/audit_trail.h"

namespace oversight {

namespace {

// Finished messages, dated by when they were delivered (refused ones: when queued).
const char* kExpiredMessages =
    "FROM outbox WHERE state <> 'pending' AND coalesce(delivered_at, created_at) < ?1";
const char* kExpiredExceptions =
    "FROM run_exceptions WHERE run_id IN (SELECT run_id FROM runs WHERE started_at < ?1)";

Status Count(Database& state, const std::string& sql, const std::string& cutoff, int64_t* n, std::string* oldest,
             int64_t* groups = nullptr) {
  auto q = state.Prepare(sql);
  if (!q.ok()) return q.status();
  q->Bind(1, cutoff);
  Status s;
  if (q->Step(&s)) {
    *n = q->Int(0);
    *oldest = q->IsNull(1) ? "" : q->Text(1).substr(0, 10);
    if (groups) *groups = q->Int(2);
  }
  return s;
}

}  // namespace

Result<int> RetentionMonths(const Config& config) {
  auto months = config.GetInt("retention.months", 24);
  if (!months.ok()) return months.status();
  if (*months < 1) return Status::Error("retention.months must be at least 1, not " + std::to_string(*months));
  return *months;
}

Day RetentionCutoff(Day today, int months) {
  int y = 0, m = 0, d = 0;
  CivilFromDay(today, &y, &m, &d);
  int index = y * 12 + (m - 1) - months;
  y = index / 12;
  m = index % 12 + 1;
  const Day next_month = m == 12 ? DayFromCivil(y + 1, 1, 1) : DayFromCivil(y, m + 1, 1);
  const int last = next_month - DayFromCivil(y, m, 1);
  return DayFromCivil(y, m, d < last ? d : last);
}

Result<RetentionReport> ExpiredRecords(Database& state, Day cutoff) {
  RetentionReport r;
  r.cutoff = FormatDate(cutoff);
  Status s = Count(state, std::string("SELECT count(*), min(coalesce(delivered_at, created_at)) ") + kExpiredMessages,
                   r.cutoff, &r.messages, &r.oldest_message);
  if (s.ok()) {
    s = Count(state,
              "SELECT count(*), min(r.started_at), count(DISTINCT r.run_id) FROM run_exceptions e JOIN runs r "
              "USING (run_id) WHERE r.started_at < ?1",
              r.cutoff, &r.exceptions, &r.oldest_exception, &r.runs);
  }
  if (!s.ok()) return s.WithContext("retention");
  return r;
}

Result<RetentionReport> PurgeExpired(Database& state, Day cutoff) {
  if (Status s = state.Exec("PRAGMA secure_delete = ON; BEGIN IMMEDIATE"); !s.ok()) return s.WithContext("retention");
  auto fail = [&](const Status& s) -> Result<RetentionReport> {
    state.Exec("ROLLBACK");
    return s.WithContext("retention");
  };
  auto report = ExpiredRecords(state, cutoff);
  if (!report.ok()) return fail(report.status());
  for (const char* what : {kExpiredMessages, kExpiredExceptions}) {
    auto q = state.Prepare(std::string("DELETE ") + what);
    if (!q.ok()) return fail(q.status());
    q->Bind(1, report->cutoff);
    if (Status s = q->Run(); !s.ok()) return fail(s);
  }
  if (Status s = state.Exec("COMMIT"); !s.ok()) return fail(s);
  return report;
}

Status ApplyRetention(Database& state, const Config& config) {
  auto months = RetentionMonths(config);
  if (!months.ok()) return months.status();
  auto purged = PurgeExpired(state, RetentionCutoff(Today(), *months));
  if (!purged.ok()) return purged.status();
  if (purged->messages + purged->exceptions == 0) return Status::Ok();
  return RecordAudit(state, {audit::kSystem, audit::kPurge, "weekly job: " + DescribeRetention(*purged)});
}

std::string DescribeRetention(const RetentionReport& r) {
  auto oldest = [](const std::string& day) { return day.empty() ? std::string() : " (oldest " + day + ")"; };
  return std::to_string(r.messages) + " sent messages" + oldest(r.oldest_message) + " and " +
         std::to_string(r.exceptions) + " exception records of " + std::to_string(r.runs) + " runs" +
         oldest(r.oldest_exception) + " from before " + r.cutoff;
}

}  // namespace oversight
