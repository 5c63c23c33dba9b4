// TeamView: what the dashboard shows of one team on a day (its workers' caseloads against
// cap, its exceptions), computed from the snapshot and cached until the snapshot or the
// day changes. Rendering is pages.h's; who may see it is access.h's.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <mutex>
#include <string>
#include <vector>

#include "checks/caseload.h"
#include "checks/check_run.h"

namespace oversight {

struct DashboardData {
  Day day = 0;
  CheckRun run;                  // the organisation and routed exceptions
  std::vector<WorkerLoad> loads;
  CaseloadSettings settings;     // for the planner
  IroCaseloads iro_caseloads;    // the children each IRO reviews
  std::map<std::string, std::string> case_types;  // case id -> type, of the cases key workers hold
  // Held while a request queries run.snapshot (opened without SQLite's own locking).
  std::shared_ptr<std::mutex> snapshot_mu = std::make_shared<std::mutex>();
};

// The shares of cases and workers supervised in time that the charts mark (settings
// dashboard.target_good and dashboard.target_poor): good at or above, poor below.
struct ComplianceTargets {
  double good = 90, poor = 75;
};

class DashboardSource {
 public:
  explicit DashboardSource(PolicyRunOptions options) : options_(std::move(options)) {}
  // The data for `day`, recomputed when the snapshot file or the day has changed.
  Result<std::shared_ptr<const DashboardData>> Get(Day day);
  // Runs `options`' plugins, settings and calendar from now on (a new policy version in
  // force): the cached data goes when they differ.
  void Follow(const PolicyRunOptions& options);

 private:
  PolicyRunOptions options_;
  std::mutex mu_;
  std::shared_ptr<const DashboardData> cached_;
  long long cached_mtime_ = -1;
};

// The team's page: /teams/ID, the id percent-encoded, so that any id (with / or #, say)
// is one path segment; routes decode it back.
std::string TeamPath(const std::string& team_id);
// A worker's page: /workers/ID, encoded as TeamPath does and the dots too, so that the
// download /workers/ID.csv cannot be taken for another worker's page.
std::string WorkerPath(const std::string& worker_id);

std::string CaseloadJson(const DashboardData& d, const Team& t);
std::string CaseloadCsv(const DashboardData& d, const Team& t);

}  // namespace oversight
