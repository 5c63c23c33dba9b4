// The state file's schema and its queries.
#include "state/state_store.h"

#include "common/date.h"

#include <ctime>

namespace oversight {

namespace {

const char* kSchema = R"SQL(
CREATE TABLE IF NOT EXISTS runs(run_id INTEGER PRIMARY KEY, kind TEXT NOT NULL, as_of TEXT NOT NULL,
  week TEXT NOT NULL, started_at TEXT NOT NULL, extract_imported_at TEXT, policy_version TEXT,
  exceptions INTEGER NOT NULL, failed_plugins TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS run_exceptions(run_id INTEGER NOT NULL, policy TEXT NOT NULL,
  code TEXT NOT NULL, severity TEXT NOT NULL, worker_id TEXT NOT NULL, case_id TEXT NOT NULL,
  recipient_id TEXT NOT NULL, due_date TEXT NOT NULL, days_overdue INTEGER, value REAL,
  limit_value REAL, first_seen_week TEXT NOT NULL, unchecked INTEGER NOT NULL, message TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS run_exceptions_by_run ON run_exceptions(run_id);
CREATE TABLE IF NOT EXISTS run_measures(run_id INTEGER NOT NULL, team_id TEXT NOT NULL,
  open_cases INTEGER, cases_in_time INTEGER, wellbeing_workers INTEGER, wellbeing_in_time INTEGER,
  weighted_caseload REAL, capacity REAL, over_cap_workers INTEGER);
CREATE TABLE IF NOT EXISTS outbox(id INTEGER PRIMARY KEY, week TEXT NOT NULL, kind TEXT NOT NULL,
  recipient TEXT NOT NULL, address TEXT NOT NULL, subject TEXT NOT NULL, message BLOB NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending', attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL DEFAULT 0, last_error TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL, delivered_at TEXT, UNIQUE(week, kind, recipient));
)SQL";

OutboxMessage ReadMessage(Statement& q) {
  OutboxMessage m;
  m.id = q.Int(0);
  m.week = q.Text(1);
  m.kind = q.Text(2);
  m.address = q.Text(3);
  m.subject = q.Text(4);
  m.message = q.Text(5);
  m.state = q.Text(6);
  m.attempts = static_cast<int>(q.Int(7));
  m.next_attempt_at = q.Int(8);
  m.last_error = q.Text(9);
  m.recipient = q.Text(10);
  return m;
}

const char* kMessageColumns =
    "SELECT id, week, kind, address, subject, message, state, attempts, next_attempt_at, last_error, recipient "
    "FROM outbox ";

}  // namespace

Result<StateStore> StateStore::Open(const std::string& snapshot_path) {
  auto db = Database::Open(PathFor(snapshot_path), Database::Mode::kReadWriteCreate);
  if (!db.ok()) return db.status();
  Status s = db->Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
  if (s.ok()) s = db->Exec(kSchema);
  if (!s.ok()) return s.WithContext(PathFor(snapshot_path));
  return StateStore(std::move(db.value()));
}

Result<int64_t> StateStore::RecordRun(RunRecord run, const std::vector<RecordedException>* exceptions,
                                      const std::vector<RecordedTeamMeasures>* measures) {
  static const std::vector<RecordedException> kNone;
  if (exceptions) run.exceptions = static_cast<int64_t>(exceptions->size());
  const std::vector<RecordedException>& items = exceptions ? *exceptions : kNone;
  if (Status s = db_.Exec("BEGIN IMMEDIATE"); !s.ok()) return s;
  auto fail = [&](const Status& s) -> Result<int64_t> {
    db_.Exec("ROLLBACK");
    return s;
  };
  auto q = db_.Prepare(
      "INSERT INTO runs(kind, as_of, week, started_at, extract_imported_at, policy_version, "
      "exceptions, failed_plugins) VALUES (?,?,?,?,?,?,?,?)");
  if (!q.ok()) return fail(q.status());
  q->Bind(1, run.kind);
  q->Bind(2, run.as_of);
  q->Bind(3, run.week);
  q->Bind(4, run.started_at.empty() ? UtcTimestampNow() : run.started_at);
  q->Bind(5, run.extract_imported_at);
  q->Bind(6, run.policy_version);
  q->Bind(7, run.exceptions);
  q->Bind(8, run.failed_plugins);
  if (Status s = q->Run(); !s.ok()) return fail(s);
  int64_t id = sqlite3_last_insert_rowid(db_.handle());
  auto e = db_.Prepare("INSERT INTO run_exceptions VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  if (!e.ok()) return fail(e.status());
  for (const RecordedException& x : items) {
    e->Bind(1, id);
    e->Bind(2, x.policy);
    e->Bind(3, x.code);
    e->Bind(4, x.severity);
    e->Bind(5, x.worker_id);
    e->Bind(6, x.case_id);
    e->Bind(7, x.recipient_id);
    e->Bind(8, x.due_date);
    if (x.days_overdue) e->Bind(9, *x.days_overdue); else e->BindNull(9);
    if (x.value) e->Bind(10, *x.value); else e->BindNull(10);
    if (x.limit) e->Bind(11, *x.limit); else e->BindNull(11);
    e->Bind(12, x.first_seen_week);
    e->Bind(13, static_cast<int64_t>(x.unchecked));
    e->Bind(14, x.message);
    if (Status s = e->Run(); !s.ok()) return fail(s);
  }
  if (measures) {
    if (Status s = InsertMeasures(id, *measures); !s.ok()) return fail(s);
  }
  if (Status s = db_.Exec("COMMIT"); !s.ok()) return fail(s);
  return id;
}

Result<std::optional<RunRecord>> StateStore::PreviousRun(const std::string& week) {
  auto q = db_.Prepare(
      "SELECT run_id, kind, as_of, week, started_at, extract_imported_at, policy_version, exceptions, "
      "failed_plugins FROM runs WHERE kind = 'weekly' AND week < ? ORDER BY week DESC, run_id DESC LIMIT 1");
  if (!q.ok()) return q.status();
  q->Bind(1, week);
  Status s;
  if (!q->Step(&s)) {
    if (!s.ok()) return s;
    return std::optional<RunRecord>();
  }
  RunRecord r{q->Int(0), q->Text(1), q->Text(2), q->Text(3), q->Text(4), q->Text(5), q->Text(6), q->Int(7), q->Text(8)};
  return std::optional<RunRecord>(r);
}

Result<std::vector<RunRecord>> StateStore::Runs(int limit) {
  auto q = db_.Prepare(
      "SELECT run_id, kind, as_of, week, started_at, extract_imported_at, policy_version, exceptions, "
      "failed_plugins FROM runs ORDER BY run_id DESC LIMIT ?");
  if (!q.ok()) return q.status();
  q->Bind(1, static_cast<int64_t>(limit));
  std::vector<RunRecord> out;
  Status s;
  while (q->Step(&s)) {
    out.push_back({q->Int(0), q->Text(1), q->Text(2), q->Text(3), q->Text(4), q->Text(5), q->Text(6), q->Int(7), q->Text(8)});
  }
  if (!s.ok()) return s;
  return out;
}

Result<std::optional<std::string>> StateStore::LastWeeklyWeek() {
  auto q = db_.Prepare("SELECT max(week) FROM runs WHERE kind IN ('weekly', 'stale')");
  if (!q.ok()) return q.status();
  Status s;
  if (q->Step(&s) && !q->IsNull(0)) return std::optional<std::string>(q->Text(0));
  if (!s.ok()) return s;
  return std::optional<std::string>();
}

Result<std::vector<RecordedException>> StateStore::RunExceptions(int64_t run_id) {
  auto q = db_.Prepare(
      "SELECT policy, code, severity, worker_id, case_id, recipient_id, due_date, days_overdue, value, "
      "limit_value, first_seen_week, unchecked, message FROM run_exceptions WHERE run_id = ?");
  if (!q.ok()) return q.status();
  q->Bind(1, run_id);
  std::vector<RecordedException> out;
  Status s;
  while (q->Step(&s)) {
    RecordedException x;
    x.policy = q->Text(0);
    x.code = q->Text(1);
    x.severity = q->Text(2);
    x.worker_id = q->Text(3);
    x.case_id = q->Text(4);
    x.recipient_id = q->Text(5);
    x.due_date = q->Text(6);
    if (!q->IsNull(7)) x.days_overdue = q->Int(7);
    if (!q->IsNull(8)) x.value = q->Real(8);
    if (!q->IsNull(9)) x.limit = q->Real(9);
    x.first_seen_week = q->Text(10);
    x.unchecked = q->Int(11) != 0;
    x.message = q->Text(12);
    out.push_back(std::move(x));
  }
  if (!s.ok()) return s;
  return out;
}

Status StateStore::InsertMeasures(int64_t run_id, const std::vector<RecordedTeamMeasures>& teams) {
  auto q = db_.Prepare("INSERT INTO run_measures VALUES (?,?,?,?,?,?,?,?,?)");
  if (!q.ok()) return q.status();
  for (const auto& t : teams) {
    q->Bind(1, run_id);
    q->Bind(2, t.team_id);
    q->Bind(3, t.open_cases);
    q->Bind(4, t.cases_in_time);
    q->Bind(5, t.wellbeing_workers);
    q->Bind(6, t.wellbeing_in_time);
    q->Bind(7, t.weighted_caseload);
    q->Bind(8, t.capacity);
    q->Bind(9, t.over_cap_workers);
    if (Status s = q->Run(); !s.ok()) return s;
  }
  return Status::Ok();
}

Result<std::vector<RecordedTeamMeasures>> StateStore::MeasuresTrend(const std::string& week, int weeks) {
  auto q = db_.Prepare(
      "WITH latest AS (SELECT week, max(run_id) AS run_id FROM runs WHERE kind = 'weekly' AND week <= ?1 "
      "  AND run_id IN (SELECT run_id FROM run_measures) GROUP BY week ORDER BY week DESC LIMIT ?2) "
      "SELECT l.week, m.team_id, m.open_cases, m.cases_in_time, m.wellbeing_workers, m.wellbeing_in_time, "
      "m.weighted_caseload, m.capacity, m.over_cap_workers FROM latest l JOIN run_measures m USING (run_id) "
      "ORDER BY l.week, m.team_id");
  if (!q.ok()) return q.status();
  q->Bind(1, week);
  q->Bind(2, static_cast<int64_t>(weeks));
  std::vector<RecordedTeamMeasures> out;
  Status s;
  while (q->Step(&s)) {
    out.push_back({q->Text(0), q->Text(1), q->Int(2), q->Int(3), q->Int(4), q->Int(5), q->Real(6), q->Real(7),
                   q->Int(8)});
  }
  if (!s.ok()) return s;
  return out;
}

Result<bool> StateStore::Enqueue(const OutboxMessage& m) {
  auto q = db_.Prepare(
      "INSERT OR IGNORE INTO outbox(week, kind, recipient, address, subject, message, created_at) "
      "VALUES (?,?,?,?,?,?,?)");
  if (!q.ok()) return q.status();
  q->Bind(1, m.week);
  q->Bind(2, m.kind);
  q->Bind(3, m.recipient);
  q->Bind(4, m.address);
  q->Bind(5, m.subject);
  q->Bind(6, m.message);
  q->Bind(7, UtcTimestampNow());
  if (Status s = q->Run(); !s.ok()) return s;
  return sqlite3_changes(db_.handle()) > 0;
}

Result<std::vector<OutboxMessage>> StateStore::Pending(int64_t now, bool respect_backoff) {
  auto q = db_.Prepare(std::string(kMessageColumns) +
                       "WHERE state = 'pending' AND (?1 = 0 OR next_attempt_at <= ?2) ORDER BY id");
  if (!q.ok()) return q.status();
  q->Bind(1, static_cast<int64_t>(respect_backoff));
  q->Bind(2, now);
  std::vector<OutboxMessage> out;
  Status s;
  while (q->Step(&s)) out.push_back(ReadMessage(*q));
  if (!s.ok()) return s;
  return out;
}

Result<std::vector<OutboxMessage>> StateStore::Messages(const std::string& week) {
  auto q = db_.Prepare(std::string(kMessageColumns) + "WHERE week = ? ORDER BY id");
  if (!q.ok()) return q.status();
  q->Bind(1, week);
  std::vector<OutboxMessage> out;
  Status s;
  while (q->Step(&s)) out.push_back(ReadMessage(*q));
  if (!s.ok()) return s;
  return out;
}

Status StateStore::MarkDelivered(int64_t id, const std::string& state) {
  auto q = db_.Prepare("UPDATE outbox SET state = ?, delivered_at = ?, last_error = '' WHERE id = ?");
  if (!q.ok()) return q.status();
  q->Bind(1, state);
  q->Bind(2, UtcTimestampNow());
  q->Bind(3, id);
  return q->Run();
}

Status StateStore::MarkFailed(int64_t id, bool permanent, const std::string& error, int64_t next_attempt_at) {
  auto q = db_.Prepare(
      "UPDATE outbox SET state = ?, attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?");
  if (!q.ok()) return q.status();
  q->Bind(1, std::string(permanent ? "rejected" : "pending"));
  q->Bind(2, error);
  q->Bind(3, next_attempt_at);
  q->Bind(4, id);
  return q->Run();
}

}  // namespace oversight
