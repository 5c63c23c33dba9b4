// RunChecks: one run of the policy set for a day: load the organisation, run every
// plugin, route each exception to its recipient. The result is what `check`, `weekly`
// and `measures` all start from.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "checks/exception.h"
#include "common/status.h"
#include "policy/plugin_run.h"
#include "store/organisation.h"
#include "store/sqlite.h"

namespace oversight {

struct CheckRun {
  Organisation org;
  // The snapshot the organisation was read from, held open: the host's later queries for
  // this run (measures, caseloads) read the same extract even when an import renames a
  // new one into place meanwhile. (Plugin processes check the snapshot id instead.)
  std::shared_ptr<Database> snapshot;
  std::vector<PluginOutcome> plugins;       // exceptions moved out into `exceptions`
  std::vector<PolicyException> exceptions;  // routed and sorted for output
  std::set<WorkerKey> asye;                 // marked by a plugin as in ASYE scope (ov.mark)
  bool any_failed() const;
};

Result<CheckRun> RunChecks(const PolicyRunOptions& options);

}  // namespace oversight
