// Reading the meta table.
#include "store/snapshot_meta.h"

namespace oversight {

Result<std::string> ReadSnapshotMeta(Database* db, const std::string& key) {
  auto q = db->Prepare("SELECT value FROM meta WHERE key = ?");
  if (!q.ok()) return q.status();
  q->Bind(1, key);
  Status s;
  if (q->Step(&s)) return q->Text(0);
  if (!s.ok()) return s;
  return Status::Error("the snapshot records no " + key);
}

std::optional<Day> ImportDay(const std::string& imported_at) {
  return ParseDate(imported_at.substr(0, 10));
}

}  // namespace oversight
