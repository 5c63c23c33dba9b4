// StateStore: what must survive every import, in its own SQLite file beside the
// extract snapshot (FILE.state): the history of weekly runs with their exceptions,
// and the email outbox. An import replaces the snapshot and never touches this file.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "store/sqlite.h"

namespace oversight {

// One exception as a run recorded it: ids as text, so history outlives extracts.
struct RecordedException {
  std::string policy, code, severity, worker_id, case_id, recipient_id;  // "" for null
  std::string due_date;  // "" for null
  std::optional<int64_t> days_overdue;
  std::optional<double> value, limit;
  std::string first_seen_week;  // Monday of the week it was first reported
  bool unchecked = false;       // carried from last week: its policy could not run
  std::string message;
  // The item week to week: `item_code` is the code, or what it escalates to (a due_soon
  // item that becomes overdue is the same item).
  std::string Key(const std::string& item_code) const {
    return policy + "\x1f" + item_code + "\x1f" + worker_id + "\x1f" + case_id;
  }
};

struct RunRecord {
  int64_t run_id = 0;
  std::string kind;              // "weekly"
  std::string as_of, week;       // YYYY-MM-DD; week = its Monday
  std::string started_at;        // UTC timestamp
  std::string extract_imported_at;
  std::string policy_version;
  int64_t exceptions = 0;
  std::string failed_plugins;    // comma-separated names
};

// One team's figures as a weekly run measured them, for trends.
struct RecordedTeamMeasures {
  std::string week, team_id;
  int64_t open_cases = 0, cases_in_time = 0, wellbeing_workers = 0, wellbeing_in_time = 0;
  double weighted_caseload = 0, capacity = 0;
  int64_t over_cap_workers = 0;
};

struct OutboxMessage {
  int64_t id = 0;
  std::string week, kind;
  std::string recipient;  // whom it is for: a worker id, or "fallback"
  std::string address, subject;
  std::string message;  // the whole RFC 5322 message
  std::string state;    // pending, sent, written, rejected
  int attempts = 0;
  int64_t next_attempt_at = 0;  // unix seconds
  std::string last_error;
};

class StateStore {
 public:
  static std::string PathFor(const std::string& snapshot_path) { return snapshot_path + ".state"; }
  static Result<StateStore> Open(const std::string& snapshot_path);

  // Records a run with its exceptions (the weekly job's, for next week's comparison), or
  // with only their count in run.exceptions when `exceptions` is null (a check), and its
  // teams' measures when `measures` is set: all in one transaction.
  Result<int64_t> RecordRun(RunRecord run, const std::vector<RecordedException>* exceptions,
                            const std::vector<RecordedTeamMeasures>* measures = nullptr);
  // The latest weekly run of an earlier week than `week`, with its exceptions.
  Result<std::optional<RunRecord>> PreviousRun(const std::string& week);
  Result<std::vector<RecordedException>> RunExceptions(int64_t run_id);
  Result<std::vector<RunRecord>> Runs(int limit);
  // The Monday of the newest week the weekly job ran for (or found the data stale).
  Result<std::optional<std::string>> LastWeeklyWeek();

  // The figures of the latest weekly run of each of the last `weeks` weeks up to `week`,
  // oldest first.
  Result<std::vector<RecordedTeamMeasures>> MeasuresTrend(const std::string& week, int weeks);

  // Adds a message unless one of that kind already exists for the recipient that week.
  // True when added.
  Result<bool> Enqueue(const OutboxMessage& m);
  // Messages waiting to be delivered; with `respect_backoff`, only those due by `now`.
  Result<std::vector<OutboxMessage>> Pending(int64_t now, bool respect_backoff);
  Result<std::vector<OutboxMessage>> Messages(const std::string& week);
  Status MarkDelivered(int64_t id, const std::string& state);
  Status MarkFailed(int64_t id, bool permanent, const std::string& error, int64_t next_attempt_at);

  Database& db() { return db_; }

 private:
  explicit StateStore(Database db) : db_(std::move(db)) {}
  // A run's measures, inside the caller's transaction.
  Status InsertMeasures(int64_t run_id, const std::vector<RecordedTeamMeasures>& teams);
  Database db_;
};

}  // namespace oversight
