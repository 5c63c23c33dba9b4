// route(m) of policies.md, walked up the line-management tree.
#include "checks/routing.h"

namespace oversight {

const CoverRow* ActiveCover(const Organisation& org, WorkerKey manager, Day d) {
  const CoverRow* best = nullptr;
  for (const CoverRow& row : org.CoverFor(manager)) {
    if (row.start > d || d > row.end) continue;
    if (!best || row.start > best->start ||
        (row.start == best->start && org.worker(row.cover).id < org.worker(best->cover).id)) {
      best = &row;
    }
  }
  return best;
}

std::optional<WorkerKey> RouteToCover(const Organisation& org, WorkerKey subject, Day d) {
  WorkerKey m = org.worker(subject).line_manager;
  // The line-manager relation is a forest (the import rejects cycles), so this ends.
  while (m != 0) {
    if (org.Employed(m, d) && !org.Absent(m, d)) return m;
    if (const CoverRow* cover = ActiveCover(org, m, d)) {
      WorkerKey c = cover->cover;
      if (c != subject && org.Employed(c, d) && !org.Absent(c, d)) return c;
    }
    m = org.worker(m).line_manager;
  }
  return std::nullopt;
}

}  // namespace oversight
