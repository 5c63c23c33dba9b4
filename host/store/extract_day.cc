// The newest allocation start or development time, capped by the import day.
#include "store/extract_day.h"

#include <algorithm>

#include "store/snapshot_meta.h"
#include "store/sqlite.h"

namespace oversight {

Result<std::optional<Day>> ExtractDay(const std::string& snapshot_path) {
  auto db = Database::Open(snapshot_path, Database::Mode::kReadOnly);
  if (!db.ok()) return db.status();
  auto imported_at = ReadSnapshotMeta(&*db, "imported_at");
  if (!imported_at.ok()) return imported_at.status();
  std::optional<Day> day = ImportDay(*imported_at);
  auto q = db->Prepare("SELECT max(d) FROM (SELECT max(start_day) AS d FROM allocations UNION ALL SELECT max(day) FROM development_time)");
  if (!q.ok()) return q.status();
  Status s;
  if (q->Step(&s) && !q->IsNull(0)) {
    const Day newest = static_cast<Day>(q->Int(0));
    day = day ? std::min(*day, newest) : newest;
  }
  if (!s.ok()) return s;
  return day;
}

}  // namespace oversight
