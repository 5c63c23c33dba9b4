// The audit trail's table, its append-only triggers, and its two queries.
#include "state/audit_trail.h"

#include <pwd.h>
#include <unistd.h>

#include "common/date.h"

namespace oversight {

namespace {

const char* kAuditSchema = R"SQL(
CREATE TABLE IF NOT EXISTS audit_trail(id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL,
  who TEXT NOT NULL, action TEXT NOT NULL, detail TEXT NOT NULL);
CREATE TRIGGER IF NOT EXISTS audit_trail_no_update BEFORE UPDATE ON audit_trail
  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_trail_no_delete BEFORE DELETE ON audit_trail
  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_trail_no_replace BEFORE INSERT ON audit_trail
  WHEN EXISTS (SELECT 1 FROM audit_trail WHERE id = NEW.id)
  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
)SQL";

const size_t kMaxField = 300;  // a detail is a line, not a document

// One line of at most kMaxField bytes (cut at a character boundary), control characters as spaces.
std::string OneLine(const std::string& s) {
  std::string out = s.substr(0, kMaxField);
  while (out.size() < s.size() && !out.empty() && (static_cast<unsigned char>(s[out.size()]) & 0xC0) == 0x80) {
    out.pop_back();
  }
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  return out;
}

}  // namespace

Status RecordAudit(Database& state, const AuditEvent& event) {
  if (Status s = state.Exec(kAuditSchema); !s.ok()) return s.WithContext("audit trail");
  auto q = state.Prepare("INSERT INTO audit_trail(at, who, action, detail) VALUES (?,?,?,?)");
  if (!q.ok()) return q.status();
  q->Bind(1, UtcTimestampNow());
  q->Bind(2, OneLine(event.who));
  q->Bind(3, OneLine(event.action));
  q->Bind(4, OneLine(event.detail));
  if (Status s = q->Run(); !s.ok()) return s.WithContext("audit trail");
  return Status::Ok();
}

Result<std::vector<AuditEntry>> ReadAudit(Database& state, int limit) {
  if (Status s = state.Exec(kAuditSchema); !s.ok()) return s.WithContext("audit trail");
  auto q = state.Prepare("SELECT id, at, who, action, detail FROM audit_trail ORDER BY id DESC LIMIT ?");
  if (!q.ok()) return q.status();
  q->Bind(1, static_cast<int64_t>(limit));
  std::vector<AuditEntry> out;
  Status s;
  while (q->Step(&s)) out.push_back({q->Int(0), q->Text(1), {q->Text(2), q->Text(3), q->Text(4)}});
  if (!s.ok()) return s;
  return out;
}

std::string CliActor() {
  const uid_t uid = geteuid();
  struct passwd pw;
  struct passwd* found = nullptr;
  char buffer[1024];
  if (getpwuid_r(uid, &pw, buffer, sizeof buffer, &found) == 0 && found && found->pw_name) {
    return std::string("cli:") + found->pw_name;
  }
  return "cli:uid " + std::to_string(uid);
}

}  // namespace oversight
