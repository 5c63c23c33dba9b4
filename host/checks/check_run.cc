// Loading, running and routing.
#include "checks/check_run.h"

#include <sys/stat.h>

#include "checks/routing.h"
#include "store/snapshot_meta.h"

namespace oversight {

bool CheckRun::any_failed() const {
  for (const auto& p : plugins) {
    if (p.state == PluginOutcome::State::kFailed) return true;
  }
  return false;
}

Result<CheckRun> RunChecks(const PolicyRunOptions& options) {
  struct stat st;
  if (stat(options.snapshot_path.c_str(), &st) != 0) {
    return Status::Error("no store at " + options.snapshot_path + " (run `oversight import` first)");
  }
  auto db = Database::Open(options.snapshot_path, Database::Mode::kReadOnly);
  if (!db.ok()) return db.status();
  auto org = Organisation::Load(&*db);
  if (!org.ok()) return org.status().WithContext(options.snapshot_path);
  CheckRun run{std::move(org.value()), std::make_shared<Database>(std::move(db.value())), {}, {}, {}};
  PolicyRunOptions same_snapshot = options;
  auto imported = ReadSnapshotMeta(run.snapshot.get(), "snapshot_id");
  if (imported.ok()) same_snapshot.snapshot_id = *imported;
  run.plugins = RunPlugins(run.org, same_snapshot);
  for (auto& p : run.plugins) {
    for (auto& e : p.exceptions) {
      e.recipient = RouteToCover(run.org, e.worker, options.as_of);
      run.exceptions.push_back(std::move(e));
    }
    p.exceptions.clear();
    for (const auto& m : p.marks) {
      if (m.as == "asye") run.asye.insert(m.worker);
    }
  }
  SortForOutput(run.org, &run.exceptions);
  return run;
}

}  // namespace oversight
