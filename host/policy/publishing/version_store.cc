// The policy_versions and policy_version_files tables and their queries.
#include "policy/publishing/version_store.h"

#include "common/date.h"

namespace oversight {

namespace {

const char* kSchema = R"SQL(
CREATE TABLE IF NOT EXISTS policy_versions(number INTEGER PRIMARY KEY, state TEXT NOT NULL,
  author TEXT NOT NULL, reason TEXT NOT NULL, proposed_at TEXT NOT NULL,
  reviewer TEXT NOT NULL DEFAULT '', reviewed_at TEXT NOT NULL DEFAULT '',
  review_note TEXT NOT NULL DEFAULT '', based_on INTEGER NOT NULL DEFAULT 0,
  restores INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS policy_version_files(number INTEGER NOT NULL, position INTEGER NOT NULL,
  kind TEXT NOT NULL, name TEXT NOT NULL, content BLOB NOT NULL, PRIMARY KEY(number, position));
)SQL";

const char* kColumns =
    "SELECT number, state, author, reason, proposed_at, reviewer, reviewed_at, review_note, based_on, restores "
    "FROM policy_versions ";

PolicyVersionRecord ReadRecord(Statement& q) {
  PolicyVersionRecord r;
  r.number = q.Int(0);
  r.state = q.Text(1);
  r.author = q.Text(2);
  r.reason = q.Text(3);
  r.proposed_at = q.Text(4);
  r.reviewer = q.Text(5);
  r.reviewed_at = q.Text(6);
  r.review_note = q.Text(7);
  r.based_on = q.Int(8);
  r.restores = q.Int(9);
  return r;
}

Result<std::vector<PolicyVersionRecord>> Query(Database& db, const std::string& where, int64_t number) {
  auto q = db.Prepare(std::string(kColumns) + where);
  if (!q.ok()) return q.status();
  if (number) q->Bind(1, number);
  std::vector<PolicyVersionRecord> out;
  Status s;
  while (q->Step(&s)) out.push_back(ReadRecord(*q));
  if (!s.ok()) return s;
  return out;
}

Result<std::optional<PolicyVersionRecord>> First(Result<std::vector<PolicyVersionRecord>> rows) {
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<PolicyVersionRecord>();
  return std::optional<PolicyVersionRecord>(rows->front());
}

}  // namespace

VersionStore::VersionStore(StateStore* state) : state_(state) { state_->db().Exec(kSchema); }

Result<int64_t> VersionStore::Add(const PolicyVersionRecord& r, const PolicyFiles& files, bool only_first) {
  Database& d = db();
  if (Status s = d.Exec("BEGIN IMMEDIATE"); !s.ok()) return s;
  auto fail = [&](const Status& s) -> Result<int64_t> {
    d.Exec("ROLLBACK");
    return s;
  };
  if (only_first) {
    auto any = d.Prepare("SELECT count(*) FROM policy_versions");
    if (!any.ok()) return fail(any.status());
    Status s;
    if (!any->Step(&s)) return fail(s.ok() ? Status::Error("cannot count the policy versions") : s);
    if (any->Int(0) > 0) {
      d.Exec("ROLLBACK");
      return int64_t{0};
    }
  }
  auto q = d.Prepare(
      "INSERT INTO policy_versions(state, author, reason, proposed_at, reviewer, reviewed_at, review_note, "
      "based_on, restores) VALUES (?,?,?,?,?,?,?,?,?)");
  if (!q.ok()) return fail(q.status());
  q->Bind(1, r.state);
  q->Bind(2, r.author);
  q->Bind(3, r.reason);
  q->Bind(4, r.proposed_at.empty() ? UtcTimestampNow() : r.proposed_at);
  q->Bind(5, r.reviewer);
  q->Bind(6, r.reviewed_at);
  q->Bind(7, r.review_note);
  q->Bind(8, r.based_on);
  q->Bind(9, r.restores);
  if (Status s = q->Run(); !s.ok()) return fail(s);
  const int64_t number = sqlite3_last_insert_rowid(d.handle());
  auto f = d.Prepare("INSERT INTO policy_version_files VALUES (?,?,?,?,?)");
  if (!f.ok()) return fail(f.status());
  int64_t position = 0;
  for (const PolicyFile& file : files.files) {
    f->Bind(1, number);
    f->Bind(2, position++);
    f->Bind(3, file.kind);
    f->Bind(4, file.name);
    f->Bind(5, file.content);
    if (Status s = f->Run(); !s.ok()) return fail(s);
  }
  if (Status s = d.Exec("COMMIT"); !s.ok()) return fail(s);
  return number;
}

Result<std::optional<PolicyVersionRecord>> VersionStore::Get(int64_t number) {
  return First(Query(db(), "WHERE number = ?1", number));
}

Result<std::vector<PolicyVersionRecord>> VersionStore::List() { return Query(db(), "ORDER BY number DESC", 0); }

Result<std::optional<PolicyVersionRecord>> VersionStore::InForce() {
  return First(Query(db(), "WHERE state = 'in force' ORDER BY reviewed_at DESC, number DESC LIMIT 1", 0));
}

Result<PolicyFiles> VersionStore::Files(int64_t number) {
  auto q = db().Prepare("SELECT kind, name, content FROM policy_version_files WHERE number = ? ORDER BY position");
  if (!q.ok()) return q.status();
  q->Bind(1, number);
  PolicyFiles out;
  Status s;
  while (q->Step(&s)) out.files.push_back({q->Text(0), q->Text(1), q->Text(2)});
  if (!s.ok()) return s;
  return out;
}

Status VersionStore::Review(int64_t number, const std::string& state, const std::string& reviewer,
                            const std::string& note) {
  auto q = db().Prepare("UPDATE policy_versions SET state = ?, reviewer = ?, reviewed_at = ?, review_note = ? "
                        "WHERE number = ?");
  if (!q.ok()) return q.status();
  q->Bind(1, state);
  q->Bind(2, reviewer);
  q->Bind(3, UtcTimestampNow());
  q->Bind(4, note);
  q->Bind(5, number);
  return q->Run();
}

Status VersionStore::PutInForce(int64_t number, int64_t replaces, const std::string& reviewer) {
  Database& d = db();
  if (Status s = d.Exec("BEGIN IMMEDIATE"); !s.ok()) return s;
  // Checked again inside the transaction: another approval may have come first.
  auto still = d.Prepare(
      "SELECT (SELECT state FROM policy_versions WHERE number = ?1) = 'proposed' AND "
      "coalesce((SELECT number FROM policy_versions WHERE state = 'in force'), 0) = ?2");
  Status s = still.status();
  if (s.ok()) {
    still->Bind(1, number);
    still->Bind(2, replaces);
    if (!still->Step(&s) || still->Int(0) != 1) {
      if (s.ok()) s = Status::Error("version " + std::to_string(number) + " changed meanwhile: look again");
    }
  }
  if (s.ok()) s = d.Exec("UPDATE policy_versions SET state = 'superseded' WHERE state = 'in force'");
  if (s.ok()) s = Review(number, kInForce, reviewer, "");
  if (s.ok()) s = d.Exec("COMMIT");
  if (!s.ok()) d.Exec("ROLLBACK");
  return s;
}

}  // namespace oversight
