// Walking up the line-management tree from a team's manager, or a worker's.
#include "web/access.h"

namespace oversight {

bool MaySeeTeam(const Organisation& org, const User& user, const Team& team) {
  if (user.role == "admin" || user.role == "hr") return true;
  if (user.role != "manager") return false;
  const WorkerKey top = org.FindWorker(user.worker_id);
  if (!top) return false;
  for (WorkerKey m = team.manager; m; m = org.worker(m).line_manager) {
    if (m == top) return true;
  }
  return false;
}

bool MaySeeWorker(const Organisation& org, const User& user, const Worker& worker) {
  return MaySeeTeam(org, user, org.team(worker.team));
}

bool MaySeeAbsences(const Organisation& org, const User& user, const Worker& worker) {
  if (user.role != "manager") return false;
  const WorkerKey top = org.FindWorker(user.worker_id);
  if (!top) return false;
  for (WorkerKey m = worker.line_manager; m; m = org.worker(m).line_manager) {
    if (m == top) return true;
  }
  return false;
}

bool MaySignIn(const Organisation& org, const User& user, Day today) {
  if (user.role != "manager") return true;
  const WorkerKey w = org.FindWorker(user.worker_id);
  return w && org.Employed(w, today);
}

}  // namespace oversight
