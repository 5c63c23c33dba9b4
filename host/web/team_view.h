// TeamView: what the dashboard shows of one team on a day (its workers' caseloads against
// cap, its exceptions), computed from the snapshot and cached until the snapshot or the
// day changes. Rendering is pages.h's; who may see it is access.h's.
#pragma once

#include <memory>
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

// Which of a team's exceptions to show: by policy, severity and worker (empty: any).
struct ExceptionFilter {
  std::string policy, severity, worker_id;
  bool Matches(const Organisation& org, const PolicyException& e) const;
  bool any() const { return !policy.empty() || !severity.empty() || !worker_id.empty(); }
};

// The team's page: /teams/ID, the id percent-encoded, so that any id (with / or #, say)
// is one path segment; routes decode it back.
std::string TeamPath(const std::string& team_id);

std::string CaseloadJson(const DashboardData& d, const Team& t);
std::string CaseloadCsv(const DashboardData& d, const Team& t);
std::string ExceptionsCsv(const DashboardData& d, const Team& t, const ExceptionFilter& filter);
std::string ExceptionsJson(const DashboardData& d, const Team& t, const ExceptionFilter& filter);

}  // namespace oversight
