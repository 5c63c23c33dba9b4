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

const CodeDeclaration* CheckRun::Declared(const PolicyException& e) const {
  for (const auto& p : plugins) {
    if (p.name != e.policy) continue;
    auto d = p.codes.find(e.code);
    return d == p.codes.end() ? nullptr : &d->second;
  }
  return nullptr;
}

bool CheckRun::Counts(const PolicyException& e, const char* counts) const {
  const CodeDeclaration* d = Declared(e);
  return d && d->counts == counts;
}

bool CheckRun::FigureUnknown(const char* counts) const {
  for (const auto& p : plugins) {
    if (p.state != PluginOutcome::State::kFailed) continue;
    if (p.codes.empty()) return true;
    for (const auto& [code, d] : p.codes) {
      if (d.counts == counts) return true;
    }
  }
  return false;
}

namespace {

// Files what a plugin marked and stated under the run's facts.
void FileFacts(const PluginOutcome& p, CheckRun* run) {
  for (const auto& m : p.marks) {
    if (m.as == kMarkAsye) {
      run->asye.insert(m.worker);
      run->asye_marked_by.emplace(m.worker, p.name);
    } else if (m.as == kMarkWellbeingScope) {
      run->wellbeing_scope.insert(m.worker);
    } else if (m.as == kMarkLimit && m.value) {
      run->limit[m.worker] = *m.value;
    } else if (m.as == kMarkFloor && m.value) {
      run->floor[m.worker] = *m.value;
    }
  }
  for (const auto& [name, value] : p.figures) run->figures[name] = value;
}

}  // namespace

Result<CheckRun> RunChecks(const PolicyRunOptions& options) {
  struct stat st;
  if (stat(options.snapshot_path.c_str(), &st) != 0) {
    return Status::Error("no store at " + options.snapshot_path + " (run `oversight import` first)");
  }
  auto db = Database::Open(options.snapshot_path, Database::Mode::kReadOnly);
  if (!db.ok()) return db.status();
  auto org = Organisation::Load(&*db);
  if (!org.ok()) return org.status().WithContext(options.snapshot_path);
  CheckRun run;
  run.org = std::move(org.value());
  run.snapshot = std::make_shared<Database>(std::move(db.value()));
  PolicyRunOptions same_snapshot = options;
  auto imported = ReadSnapshotMeta(run.snapshot.get(), "snapshot_id");
  if (imported.ok()) same_snapshot.snapshot_id = *imported;
  run.plugins = RunPlugins(run.org, same_snapshot);
  size_t total = 0;
  for (const auto& p : run.plugins) total += p.exceptions.size();
  run.exceptions.reserve(total);
  for (auto& p : run.plugins) {
    for (auto& e : p.exceptions) {
      e.recipient = RouteToCover(run.org, e.worker, options.as_of);
      run.exceptions.push_back(std::move(e));
    }
    p.exceptions = {};  // its memory too
    FileFacts(p, &run);
  }
  SortForOutput(run.org, &run.exceptions);
  return run;
}

}  // namespace oversight
